import path from 'node:path';

import type { APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';

import { SEED, type SandboxControl } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { ProfilePage } from './pages/profile-page';
import { apiAs, signInWith } from './support/api';

/**
 * "Retry all" on the updates page: the retryable failures of the view are sent again in the
 * background, paced within the console's share of Attestr's limit, while people keep saving.
 * Each test makes its failures as a person of its own, so the view (Who) shows only them.
 */
const PROFILE_COUNT = 8;
/** The console's budget in these tests (ATTESTR_RATE_LIMIT_PER_SEC's default). */
const PER_SECOND = 10;

async function newPerson(role: 'hr' | 'ops'): Promise<{ id: string; api: APIRequestContext }> {
  const admin = await apiAs('admin');
  const email = `retry-all-${role}-${Date.now()}@example.test`;
  const password = 'retry all password 42';
  const created = await admin.post('/api/admin/users', { data: { name: `Retry All ${role}`, email, role, password } });
  expect(created.status(), await created.text()).toBe(201);
  const { user } = (await created.json()) as { user: { id: string } };
  await admin.dispose();
  const { api, response } = await signInWith(email, password);
  expect(response.status()).toBe(200);
  return { id: user.id, api };
}

/**
 * Profiles of the test's own (no other test's updates touch them), each with two saves Attestr
 * fails with a 5001: a new name and a new email. Answers the profiles' ids and the failures' count.
 */
async function makeFailures(
  api: APIRequestContext,
  sandbox: SandboxControl,
): Promise<{ profiles: string[]; failures: number }> {
  const profiles: string[] = [];
  let failures = 0;
  for (let i = 0; i < PROFILE_COUNT; i += 1) {
    const base = { tag: `RA-${Date.now()}-${i}`, name: `Retry Person ${i}`, email: '', mobile: '' };
    const { id } = await sandbox.createProfile({ tag: base.tag, name: base.name });
    profiles.push(id);
    for (const change of [{ name: `${base.name} Retried` }, { email: `${id.toLowerCase()}@company.example` }]) {
      await sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: id, times: 1 });
      const response = await api.put(`/api/profiles/${id}`, { data: { ...base, ...change, base } });
      expect(response.status(), await response.text()).toBeGreaterThanOrEqual(500);
      failures += 1;
    }
  }
  return { profiles, failures };
}

/**
 * A daily limit another spec made Attestr answer holds background work until midnight, as it
 * should; each test here starts on a fresh day's budget (the console's counters, in its SQLite
 * file), with no run left going by an earlier test.
 */
async function freshStart(): Promise<void> {
  const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
  try {
    db.prepare('delete from attestr_budget').run();
  } finally {
    db.close();
  }
  const ops = await apiAs('ops');
  const { run } = (await (await ops.get('/api/updates/retry-runs')).json()) as {
    run: { id: string; state: string } | null;
  };
  if (run && (run.state === 'running' || run.state === 'stopping')) {
    expect((await ops.post(`/api/updates/retry-runs/${run.id}/stop`)).status()).toBe(200);
    await expect
      .poll(
        async () => ((await (await ops.get('/api/updates/retry-runs')).json()) as { run: { state: string } }).run.state,
      )
      .toBe('stopped');
  }
  await ops.dispose();
}

test.describe('Retry all', () => {
  test.use({ role: 'ops' });
  test.beforeEach(freshStart);

  test('sends every retryable failure of the view again within the budget, while a person saves', async ({
    page,
    sandbox,
    browser,
    sessionFor,
  }) => {
    test.setTimeout(120_000);
    const person = await newPerson('hr');
    const { profiles, failures } = await makeFailures(person.api, sandbox);
    await sandbox.configure({ rateLimitPerSecond: { account: PER_SECOND } });
    const before = await sandbox.usage();

    await page.goto(`/updates?outcome=open&who=${person.id}`);
    const panel = page.getByRole('region', { name: 'Retry all' });
    await expect(panel).toContainText(`${failures} open failures in this view may go through if sent again.`);
    await panel.getByRole('button', { name: 'Retry all' }).click();
    await panel.getByRole('button', { name: `Retry ${failures} updates` }).click();
    const progress = panel.getByRole('progressbar', { name: 'Retry all progress' });
    await expect(progress).toHaveAttribute('aria-valuemax', String(failures));

    // An HR colleague saves a profile by hand while the run goes on.
    const colleague = await browser.newContext({ storageState: await sessionFor('hr') });
    const profilePage = new ProfilePage(await colleague.newPage());
    await profilePage.goto(SEED.gitanjali.id);
    await expect(panel).toContainText('Retrying');
    await profilePage.setField('Name', 'Gitanjali Saved During A Run');
    const started = Date.now();
    await profilePage.saveButton.click();
    await expect(profilePage.formStatus).toHaveText('All changes saved');
    expect(Date.now() - started, 'the person did not wait for the run').toBeLessThan(5_000);
    await expect(panel, 'the run was still going after the person saved').toContainText('Retrying');
    await colleague.close();

    await expect(progress).toHaveAttribute('aria-valuenow', String(failures), { timeout: 60_000 });
    await expect(panel).toContainText(`Finished: ${failures} of ${failures} updates done`);
    await expect(panel).toContainText(`${failures} saved`);
    const after = await sandbox.usage();
    expect(after.refused, 'Attestr refused no call for its rate limit').toEqual(before.refused);
    // The test's own reads go straight to Attestr, outside the console's budget.
    await sandbox.configure({ rateLimitPerSecond: { account: null } });
    for (const profileId of profiles) {
      expect(await sandbox.getProfile(profileId)).toMatchObject({
        email: `${profileId.toLowerCase()}@company.example`,
      });
    }

    await page.reload();
    await expect(page.getByRole('region', { name: 'Retry all' })).toContainText(
      'No open failure in this view can be retried.',
    );
    await person.api.dispose();
  });

  test('stops after the update in hand, leaving the rest open', async ({ page, sandbox }) => {
    test.setTimeout(90_000);
    const person = await newPerson('hr');
    const { failures } = await makeFailures(person.api, sandbox);
    await sandbox.configure({ latencyMs: 400 });

    await page.goto(`/updates?outcome=open&who=${person.id}`);
    const panel = page.getByRole('region', { name: 'Retry all' });
    await panel.getByRole('button', { name: 'Retry all' }).click();
    await panel.getByRole('button', { name: `Retry ${failures} updates` }).click();
    await expect(panel).toContainText('Retrying');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel).toContainText(/Stopped: \d+ of 16 updates done/, { timeout: 30_000 });
    const left = Number(/(\d+) to go/.exec((await panel.textContent()) ?? '')?.[1]);
    expect(left).toBeGreaterThan(0);

    await page.reload();
    await expect(page.getByRole('region', { name: 'Retry all' })).toContainText(
      `${left} open failures in this view may go through if sent again.`,
    );
    await person.api.dispose();
  });

  test('is not offered to HR, and its routes refuse HR', async ({ browser, sessionFor }) => {
    const context = await browser.newContext({ storageState: await sessionFor('hr') });
    const page = await context.newPage();
    await page.goto('/updates');
    await expect(page.getByRole('heading', { name: 'Updates', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Retry all' })).toHaveCount(0);
    const hr = await apiAs('hr');
    expect((await hr.post('/api/updates/retry-runs', { data: { filter: {} } })).status()).toBe(403);
    expect((await hr.get('/api/updates/retry-runs')).status()).toBe(403);
    await hr.dispose();
    await context.close();
  });
});

import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { Locator, Page } from '@playwright/test';
import Database from 'better-sqlite3';

import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { waitForHydration } from './pages/hydration';
import { UpdatesPage } from './pages/updates-page';
import { apiAs } from './support/api';

/**
 * The updates list operations work from: open failures first, many resolved at once, a bulk
 * job's failures as one row, the counts kept true without a reload, and cards on a phone.
 * Rows are written straight into the e2e console's SQLite file, each test with tags of its own.
 */
interface Row {
  id: string;
  tag: string;
  outcome?: string;
  code?: string | null;
  job?: string;
  at?: number;
}

function writeRows(rows: Row[], job?: { id: string; fileName: string }) {
  const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
  try {
    const ops = db.prepare('select id from "user" where email = ?').get(E2E.users.ops) as { id: string };
    if (job) {
      db.prepare(
        `insert into bulk_job (id, created_by, created_by_role, file_name, headers, fields, dry_run, state, total,
           created_at, started_at, finished_at)
         values (?, ?, 'admin', ?, '["profileId","name"]', '["name"]', 0, 'finished', ?, ?, ?, ?)`,
      ).run(job.id, ops.id, job.fileName, rows.length, Date.now() - 60_000, Date.now() - 60_000, Date.now() - 1_000);
    }
    const insert = db.prepare(
      `insert into update_attempt (id, request_hash, profile_id, profile_tag, actor_id, actor_role, source,
         changed_fields, requested, base, outcome, error_code, tracing_id, created_at, finished_at, bulk_job_id)
       values (?, 'e2e', ?, ?, ?, 'ops', ?, '["name"]', '{}', '{}', ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      rows.forEach((row, n) => {
        const at = row.at ?? Date.now() - n * 1_000;
        insert.run(
          row.id,
          `LIST-${row.id}`,
          row.tag,
          ops.id,
          row.job ? 'bulk' : 'form',
          row.outcome ?? 'failed',
          row.code === undefined ? '4291' : row.code,
          `trace-${row.id}`,
          at,
          at + 5,
          row.job ?? null,
        );
      });
    })();
  } finally {
    db.close();
  }
}

const run = () => randomBytes(3).toString('hex').toUpperCase();

/** The header's count of open failures, as its link names it. */
function headerCount(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^[\d,]+ open failures?$/ });
}
async function readCount(count: Locator): Promise<number> {
  return Number((await count.textContent())?.replace(/\D/g, ''));
}

/** Marks the page, so that a reload (which would forget the mark) is seen. */
async function markPage(page: Page) {
  await page.evaluate(() => Object.assign(window, { __notReloaded: true }));
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
}

test.describe('where each role lands', () => {
  test.use({ role: 'ops' });

  test('operations land on open failures, in the address; "Any outcome" chosen stays chosen', async ({ page }) => {
    const updates = new UpdatesPage(page);
    await page.goto('/updates');
    await expect(page).toHaveURL(/\/updates\?outcome=open$/);
    await waitForHydration(updates.filter('Outcome'));
    await expect(updates.filter('Outcome')).toHaveValue('open');
    await updates.filter('Outcome').selectOption({ label: 'Any outcome' });
    await expect(page).toHaveURL(/\/updates\?outcome=all$/);
    await page.reload();
    await expect(updates.filter('Outcome')).toHaveValue('all');
    // A link chosen in so many words wins over the landing view.
    await updates.goto('?outcome=succeeded');
    await expect(page).toHaveURL(/\/updates\?outcome=succeeded$/);
  });

  test('HR keeps every update as its starting view', async ({ browser, sessionFor }) => {
    const context = await browser.newContext({ storageState: await sessionFor('hr') });
    const page = await context.newPage();
    const updates = new UpdatesPage(page);
    await updates.goto();
    await expect(page).toHaveURL(/\/updates$/);
    await expect(updates.filter('Outcome')).toHaveValue('all');
    await expect(page.getByRole('button', { name: 'Resolve all' })).toHaveCount(0);
    await context.close();
  });
});

test.describe('acting on many updates', () => {
  test.use({ role: 'ops' });

  test('Resolve all states the count, resolves the filter’s open failures, and every count follows without a reload', async ({
    page,
  }) => {
    const tag = `RALL-${run()}`;
    // Ids as long as the console's own, so each update's page opens.
    const rows: Row[] = Array.from({ length: 37 }, (_, n) => ({ id: `${tag}-update-${n}`, tag: `${tag}-${n}` }));
    // Not open: a save. Outside the filter: a failure with another tag.
    writeRows([...rows, { id: `${tag}-saved`, tag: `${tag}-saved`, outcome: 'succeeded', code: null }]);
    writeRows([{ id: `OTHER-${tag}`, tag: `OTHER-${tag}` }]);
    const updates = new UpdatesPage(page);
    await updates.goto(`?outcome=open&q=${tag}`);
    const count = headerCount(page);
    const before = await readCount(count);
    await expect(page.getByText('37 open failures in this view.')).toBeVisible();
    await markPage(page);

    await page.getByRole('button', { name: 'Resolve all' }).click();
    const confirm = page.getByRole('form', { name: 'Confirm resolving' });
    await expect(confirm.getByText('Resolve 37 open failures?')).toBeVisible();
    // The note is asked for, as for a single resolve.
    await confirm.getByRole('button', { name: 'Resolve 37 open failures' }).click();
    await expect(confirm.getByText('Write a note saying how they were resolved')).toBeVisible();
    await confirm.getByLabel('Note: how they were resolved').fill('Attestr raised our limit; sent by hand');
    await confirm.getByRole('button', { name: 'Resolve 37 open failures' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Resolved' })).toHaveText('Resolved 37 updates.');
    await expect(page.getByText('No updates match these filters.')).toBeVisible();
    await expect(count).toHaveText(new RegExp(`^${(before - 37).toLocaleString('en')} open failures?$`));
    await expect(page.getByTestId('open-failures')).toContainText(`${(before - 37).toLocaleString('en')} open`);
    await expectNotReloaded(page);

    // Recorded as a single resolve is: the note, on the update's own page.
    await page.goto(`/updates/${tag}-update-3`);
    await expect(page.getByText('Attestr raised our limit; sent by hand')).toBeVisible();
    // The failure outside the filter is still open.
    await updates.goto(`?outcome=open&q=OTHER-${tag}`);
    await expect(updates.rows).toHaveCount(1);
  });

  test('Resolve selected resolves the ticked updates only', async ({ page }) => {
    const tag = `RSEL-${run()}`;
    writeRows(['a', 'b', 'c'].map((n) => ({ id: `${tag}-${n}`, tag: `${tag}-${n}`, code: '5001' })));
    const updates = new UpdatesPage(page);
    await updates.goto(`?outcome=open&q=${tag}`);
    await expect(updates.rows).toHaveCount(3);
    const count = headerCount(page);
    const before = await readCount(count);
    await markPage(page);
    await expect(page.getByRole('button', { name: 'Resolve selected' })).toBeDisabled();

    // A tick does not follow the person to another view, where it would be resolved unseen.
    await page.getByRole('checkbox', { name: `Select ${tag}-b: Failed 5001` }).check();
    await expect(page.getByRole('button', { name: 'Resolve selected (1)' })).toBeEnabled();
    await updates.filter('Outcome').selectOption('failed');
    await expect(page).toHaveURL(/outcome=failed/);
    await expect(page.getByRole('checkbox', { name: `Select ${tag}-b: Failed 5001` })).not.toBeChecked();
    await expect(page.getByRole('button', { name: 'Resolve selected' })).toBeDisabled();
    await updates.filter('Outcome').selectOption('open');
    await expect(page).toHaveURL(/outcome=open/);
    await expect(page.getByRole('checkbox', { name: `Select ${tag}-b: Failed 5001` })).not.toBeChecked();

    await page.getByRole('checkbox', { name: `Select ${tag}-a: Failed 5001` }).check();
    await page.getByRole('checkbox', { name: `Select ${tag}-c: Failed 5001` }).check();
    await page.getByRole('button', { name: 'Resolve selected (2)' }).click();
    const confirm = page.getByRole('form', { name: 'Confirm resolving' });
    await expect(confirm.getByText('Resolve 2 selected updates?')).toBeVisible();
    await confirm.getByLabel('Note: how they were resolved').fill('Duplicates of a later save');
    await confirm.getByRole('button', { name: 'Resolve 2 selected updates' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Resolved' })).toHaveText('Resolved 2 updates.');
    await expect(updates.rows).toHaveCount(1);
    await expect(updates.rows.first()).toHaveAttribute('data-attempt-id', `${tag}-b`);
    await expect(count).toHaveText(new RegExp(`^${(before - 2).toLocaleString('en')} open failures?$`));
    await expectNotReloaded(page);
  });

  test('a bulk job’s failed lines are one row, opening to its lines and linking to the job', async ({ page }) => {
    const tag = `BULK-${run()}`;
    const job = { id: `job-${tag}`, fileName: `people-${tag}.csv` };
    const lines = Array.from({ length: 18 }, (_, n) => ({ id: `${tag}-${n}`, tag: `${tag}-${n}`, job: job.id }));
    writeRows(
      [...lines, { id: `${tag}-saved`, tag: `${tag}-saved`, job: job.id, outcome: 'succeeded', code: null }],
      job,
    );
    writeRows([{ id: `${tag}-form`, tag: `${tag}-form`, code: '5001', at: Date.now() - 3_600_000 }]);
    const updates = new UpdatesPage(page);
    await updates.goto(`?outcome=open&q=${tag}`);
    const group = page.locator(`tr[data-bulk-job-id="${job.id}"]`);
    await expect(group).toContainText(`Bulk update ${job.fileName} — 18 failed lines`);
    // One row for the job, one for the form's failure: not 19 rows.
    await expect(updates.rows).toHaveCount(1);
    await expect(page.getByText('19 open failures in this view.')).toBeVisible();
    await expect(group.getByRole('link', { name: 'Open the job' })).toHaveAttribute('href', `/bulk/${job.id}`);

    await group.getByRole('button', { name: 'Show lines' }).click();
    await expect(group.getByRole('button', { name: 'Hide lines' })).toHaveAttribute('aria-expanded', 'true');
    await expect(updates.rows).toHaveCount(19);
    await expect(page.getByRole('checkbox', { name: `Select ${tag}-4: Failed 4291` })).toBeVisible();
    // Under another filter, the job's row counts what that filter shows.
    await updates.goto(`?q=${tag}`);
    await expect(page.locator(`tr[data-bulk-job-id="${job.id}"]`)).toContainText('— 18 failed lines');
    await expect(updates.rows).toHaveCount(2);
  });

  test('Retry all that has finished leaves the list and the counts true without a reload', async ({
    page,
    sandbox,
  }) => {
    const tag = `RFIN-${run()}`;
    const { id } = await sandbox.createProfile({ tag, name: 'Retry Finish' });
    const hr = await apiAs('hr');
    const base = { tag, name: 'Retry Finish', email: '', mobile: '' };
    await sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: id, times: 1 });
    const failed = await hr.put(`/api/profiles/${id}`, { data: { ...base, name: 'Retry Finished', base } });
    expect(failed.status()).toBeGreaterThanOrEqual(500);
    await hr.dispose();

    const updates = new UpdatesPage(page);
    await updates.goto(`?outcome=open&q=${tag}`);
    await expect(updates.rows).toHaveCount(1);
    const count = headerCount(page);
    const before = await readCount(count);
    await markPage(page);
    const panel = page.getByRole('region', { name: 'Retry all' });
    await panel.getByRole('button', { name: 'Retry all' }).click();
    await page.getByRole('button', { name: 'Retry 1 update' }).click();
    await expect(panel.getByText(/Finished: 1 of 1 update done/)).toBeVisible({ timeout: 30_000 });
    await expect(updates.rows).toHaveCount(0);
    await expect(count).toHaveText(new RegExp(`^${(before - 1).toLocaleString('en')} open failures?$`));
    await expectNotReloaded(page);
  });
});

test.describe('on a phone', () => {
  test.use({ role: 'ops', viewport: { width: 390, height: 844 } });

  test('each update is a card with its outcome and code, a bulk job’s failures one card, nothing scrolls sideways', async ({
    page,
  }) => {
    const tag = `PHONE-${run()}`;
    const job = { id: `job-${tag}`, fileName: `a-rather-long-file-name-for-a-phone-${tag}.csv` };
    writeRows([
      { id: `${tag}-1`, tag: `${tag}-one-rather-long-tag-to-wrap-on-a-phone`, code: 'UPSTREAM_UNREACHABLE' },
      { id: `${tag}-2`, tag: `${tag}-2`, outcome: 'unknown', code: 'UPSTREAM_TIMEOUT' },
    ]);
    writeRows(
      [1, 2, 3].map((n) => ({ id: `${tag}-b${n}`, tag: `${tag}-b${n}`, job: job.id, at: Date.now() - 7_200_000 })),
      job,
    );
    await page.goto(`/updates?q=${tag}`);
    const list = page.getByRole('list', { name: 'Updates, newest first' });
    const first = list.locator(`[data-attempt-card="${tag}-1"]`);
    await expect(first).toBeVisible();
    await expect(first).toContainText('Failed');
    await expect(first).toContainText('UPSTREAM_UNREACHABLE');
    await expect(list.locator(`[data-attempt-card="${tag}-2"]`)).toContainText('Not confirmed');
    await expect(list.locator(`[data-bulk-job-card="${job.id}"]`)).toContainText('— 3 failed lines');
    await expect(page.getByRole('table', { name: 'Updates, newest first' })).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await list.getByRole('button', { name: 'Show lines' }).click();
    await expect(list.locator(`[data-attempt-card="${tag}-b2"]`)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test.describe('the failures chart', () => {
  test.use({ role: 'ops' });

  test('gives an error code the same colour in every period, whatever other codes are shown beside it', async ({
    page,
  }) => {
    const tag = `CHART-${run()}`;
    const day = 86_400_000;
    const threeDaysAgo = Date.now() - 3 * day;
    writeRows([
      { id: `${tag}-a`, tag, code: '5001', at: threeDaysAgo },
      { id: `${tag}-b`, tag, code: '40038' },
      { id: `${tag}-c`, tag, code: '4291' },
      { id: `${tag}-d`, tag, code: '5001' },
      // 4291 the commonest here: a colour given by rank would differ from the day 5001 is alone.
      { id: `${tag}-e`, tag, code: '4291' },
      { id: `${tag}-f`, tag, code: '4291' },
    ]);
    /** Each code of the legend and the colour of its swatch. */
    const legend = async () => {
      const codes = page.getByRole('list', { name: 'Error codes' }).getByRole('listitem');
      await expect(codes.first()).toBeVisible();
      return Object.fromEntries(
        await codes.evaluateAll((items) =>
          items.map((item) => [
            (item.textContent ?? '').split(':')[0]?.trim(),
            getComputedStyle(item.querySelector('span') as HTMLElement).backgroundColor,
          ]),
        ),
      ) as Record<string, string>;
    };
    await page.goto(`/updates?outcome=all&q=${tag}`);
    const everyDay = await legend();
    expect(Object.keys(everyDay).sort()).toEqual(['40038', '4291', '5001']);
    expect(new Set(Object.values(everyDay)).size, 'three codes, three colours').toBe(3);

    // The day with 5001 alone: the code keeps its colour though it is now the only one.
    const only = new Date(threeDaysAgo).toISOString().slice(0, 10);
    await page.goto(`/updates?outcome=all&q=${tag}&from=${only}&to=${only}`);
    const oneDay = await legend();
    expect(Object.keys(oneDay)).toEqual(['5001']);
    expect(oneDay['5001']).toBe(everyDay['5001']);
  });
});

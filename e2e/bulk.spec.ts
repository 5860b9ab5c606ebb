import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import type { Page, Response } from '@playwright/test';
import Database from 'better-sqlite3';

import type { BulkJobView } from '../lib/shared/bulk-types';

import { SEED, type SandboxControl } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { BulkJobPage, BulkPage } from './pages/bulk-page';
import { sameOrigin } from './support/api';

/**
 * Bulk updates from a CSV file, as a person does one: the file is checked in the browser
 * (columns matched, lines with a problem shown and downloaded), then sent by the server in the
 * background while the job's page follows it to the end. Each test makes profiles of its own
 * through the sandbox, so no other test's changes touch them.
 */

/** Each test starts on a fresh day's Attestr budget: a daily limit another spec hit holds background work. */
function freshBudget(): void {
  const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
  try {
    db.prepare('delete from attestr_budget').run();
  } finally {
    db.close();
  }
}

async function newProfiles(sandbox: SandboxControl, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { id } = await sandbox.createProfile({ tag: `${prefix}-${Date.now()}-${i}`, name: `${prefix} Person ${i}` });
    ids.push(id);
  }
  return ids;
}

/** Serious or critical WCAG 2.1 AA violations on the page as it is now (axe). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const csv = (lines: string[][]) => `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;

test.describe('Bulk updates', () => {
  test.beforeEach(freshBudget);

  test('a file with other headers gets a column-mapping step, prefilled from the header names', async ({ page }) => {
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.dropFile(
      'staff.csv',
      csv([
        ['Attestr ID', 'Full Name', 'Work Email', 'Department'],
        [SEED.gitanjali.id, 'Gitanjali R', 'gitanjali@company.example', 'Sales'],
      ]),
    );
    await expect(bulk.upload).toContainText('staff.csv — 1 line');
    await expect(bulk.column('Attestr ID')).toHaveValue('profileId');
    await expect(bulk.column('Full Name')).toHaveValue('name');
    await expect(bulk.column('Work Email')).toHaveValue('email');
    await expect(bulk.column('Department')).toHaveValue('');

    // Leaving out the name: the check then sets the email only.
    await bulk.column('Full Name').selectOption({ label: 'Leave out' });
    await bulk.check();
    await expect(bulk.results).toContainText('1 line in the file: 1 line ready to send, 0 lines with a problem.');
    await expect(bulk.sample).toHaveCount(1);
    await expect(bulk.sample.first()).toContainText('Email → gitanjali@company.example');
    await expect(bulk.sample.first()).not.toContainText('Name');
    await expect(bulk.startButton).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test.describe('as a support agent', () => {
    test.use({ role: 'support' });

    test('a file with a name column is refused with the reason before anything is sent', async ({ page }) => {
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/bulk')) {
          posts.push(request.url());
        }
      });
      const bulk = new BulkPage(page);
      await bulk.goto();
      await expect(bulk.upload).toContainText('Your role may change Email and Mobile.');
      await bulk.chooseFile(
        'names.csv',
        csv([
          ['profileId', 'name', 'email'],
          [SEED.gitanjali.id, 'Someone Else', 'someone@company.example'],
        ]),
      );
      await bulk.check();
      await expect(bulk.problems).toContainText('Your role cannot change Name, so the column “name” cannot be used');
      await expect(bulk.problems).toContainText('You may change Email and Mobile.');
      await expect(bulk.startButton).toHaveCount(0);

      // The columns can be matched again: without the name, the file can be used.
      await bulk.column('name').selectOption({ label: 'Leave out' });
      await bulk.check();
      await expect(bulk.problems).toHaveCount(0);
      await expect(bulk.results).toContainText('1 line ready to send');
      await expect(bulk.sample.first()).toContainText('Email → someone@company.example');
      await expect(bulk.startButton).toBeVisible();
      expect(posts, 'nothing was sent to the server').toEqual([]);
    });
  });

  test.describe('as operations', () => {
    test.use({ role: 'ops' });

    test('the jobs are listed but no file can be uploaded', async ({ page }) => {
      await page.goto('/profiles');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bulk updates' }).click();
      const bulk = new BulkPage(page);
      await expect(bulk.heading).toBeVisible();
      await expect(page.getByText('Your role can view them but not start one.')).toBeVisible();
      await expect(page.getByRole('region', { name: 'Bulk jobs' })).toBeVisible();
      await expect(bulk.upload).toHaveCount(0);
      await expect(page.getByLabel('CSV file')).toHaveCount(0);

      const missing = await page.goto('/bulk/no-such-job');
      expect(missing?.status()).toBe(404);
    });
  });

  test('invalid lines are shown with their reasons, downloaded with an error column, and once fixed accepted', async ({
    page,
    sandbox,
  }) => {
    const [first, second, third] = await newProfiles(sandbox, 3, 'BI');
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'contacts.csv',
      csv([
        ['profileId', 'email', 'mobile'],
        [first!, 'first@company.example', ''],
        [second!, 'not an email', ''],
        ['not/an/id', 'x@company.example', ''],
        [third!, '', '12345'],
      ]),
    );
    // The console's own headers: no mapping step.
    await expect(bulk.upload.getByRole('group', { name: 'Match the columns' })).toHaveCount(0);
    await bulk.check();
    await expect(bulk.results).toContainText('4 lines in the file: 1 line ready to send, 3 lines with a problem.');
    await expect(bulk.invalidLines).toHaveCount(3);
    await expect(bulk.invalidLines.nth(0)).toHaveAttribute('data-line', '3');
    await expect(bulk.invalidLines.nth(0)).toContainText('Email:');
    await expect(bulk.invalidLines.nth(1)).toHaveAttribute('data-line', '4');
    await expect(bulk.invalidLines.nth(1)).toContainText('The profile ID is not one');
    await expect(bulk.invalidLines.nth(2)).toHaveAttribute('data-line', '5');
    await expect(bulk.invalidLines.nth(2)).toContainText('Mobile:');

    const download = await bulk.downloadInvalidRows();
    expect(download.name).toBe('contacts-invalid-rows.csv');
    const lines = download.text.trim().split('\r\n');
    expect(lines[0]).toBe('profileId,email,mobile,error');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^${second},not an email,,.*Email`));

    // Fixed (the bad id's line dropped, the others corrected), the same file goes in again.
    const fixed = [lines[0]!, `${second},second@company.example,,`, `${third},,+919876543210,`].join('\r\n');
    await bulk.chooseFile('contacts-invalid-rows.csv', `${fixed}\r\n`);
    await bulk.check();
    await expect(bulk.results).toContainText('2 lines in the file: 2 lines ready to send, 0 lines with a problem.');
    await expect(bulk.invalidLines).toHaveCount(0);
    await expect(bulk.startButton).toBeVisible();
  });

  test('a whole bulk update is followed to the end, and the profiles hold the new values', async ({
    page,
    sandbox,
  }) => {
    test.setTimeout(90_000);
    const ids = await newProfiles(sandbox, 4, 'BW');
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'whole.csv',
      csv([
        ['Ref code', 'profileId', 'email'],
        ...ids.map((id, i) => [`BW-NEW-${i}`, id, `bw${i}@company.example`]),
        [SEED.archived.id, SEED.archived.id, 'archived@company.example'],
      ]),
    );
    // No name the console knows: chosen by hand, and remembered for the next file.
    await expect(bulk.column('Ref code')).toHaveValue('');
    await bulk.column('Ref code').selectOption({ label: 'Tag' });
    await bulk.check();
    await expect(bulk.results).toContainText('5 lines ready to send');
    await expect(bulk.upload).toContainText('you may close this tab');
    const jobId = await bulk.start();

    const job = new BulkJobPage(page);
    await expect(job.progress).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });
    await expect(job.state).toHaveText('Finished');
    await expect(job.count('Done')).toHaveText('4');
    await expect(job.count('Failed')).toHaveText('1');
    await expect(job.count('Remaining')).toHaveText('0');
    await expect(job.count('Cancelled')).toHaveText('0');
    for (const [i, id] of ids.entries()) {
      const profile = await sandbox.getProfile(id);
      expect(profile).toMatchObject({ tag: `BW-NEW-${i}`, email: `bw${i}@company.example`, name: `BW Person ${i}` });
    }

    await job.filter('Failed').click();
    await expect(job.lines).toHaveCount(1);
    await expect(job.lines.first()).toContainText(SEED.archived.id);
    // Why, in plain words, then Attestr's own words and code, to quote without opening anything.
    await expect(job.lineOutcome(job.lines.first())).toHaveText('This profile is archived at Attestr.');
    await expect(job.attestrSaid(job.lines.first())).toBeVisible();
    await expect(job.attestrSaid(job.lines.first())).toHaveText(
      'Attestr said: “Profile is archived already, operation not allowed” (40038)',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await job.filter('Done').click();
    await expect(job.lines).toHaveCount(4);
    await expect(job.lines.first().getByRole('link', { name: 'See the update' })).toBeVisible();
    const failed = await job.downloadFailedRows();
    expect(failed.text.split(/\r?\n/)[0]).toBe('Ref code,profileId,email,error');
    expect(failed.text).toContain(SEED.archived.id);

    // The list shows the job; the next file with the same headers is matched the same way.
    await bulk.goto();
    await expect(bulk.jobs.filter({ hasText: 'whole.csv' }).first()).toContainText('Finished');
    await expect(page.getByRole('link', { name: 'whole.csv' }).first()).toHaveAttribute(
      'href',
      `/bulk/${encodeURIComponent(jobId)}`,
    );
    await bulk.chooseFile(
      'next.csv',
      csv([
        ['Ref code', 'profileId', 'email'],
        ['BW-NEXT', ids[0]!, ''],
      ]),
    );
    await expect(bulk.column('Ref code')).toHaveValue('tag');
  });

  test('a running update can be paused, resumed and cancelled; lines already sent stay sent', async ({
    page,
    sandbox,
  }) => {
    test.setTimeout(90_000);
    const ids = await newProfiles(sandbox, 40, 'BP');
    // Each call to Attestr is slow, so the job is still going while the buttons are pressed.
    await sandbox.configure({ latencyMs: 400 });
    const sent = async () =>
      (await Promise.all(ids.map(async (id) => (await sandbox.getProfile(id)).email))).filter((email) =>
        email?.endsWith('@company.example'),
      ).length;
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'slow.csv',
      csv([['profileId', 'email'], ...ids.map((id, i) => [id, `bp${i}@company.example`])]),
    );
    await bulk.check();
    await bulk.start();

    const job = new BulkJobPage(page);
    await expect(job.state).toHaveText('Sending', { timeout: 20_000 });
    await job.button('Pause').click();
    await expect(job.state).toHaveText('Paused');
    await expect(job.button('Resume')).toBeVisible();
    await expect(job.button('Pause')).toHaveCount(0);
    // The lines already being sent when Pause was pressed settle; then nothing more is sent.
    const jobId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const view = async (id: string) => {
      const response = await page.request.get(`/api/bulk/jobs/${encodeURIComponent(id)}`);
      expect(response.status(), await response.text()).toBe(200);
      return ((await response.json()) as { job: BulkJobView }).job;
    };
    await expect.poll(async () => (await view(jobId)).counts.byState.sending, { timeout: 20_000 }).toBe(0);
    const sentWhenPaused = await sent();
    // Proof that the runner had its chance: a second update started now is sent to the end.
    const [witness] = await newProfiles(sandbox, 1, 'BW');
    const started = await page.request.post('/api/bulk/jobs', {
      headers: sameOrigin(),
      data: {
        fileName: 'witness.csv',
        csv: csv([
          ['profileId', 'name'],
          [witness ?? '', 'Witness Person'],
        ]),
        mapping: { profileId: 'profileId', name: 'name' },
        dryRun: false,
      },
    });
    expect(started.status(), await started.text()).toBe(201);
    const witnessJob = ((await started.json()) as { job: BulkJobView }).job;
    await expect
      .poll(async () => (await view(witnessJob.id)).state, { timeout: 30_000, message: 'the second update ended' })
      .toBe('finished');
    expect((await sandbox.getProfile(witness ?? '')).name).toBe('Witness Person');
    expect(await sent(), 'nothing is sent while paused').toBe(sentWhenPaused);
    expect(sentWhenPaused).toBeLessThan(ids.length);
    await expect(job.state).toHaveText('Paused');

    await job.button('Resume').click();
    await expect(job.state).toHaveText('Sending');
    await job.button('Cancel').click();
    const confirm = page.getByRole('group', { name: 'Confirm cancel' });
    await expect(confirm).toContainText('Lines already sent stay sent');
    await confirm.getByRole('button', { name: 'Cancel the update' }).click();
    await expect(job.state).toHaveText('Cancelled');
    await expect(job.progress).toHaveAttribute('aria-valuenow', '100');
    const done = Number(await job.count('Done').textContent());
    const cancelled = Number(await job.count('Cancelled').textContent());
    expect(cancelled).toBeGreaterThan(0);
    expect(done + cancelled).toBe(ids.length);
    await expect(job.count('Remaining')).toHaveText('0');
    await expect(job.button('Cancel')).toHaveCount(0);

    // The profiles sent hold the new email; the cancelled ones were never touched.
    expect(await sent()).toBe(done);
  });

  test('Retry failed rows sends again the lines Attestr could not save, as a new job', async ({ page, sandbox }) => {
    test.setTimeout(60_000);
    const [ok, flaky] = await newProfiles(sandbox, 2, 'BR');
    // Attestr fails one profile's update on every try the runner makes by itself (a passing fault).
    await sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: flaky!, times: 3 });
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'retry.csv',
      csv([
        ['profileId', 'email'],
        [ok!, 'ok@company.example'],
        [flaky!, 'flaky@company.example'],
      ]),
    );
    await bulk.check();
    const firstJob = await bulk.start();

    const job = new BulkJobPage(page);
    await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
    await expect(job.count('Done')).toHaveText('1');
    await expect(job.count('Failed')).toHaveText('1');
    await job.filter('Failed').click();
    await expect(job.lines).toHaveCount(1);
    await expect(job.lines.first()).toContainText(flaky!);
    await expect(job.lines.first()).toContainText('Failed');
    await expect(job.lineOutcome(job.lines.first())).toHaveText(
      'Not saved after 3 tries: Attestr had a problem on its side and could not complete the request.',
    );
    await expect(job.attestrSaid(job.lines.first())).toHaveText(
      'Attestr said: “Request could not be processed” (5001)',
    );

    await job.button('Retry failed rows').click();
    await page.waitForURL((url) => url.pathname.startsWith('/bulk/') && !url.pathname.endsWith(firstJob));
    await expect(page.getByRole('link', { name: 'Sends again the failed lines of an earlier job' })).toHaveAttribute(
      'href',
      `/bulk/${encodeURIComponent(firstJob)}`,
    );
    await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
    await expect(job.count('Done')).toHaveText('1');
    await expect(job.count('Failed')).toHaveText('0');
    expect((await sandbox.getProfile(flaky!)).email).toBe('flaky@company.example');
  });

  test('a dry run shows each line’s change before anything is sent, then Start update sends it', async ({
    page,
    sandbox,
  }) => {
    test.setTimeout(60_000);
    const [id] = await newProfiles(sandbox, 1, 'BD');
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'dry.csv',
      csv([
        ['profileId', 'name'],
        [id!, 'Dry Run Renamed'],
        [SEED.archived.id, 'Archived Renamed'],
        ['NoSuchProfile0000001', 'Nobody Renamed'],
      ]),
    );
    await bulk.check();
    await bulk.dryRun.check();
    await bulk.start();

    const job = new BulkJobPage(page);
    await expect(job.state).toHaveText('Dry run done: waiting for Start update', { timeout: 30_000 });
    const line = job.lines.filter({ hasText: id! });
    await expect(line).toContainText(/Name:\s*BD Person 0\s*→\s*Dry Run Renamed/);
    await expect(job.lines.filter({ hasText: SEED.archived.id })).toContainText('Archived');
    // Read as archived: the console's own words, and no "Attestr said" made up for them.
    await expect(job.attestrSaid(job.lines.filter({ hasText: SEED.archived.id }))).toHaveCount(0);
    // Refused by Attestr: its words and code, after the plain sentence.
    const missing = job.lines.filter({ hasText: 'NoSuchProfile0000001' });
    await expect(missing).toContainText('Not found at Attestr');
    await expect(job.lineOutcome(missing)).toHaveText(
      'Attestr has no profile with this ID that this account can open.',
    );
    await expect(job.attestrSaid(missing)).toHaveText(
      'Attestr said: “Invalid profile Id or you do not have access to this record” (40018)',
    );
    expect((await sandbox.getProfile(id!)).name, 'nothing sent by the dry run').toBe('BD Person 0');
    expect(await seriousViolations(page)).toEqual([]);

    await job.button('Start update').click();
    await expect(job.job.getByTestId('start-confirmation')).toContainText('Attestr call');
    await job.job.getByTestId('start-confirmation').getByRole('button', { name: 'Start update' }).click();
    await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
    expect((await sandbox.getProfile(id!)).name).toBe('Dry Run Renamed');
  });

  test('a 100,000-line file, dropped on the page, is read and checked line by line', async ({ page }) => {
    // How long it takes, and how long the page's own thread is ever busy meanwhile, is measured
    // by `npm run bench:bulk-parse`; here, that every line of a file that large is checked.
    test.setTimeout(120_000);
    const bulk = new BulkPage(page);
    await bulk.goto();
    await page.evaluate(() => {
      const lines = Array.from({ length: 100_000 }, (_, i) => `BIG${String(i).padStart(8, '0')},p${i}@company.example`);
      lines[41_999] = 'BIG-bad,not an email';
      const file = new File([`profileId,email\r\n${lines.join('\r\n')}\r\n`], 'big.csv', { type: 'text/csv' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      for (const type of ['dragover', 'drop']) {
        document
          .querySelector('main')
          ?.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    });
    await expect(bulk.upload).toContainText('big.csv — 100,000 lines', { timeout: 30_000 });
    await bulk.checkButton.click();
    await expect(bulk.results).toContainText(
      '100,000 lines in the file: 99,999 lines ready to send, 1 line with a problem.',
      { timeout: 90_000 },
    );
    await expect(bulk.invalidLines).toHaveCount(1);
    await expect(bulk.invalidLines.first()).toContainText('42001');
    await expect(bulk.sample).toHaveCount(10);
  });

  test('once the retention period has passed, the job page says its file’s values were deleted', async ({
    page,
    sandbox,
  }) => {
    const [id] = await newProfiles(sandbox, 1, 'BK');
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.chooseFile(
      'kept.csv',
      csv([
        ['profileId', 'email'],
        [id!, 'kept@company.example'],
      ]),
    );
    await bulk.check();
    const jobId = await bulk.start();
    const job = new BulkJobPage(page);
    await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
    await expect(job.lines.first()).toContainText('kept@company.example');

    // What the console's retention clean-up does to an ended job, done now rather than in 30 days.
    const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
    try {
      db.prepare('update bulk_row set cells = null, set_values = null, preview_current = null where job_id = ?').run(
        jobId,
      );
      db.prepare('update bulk_job set purged_at = ? where id = ?').run(Date.now(), jobId);
    } finally {
      db.close();
    }
    await job.goto(jobId);
    await expect(page.getByText('The file’s values were deleted after the retention period.')).toBeVisible();
    await expect(job.count('Done')).toHaveText('1');
    await expect(job.lines).toHaveCount(1);
    await expect(job.lines.first()).toContainText('Saved');
    await expect(job.lines.first()).not.toContainText('kept@company.example');
  });

  test('the bulk pages’ code loads with them only, not with a profile', async ({ page }) => {
    const scriptsOf = async (path: string) => {
      const scripts: Promise<string>[] = [];
      const listen = (response: Response) => {
        if (response.request().resourceType() === 'script') scripts.push(response.text());
      };
      page.on('response', listen);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      page.off('response', listen);
      return (await Promise.all(scripts)).join('\n');
    };
    // Words only the bulk page's own components hold.
    const bulkCode = ['Dry run first: read each profile', 'Download invalid rows'];
    const onBulk = await scriptsOf('/bulk');
    for (const words of bulkCode) expect(onBulk, `/bulk loads "${words}"`).toContain(words);
    const onProfile = await scriptsOf(`/profiles/${SEED.gitanjali.id}`);
    for (const words of bulkCode) expect(onProfile, `a profile page loads "${words}"`).not.toContain(words);
  });
});

import path from 'node:path';

import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';

import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { BulkJobPage, BulkPage } from './pages/bulk-page';

/**
 * Bulk updates that cannot run away, as an HR person meets them: starting asks to confirm what
 * it will use of Attestr, a long file is read in a dry run first unless they say otherwise, a
 * file of IDs Attestr does not know pauses itself with the reason, and the progress reads as
 * what happened. On a desktop and on a phone.
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

const csv = (lines: string[][]) => `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
/** Profile IDs Attestr does not know, different in each test. */
const unknownIds = (count: number) => {
  const run = Date.now().toString(36);
  return Array.from({ length: count }, (_, at) => `Unknown${run}x${String(at + 1).padStart(3, '0')}`);
};
const namesFile = (ids: string[]) => csv([['profileId', 'name'], ...ids.map((id, at) => [id, `Safety Name ${at}`])]);

/** Nothing runs off the side of the page. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

test.use({ role: 'hr' });

for (const viewport of VIEWPORTS) {
  test.describe(`Bulk updates that cannot run away, on a ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    test.beforeEach(freshBudget);

    test('Start asks to confirm the lines, Attestr calls, time and share of today’s allowance', async ({ page }) => {
      const bulk = new BulkPage(page);
      await bulk.goto();
      await bulk.chooseFile('three.csv', namesFile(unknownIds(3)));
      await bulk.check();
      await expect(bulk.dryRun).not.toBeChecked();
      await expect(bulk.startButton).toHaveText('Start update');
      await bulk.startButton.click();
      const items = bulk.confirmation.getByRole('listitem');
      await expect(items).toHaveText([
        '3 lines to send.',
        'About 9 Attestr calls (a read, an update and a read back per line).',
        /^About \d+ seconds? at the console’s rate/,
        /^Less than 1% of today’s allowance for background work: [\d,]+ of [\d,]+ calls are left today\.$/,
      ]);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/confirm-update-${viewport.name}.png`, fullPage: true });
      await bulk.confirmation.getByRole('button', { name: 'Not now' }).click();
      await expect(bulk.confirmation).toBeHidden();

      // With the dry run ticked, the button says so and the confirmation counts reads.
      await bulk.dryRun.check();
      await expect(bulk.startButton).toHaveText('Start dry run');
      await bulk.startButton.click();
      await expect(items.first()).toHaveText('3 profiles to read; nothing is changed.');
      await expect(items.nth(1)).toHaveText('About 3 Attestr calls (a read per line).');
      await bulk.confirmation.getByRole('button', { name: 'Start dry run' }).click();
      await page.waitForURL(/\/bulk\/[^/]+$/);

      const job = new BulkJobPage(page);
      await expect(job.state).toHaveText('Dry run done: waiting for Start update', { timeout: 30_000 });
      await expect(job.headline).toHaveText('3 of 3 read (100%)');
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/dry-run-read-${viewport.name}.png`, fullPage: true });
    });

    test('a file over 1,000 lines has its dry run ticked, and the button reads Start dry run', async ({ page }) => {
      const bulk = new BulkPage(page);
      await bulk.goto();
      await bulk.chooseFile('long.csv', namesFile(unknownIds(1_001)));
      await bulk.check();
      await expect(bulk.results).toContainText('1,001 lines ready to send');
      await expect(bulk.dryRun).toBeChecked();
      await expect(bulk.startButton).toHaveText('Start dry run');
      await bulk.startButton.click();
      await expect(bulk.confirmation.getByRole('listitem').first()).toHaveText(
        '1,001 profiles to read; nothing is changed.',
      );
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/long-file-${viewport.name}.png`, fullPage: true });
      // The person's own choice stands.
      await bulk.confirmation.getByRole('button', { name: 'Not now' }).click();
      await bulk.dryRun.uncheck();
      await expect(bulk.startButton).toHaveText('Start update');
    });

    test('a file of 25 unknown IDs pauses at 20 with the reason, and Resume goes on to the end', async ({ page }) => {
      test.setTimeout(60_000);
      const bulk = new BulkPage(page);
      await bulk.goto();
      // And one line the file itself gets wrong: never sent, never counted towards the pause.
      await bulk.chooseFile('unknown.csv', namesFile([...unknownIds(25), 'not an id!']));
      await bulk.check();
      await bulk.start();

      const job = new BulkJobPage(page);
      await expect(job.state).toHaveText('Paused', { timeout: 30_000 });
      await expect(job.message).toHaveText(
        /^Paused: the first 20 lines failed with “Attestr has no profile with this ID that this account can open” \(e\.g\. line \d+, profile Unknown\w+\)\. Check the file’s profile ID column, then Resume or Cancel\.$/,
      );
      const failed = Number(await job.count('Failed').textContent());
      expect(failed).toBeGreaterThanOrEqual(21);
      expect(failed).toBeLessThan(26);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/runaway-paused-${viewport.name}.png`, fullPage: true });

      await job.button('Resume').click();
      await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
      await expect(job.headline).toHaveText('25 of 25 done (100%)');
      await expect(job.count('Failed')).toHaveText('26');
      // Nothing can come of sending them again: no Retry failed rows.
      await expect(job.button('Retry failed rows')).toHaveCount(0);
      await expect(job.lineOutcome(job.lines.first())).toHaveText(
        'Attestr has no profile with this ID that this account can open.',
      );
      // The invalid line says what is wrong in words, with no internal code beside them.
      const invalid = job.lines.filter({ hasText: 'Not valid in the file' });
      await expect(invalid).toHaveCount(1);
      await expect(invalid).not.toContainText('INVALID_LINE');
    });

    test('Retry failed rows leaves out the lines whose profiles are unknown, and the new job says so', async ({
      page,
      sandbox,
    }) => {
      test.setTimeout(60_000);
      const { id } = await sandbox.createProfile({ tag: `BS-${Date.now()}`, name: 'BS Person' });
      // Attestr fails this profile's update three times over (a passing fault): worth sending
      // again later, unlike an unknown ID.
      await sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: id, times: 3 });
      const bulk = new BulkPage(page);
      await bulk.goto();
      await bulk.chooseFile('retry.csv', namesFile([id, ...unknownIds(2)]));
      await bulk.check();
      const firstJob = await bulk.start();

      const job = new BulkJobPage(page);
      await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
      await expect(job.count('Failed')).toHaveText('3');
      await job.button('Retry failed rows').click();
      await page.waitForURL((url) => url.pathname.startsWith('/bulk/') && !url.pathname.endsWith(firstJob));
      await expect(page.getByTestId('bulk-left-out')).toHaveText(
        '2 lines were left out: Attestr refused them for good (an archived or unknown profile, for example), so sending them again cannot help.',
      );
      await expect(job.state).toHaveText('Finished', { timeout: 30_000 });
      await expect(job.headline).toHaveText('1 of 1 done (100%)');
      await expect(job.count('Done')).toHaveText('1');
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/retry-left-out-${viewport.name}.png`, fullPage: true });
    });

    test('a cancelled job reads as the lines sent and the lines cancelled', async ({ page }) => {
      test.setTimeout(60_000);
      const bulk = new BulkPage(page);
      await bulk.goto();
      await bulk.chooseFile('cancel.csv', namesFile(unknownIds(30)));
      await bulk.check();
      await bulk.start();

      const job = new BulkJobPage(page);
      await expect(job.state).toHaveText('Paused', { timeout: 30_000 });
      await job.button('Cancel').click();
      await job.job.getByRole('button', { name: 'Cancel the update' }).click();
      await expect(job.state).toHaveText('Cancelled');
      await expect(job.headline).toHaveText(/^2\d sent, \d+ cancelled$/);
      const [sent, cancelled] = ((await job.headline.textContent()) ?? '').match(/\d+/g)!.map(Number);
      expect(sent! + cancelled!).toBe(30);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/work/shots/feature-bulk/cancelled-${viewport.name}.png`, fullPage: true });
    });
  });
}

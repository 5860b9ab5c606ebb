import { readFile } from 'node:fs/promises';

import { expect, type Download, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';

/** `/bulk`: a new bulk update from a CSV file (choose, match the columns, check, start) and the jobs so far. */
export class BulkPage {
  readonly heading: Locator;
  readonly upload: Locator;
  readonly fileInput: Locator;
  readonly checkButton: Locator;
  readonly results: Locator;
  readonly problems: Locator;
  readonly invalidLines: Locator;
  readonly sample: Locator;
  readonly dryRun: Locator;
  readonly startButton: Locator;
  /** What pressing Start asks to confirm: the lines, Attestr calls, time and share of today's allowance. */
  readonly confirmation: Locator;
  readonly jobs: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Bulk updates' });
    this.upload = page.getByRole('region', { name: 'New bulk update' });
    this.fileInput = this.upload.getByLabel('CSV file');
    this.checkButton = this.upload.getByRole('button', { name: 'Check file' });
    this.results = this.upload.getByTestId('check-results');
    this.problems = this.results.getByRole('alert');
    this.invalidLines = this.upload.getByRole('region', { name: 'Lines with a problem' }).locator('tbody tr');
    this.sample = this.upload.getByRole('region', { name: 'Sample of the changes' }).getByRole('listitem');
    this.dryRun = this.upload.getByLabel('Dry run first', { exact: false });
    this.startButton = this.upload.getByRole('button', { name: /^Start (update|dry run)$/ });
    this.confirmation = this.upload.getByTestId('start-confirmation');
    this.jobs = page.getByRole('region', { name: 'Bulk jobs' }).getByRole('listitem');
  }

  async goto(): Promise<void> {
    await this.page.goto('/bulk');
    await expect(this.heading).toBeVisible();
    await waitForHydration(this.fileInput);
  }

  async chooseFile(name: string, csv: string): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  }

  /** Drops a file on the page, as a person dragging it from their desktop does. */
  async dropFile(name: string, csv: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, csv }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([csv], name, { type: 'text/csv' }));
        return transfer;
      },
      { name, csv },
    );
    await this.page.locator('main').dispatchEvent('dragover', { dataTransfer });
    await this.page.locator('main').dispatchEvent('drop', { dataTransfer });
  }

  /** The select of the mapping step for one of the file's headers. */
  column(header: string): Locator {
    return this.upload.getByRole('group', { name: 'Match the columns' }).getByLabel(header, { exact: true });
  }

  async check(): Promise<void> {
    await this.checkButton.click();
    await expect(this.results).toBeVisible();
  }

  /** Downloads the invalid lines and answers the file's text. */
  async downloadInvalidRows(): Promise<{ name: string; text: string }> {
    return downloaded(this.page, () => this.upload.getByRole('button', { name: 'Download invalid rows' }).click());
  }

  /** Starts the update and answers the new job's id, from the job page it goes to. */
  async start(): Promise<string> {
    await this.startButton.click();
    await expect(this.confirmation.getByRole('listitem').first()).toBeVisible();
    await this.confirmation.getByRole('button', { name: /^Start (update|dry run)$/ }).click();
    await this.page.waitForURL(/\/bulk\/[^/]+$/);
    return decodeURIComponent(new URL(this.page.url()).pathname.split('/').at(-1) ?? '');
  }
}

/** `/bulk/[jobId]`: a job's progress, its buttons and its lines. */
export class BulkJobPage {
  readonly progress: Locator;
  readonly state: Locator;
  readonly job: Locator;
  readonly lines: Locator;
  /** The headline of the progress: "12 of 30 done", "30 of 30 read", "12 sent, 18 cancelled". */
  readonly headline: Locator;
  /** Why the job waits or paused, in plain words. */
  readonly message: Locator;

  constructor(readonly page: Page) {
    this.job = page.getByRole('region', { name: 'Job' });
    this.headline = this.job.getByTestId('bulk-progress');
    this.message = this.job.getByRole('status');
    this.progress = this.job.getByRole('progressbar', { name: 'Progress' });
    this.state = page.getByTestId('bulk-job-state');
    this.lines = page.getByRole('region', { name: 'Lines' }).getByTestId('bulk-lines').locator(':scope > li');
  }

  async goto(jobId: string): Promise<void> {
    await this.page.goto(`/bulk/${encodeURIComponent(jobId)}`);
    await waitForHydration(this.filter('All'));
  }

  /** One of the counts: Done, Failed, Remaining, Cancelled. */
  count(label: 'Done' | 'Failed' | 'Skipped' | 'Remaining' | 'Cancelled'): Locator {
    return this.job.locator(`dt:text-is("${label}") + dd`);
  }

  button(name: 'Pause' | 'Resume' | 'Cancel' | 'Start update' | 'Retry failed rows'): Locator {
    return this.job.getByRole('button', { name, exact: true });
  }

  /** A line's outcome in plain words: the console's sentence for it. */
  lineOutcome(line: Locator): Locator {
    return line.getByTestId('line-outcome');
  }

  /** Attestr's own words and code for a line Attestr refused, shown without opening anything. */
  attestrSaid(line: Locator): Locator {
    return line.getByTestId('attestr-said');
  }

  filter(group: 'All' | 'Done' | 'Failed' | 'Skipped' | 'Remaining' | 'Cancelled'): Locator {
    return this.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: group, exact: true });
  }

  async downloadFailedRows(): Promise<{ name: string; text: string }> {
    return downloaded(this.page, () => this.job.getByRole('link', { name: 'Download failed rows' }).click());
  }
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await textOf(download) };
}

async function textOf(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

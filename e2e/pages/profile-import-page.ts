import { expect, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';

/** `/profiles/import` and an import's page: choose a file of profile IDs, start, follow it. */
export class ProfileImportPage {
  readonly heading: Locator;
  readonly upload: Locator;
  readonly fileInput: Locator;
  readonly check: Locator;
  readonly invalidLines: Locator;
  readonly startButton: Locator;
  readonly read: Locator;
  readonly unknownIds: Locator;
  readonly finished: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.upload = page.getByRole('region', { name: 'New import' });
    this.fileInput = this.upload.getByLabel('CSV file');
    this.check = page.getByTestId('import-check');
    this.invalidLines = page.getByRole('region', { name: 'IDs that cannot be read' }).getByRole('row');
    this.startButton = this.upload.getByRole('button', { name: 'Start import' });
    this.read = page.getByTestId('import-read');
    this.unknownIds = page.getByTestId('unknown-id');
    this.finished = page.getByRole('status').filter({ hasText: 'Finished' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/profiles/import');
    await expect(this.heading).toHaveText('Import profile IDs');
    await waitForHydration(this.fileInput);
  }

  async chooseFile(name: string, csv: string): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  }

  /** One of the counts under the progress bar ("Found", "Not at Attestr", …). */
  count(label: string): Locator {
    return this.page.getByRole('term').filter({ hasText: label }).locator('xpath=following-sibling::dd[1]');
  }
}

import { expect, type Locator } from '@playwright/test';

import type { ProfileFieldLabel } from './profile-page';

/** The profile page's results panel: the outcome of the last save. */
export class ResultPanel {
  readonly savedBadge: Locator;
  readonly changes: Locator;
  readonly errorMessage: Locator;
  readonly advice: Locator;
  readonly tracingId: Locator;
  readonly copyTracingIdButton: Locator;

  constructor(readonly region: Locator) {
    this.savedBadge = region.getByText('Saved', { exact: true });
    this.changes = region.getByRole('table', { name: 'Changed fields' });
    this.errorMessage = region.getByTestId('error-message');
    this.advice = region.locator('p', { hasText: 'What to do:' });
    this.tracingId = region.locator('xpath=.//*[normalize-space()="Tracing ID"]/following-sibling::code');
    this.copyTracingIdButton = region.getByRole('button', { name: 'Copy tracing ID' });
  }

  /** The value beside a term of the error's details (Attestr code, HTTP status, Details). */
  detail(term: string): Locator {
    return this.region.locator(`xpath=.//dt[normalize-space()="${term}"]/following-sibling::dd[1]`);
  }

  /** The Before and After cells of one changed field. */
  change(field: ProfileFieldLabel): Locator {
    return this.changes.getByRole('row', { name: new RegExp(`^${field}\\b`) }).getByRole('cell');
  }

  async expectSaved(): Promise<void> {
    await expect(this.savedBadge).toBeVisible();
    await expect(this.tracingId).toHaveText(/^[A-Za-z0-9_-]{8,}$/);
  }

  /** Asserts every part of an error as a person reads it. */
  async expectError(error: {
    heading: string;
    message: string | RegExp;
    code: string | number;
    httpStatus: number;
    advice: string | RegExp;
    source?: 'Attestr' | 'Console';
  }): Promise<void> {
    await expect(this.region.getByText(error.heading, { exact: true })).toBeVisible();
    await expect(this.errorMessage).toHaveText(error.message);
    await expect(this.detail(`${error.source ?? 'Attestr'} code`)).toHaveText(String(error.code));
    await expect(this.detail('HTTP status')).toHaveText(String(error.httpStatus));
    await expect(this.advice).toContainText(error.advice);
    await expect(this.savedBadge).toHaveCount(0);
  }
}

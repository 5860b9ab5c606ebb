import { expect, type Locator } from '@playwright/test';

import type { ProfileFieldLabel } from './profile-fields';

/** The profile page's results panel: the outcome of the last save. */
export class ResultPanel {
  readonly savedBadge: Locator;
  readonly changes: Locator;
  readonly errorMessage: Locator;
  /** Attestr's own words and code, shown with the plain sentence for an error Attestr answered. */
  readonly attestrSaid: Locator;
  readonly advice: Locator;
  readonly tracingId: Locator;
  readonly copyTracingIdButton: Locator;
  /** The disclosure holding codes, statuses and ids, closed until a person opens it. */
  readonly technicalDetails: Locator;
  readonly checkAtAttestrButton: Locator;

  constructor(readonly region: Locator) {
    this.savedBadge = region.getByText('Saved', { exact: true });
    this.changes = region.getByRole('table', { name: 'Changed fields' });
    this.errorMessage = region.getByTestId('error-message');
    this.attestrSaid = region.getByTestId('attestr-said');
    this.advice = region.locator('p', { hasText: 'What to do:' });
    this.tracingId = region.locator('xpath=.//dt[normalize-space()="Tracing ID"]/following-sibling::dd[1]//code');
    this.copyTracingIdButton = region.getByRole('button', { name: 'Copy tracing ID' });
    this.technicalDetails = region.locator('details', { has: region.page().getByText('Technical details') });
    this.checkAtAttestrButton = region.getByRole('button', { name: 'Check at Attestr' });
  }

  /** Opens Technical details, as a person would to read a code or copy the tracing ID. */
  async showTechnicalDetails(): Promise<void> {
    if (!(await this.technicalDetails.evaluate((element: HTMLDetailsElement) => element.open))) {
      await this.technicalDetails.getByText('Technical details').click();
    }
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
    /** The plain sentence the person reads first. */
    message: string | RegExp;
    /**
     * Attestr's own words, shown verbatim with Attestr's code in the panel itself, without
     * opening anything. Absent for the console's own errors, which then show no such line.
     */
    attestrMessage?: string;
    /** The code beside Attestr's words, when it is not `code` (an undocumented one). */
    attestrCode?: number;
    code: string | number;
    httpStatus: number;
    advice: string | RegExp;
    source?: 'Attestr' | 'Console';
  }): Promise<void> {
    await expect(this.region.getByText(error.heading, { exact: true })).toBeVisible();
    await expect(this.errorMessage).toHaveText(error.message);
    // Attestr's words and code are read without a click, for whoever must quote them; the
    // console's own errors invent none.
    if (error.attestrMessage) {
      await expect(this.attestrSaid).toBeVisible();
      await expect(this.attestrSaid).toHaveText(
        `Attestr said: “${error.attestrMessage}” (${error.attestrCode ?? error.code})`,
      );
    } else {
      await expect(this.attestrSaid).toHaveCount(0);
    }
    // Statuses and tracing IDs are out of the way until asked for.
    await expect(this.detail('HTTP status')).toBeHidden();
    await this.showTechnicalDetails();
    await expect(this.detail(`${error.source ?? 'Attestr'} code`)).toHaveText(String(error.code));
    await expect(this.detail('HTTP status')).toHaveText(String(error.httpStatus));
    // Attestr's words are in the panel already: the details do not repeat them.
    await expect(this.detail('Attestr’s message')).toHaveCount(0);
    await expect(this.advice).toContainText(error.advice);
    await expect(this.savedBadge).toHaveCount(0);
  }
}

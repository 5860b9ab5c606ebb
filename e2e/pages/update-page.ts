import { expect, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';
import type { ProfileFieldLabel } from './profile-fields';
import { ResultPanel } from './result-panel';

/** `/updates/[attemptId]`: one update, field by field, its error, what happened since, and its actions. */
export class UpdatePage {
  readonly heading: Locator;
  readonly values: Locator;
  /** The error as the profile page's results panel shows it, with the same parts. */
  readonly error: ResultPanel;
  readonly since: Locator;
  readonly actions: Locator;
  readonly retryButton: Locator;
  readonly checkButton: Locator;
  readonly resolveButton: Locator;
  readonly cannotChangeButton: Locator;
  readonly note: Locator;
  readonly openInFormLink: Locator;
  readonly outcome: Locator;
  readonly tracingId: Locator;
  readonly otherUpdates: Locator;

  constructor(readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.values = main.getByRole('table', { name: 'Values field by field' });
    this.error = new ResultPanel(main.getByRole('region', { name: 'What went wrong' }));
    this.since = main.getByRole('region', { name: 'Since then' });
    this.actions = main.getByRole('region', { name: 'Actions' });
    this.retryButton = this.actions.getByRole('button', { name: 'Retry' });
    this.checkButton = this.actions.getByRole('button', { name: 'Check at Attestr' });
    this.resolveButton = this.actions.getByRole('button', { name: 'Resolve', exact: true });
    this.cannotChangeButton = this.actions.getByRole('button', { name: 'Resolve as cannot change' });
    this.note = this.actions.getByLabel(/^Note/);
    this.openInFormLink = this.actions.getByRole('link', { name: 'Open in form' });
    this.outcome = this.actions.getByTestId('action-outcome');
    this.tracingId = main.getByTestId('tracing-id');
    this.otherUpdates = main.getByRole('region', { name: 'Other updates of this profile' });
  }

  async goto(attemptId: string, options: { actions?: boolean } = {}): Promise<void> {
    await this.page.goto(`/updates/${attemptId}`);
    await expect(this.heading).toBeVisible();
    if (options.actions !== false) await waitForHydration(this.actions.getByRole('button').first());
  }

  /** Before, Asked for, Sent and Afterwards of one field. */
  valuesOf(field: ProfileFieldLabel): Locator {
    return this.values.getByRole('row', { name: new RegExp(`^${field}\\b`) }).getByRole('cell');
  }

  /** The value beside a label of the summary (Who, When, From, Reason, Update ID …). */
  summaryValue(label: string): Locator {
    return this.page
      .getByRole('main')
      .locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`)
      .first();
  }

  /** The word beside the heading: Saved, Failed, Not confirmed …, then Open or Resolved. */
  badges(): Locator {
    return this.heading.locator('xpath=following-sibling::span');
  }
}

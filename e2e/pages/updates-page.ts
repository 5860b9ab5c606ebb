import { expect, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';

/** `/updates`: every update, its filters, its pages, the open failures and their chart. */
export class UpdatesPage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly rows: Locator;
  readonly nextPage: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Updates' });
    this.filters = page.getByRole('form', { name: 'Filters' });
    this.rows = page.getByRole('region', { name: 'Updates' }).locator('tbody tr[data-attempt-id]');
    this.nextPage = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next page' });
  }

  /** Opens the page with a query string (`?outcome=open`), waiting until its filters listen. */
  async goto(query = ''): Promise<void> {
    await this.page.goto(`/updates${query}`);
    await expect(this.heading).toBeVisible();
    await waitForHydration(this.filter('Outcome'));
  }

  filter(label: 'Outcome' | 'Error code' | 'Who' | 'Source' | 'From' | 'To' | 'Search'): Locator {
    return this.filters.getByLabel(label, { exact: true });
  }

  async apply(): Promise<void> {
    await this.filters.getByRole('button', { name: 'Apply filters' }).click();
  }

  async attemptIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-attempt-id') ?? ''));
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

import { linkedErrorOf, waitForHydration } from './hydration';
import type { ProfileFieldLabel } from './profile-fields';
import { ResultPanel } from './result-panel';

/** `/profiles/[id]`: the summary, the edit form and the results panel. */
export class ProfilePage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly form: Locator;
  readonly saveButton: Locator;
  readonly discardButton: Locator;
  readonly formStatus: Locator;
  readonly result: ResultPanel;
  readonly headerProfilesLink: Locator;
  readonly loading: Locator;
  /** The page shown instead of the form when Attestr could not give the profile. */
  readonly loadErrorAdvice: Locator;
  readonly tryLoadingAgainLink: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('main').getByRole('heading', { level: 1 });
    // The card holding the h1: name, status badge and the details list.
    this.summary = page.locator('div:has(> div > h1)');
    this.form = page.getByRole('form', { name: 'Edit profile' });
    this.saveButton = this.form.getByRole('button', { name: 'Save changes' });
    this.discardButton = this.form.getByRole('button', { name: 'Discard changes' });
    this.formStatus = this.form.locator('[aria-live="polite"]');
    this.result = new ResultPanel(page.getByRole('region', { name: 'Result' }));
    this.headerProfilesLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profiles' });
    this.loading = page.getByRole('status', { name: 'Loading profile' });
    this.loadErrorAdvice = page.getByRole('main').locator('p', { hasText: 'What to do:' });
    this.tryLoadingAgainLink = page.getByRole('link', { name: 'Try loading again' });
  }

  /** `form: false` for a profile shown only to read (archived, or a role that changes nothing). */
  async goto(profileId: string, options: { form?: boolean } = {}): Promise<void> {
    await this.page.goto(`/profiles/${profileId}`);
    if (options.form === false) await expect(this.heading).toBeVisible();
    else await this.waitUntilReady();
  }

  /** The form is shown and React is listening to it. */
  async waitUntilReady(): Promise<void> {
    await expect(this.form).toBeVisible();
    await waitForHydration(this.saveButton);
  }

  field(label: ProfileFieldLabel): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  /** The value beside a label in the summary (Number, Tag, Profile ID, Created, Updated, Status). */
  summaryValue(label: string): Locator {
    return this.summary.locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
  }

  /** The badge beside the name: Active or Archived. */
  statusBadge(): Locator {
    return this.summary.locator('h1 + span');
  }

  /** The error message an input links to through aria-describedby. */
  errorFor(label: ProfileFieldLabel): Promise<Locator> {
    return linkedErrorOf(this.field(label));
  }

  /**
   * Lets the profile go stale and brings the tab back into view, which is what makes
   * react-query refetch it in the background; answers once the refetch succeeded. Needs
   * `page.clock.install()` before the page loads.
   */
  async refetchInBackground(profileId: string): Promise<void> {
    await this.page.clock.fastForward(31_000);
    const refetch = this.page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/profiles/${profileId}`,
    );
    await this.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    expect((await refetch).status()).toBe(200);
  }

  async setField(label: ProfileFieldLabel, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  async expectReadOnly(): Promise<void> {
    for (const label of ['Tag', 'Name', 'Email', 'Mobile'] as const) {
      await expect(this.field(label)).not.toBeEditable();
    }
    await expect(this.saveButton).toBeDisabled();
    await expect(this.formStatus).toHaveText('This profile is read-only.');
  }
}

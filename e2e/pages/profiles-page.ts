import { expect, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';

/** `/profiles`: find a profile, open one by id, recently opened profiles, the sandbox demo list. */
export class ProfilesPage {
  readonly heading: Locator;
  readonly openForm: Locator;
  readonly profileIdInput: Locator;
  readonly openButton: Locator;
  readonly recentlyOpened: Locator;
  readonly demoProfiles: Locator;
  readonly findInput: Locator;
  readonly findResults: Locator;
  readonly findStatus: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Profiles' });
    this.openForm = page.getByRole('form', { name: 'Open a profile' });
    this.profileIdInput = this.openForm.getByLabel('Profile ID', { exact: true });
    this.openButton = this.openForm.getByRole('button', { name: 'Open profile' });
    this.recentlyOpened = page.getByRole('region', { name: 'Recently opened' });
    this.demoProfiles = page.getByRole('region', { name: 'Sandbox demo profiles' });
    this.findInput = page.getByRole('combobox', { name: 'Find a profile' });
    this.findResults = page.getByRole('listbox', { name: 'Profiles found' });
    this.findStatus = page.getByRole('region', { name: 'Find a profile' }).locator('[aria-live="polite"]');
  }

  /** One result of "Find a profile", by its name. */
  findResult(name: string | RegExp): Locator {
    return this.findResults.getByRole('option', { name });
  }

  async goto(): Promise<void> {
    await this.page.goto('/profiles');
    await expect(this.heading).toBeVisible();
    await waitForHydration(this.openButton);
  }

  async openProfile(profileId: string): Promise<void> {
    await this.profileIdInput.fill(profileId);
    await this.openButton.click();
  }

  recentProfile(name: string): Locator {
    return this.recentlyOpened.getByRole('link', { name: new RegExp(name) });
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

import { waitForHydration } from './hydration';

/** `/profiles`: open a profile by id, recently opened profiles, the sandbox demo list. */
export class ProfilesPage {
  readonly heading: Locator;
  readonly openForm: Locator;
  readonly profileIdInput: Locator;
  readonly openButton: Locator;
  readonly recentlyOpened: Locator;
  readonly demoProfiles: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Profiles' });
    this.openForm = page.getByRole('form', { name: 'Open a profile' });
    this.profileIdInput = this.openForm.getByLabel('Profile ID', { exact: true });
    this.openButton = this.openForm.getByRole('button', { name: 'Open profile' });
    this.recentlyOpened = page.getByRole('region', { name: 'Recently opened' });
    this.demoProfiles = page.getByRole('region', { name: 'Sandbox demo profiles' });
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

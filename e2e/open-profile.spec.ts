import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

test.describe('Opening a profile', () => {
  test('a bad id shows an inline error and stays on the page', async ({ page, profilesPage }) => {
    await profilesPage.goto();

    await profilesPage.openButton.click();
    await expect(profilesPage.profileIdInput).toHaveAttribute('aria-invalid', 'true');
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription('Enter a profile ID.');

    await profilesPage.openProfile('not a/profile id');
    await expect(profilesPage.openForm.getByText(/A profile ID has only letters, digits/)).toBeVisible();
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription(
      'A profile ID has only letters, digits, dashes and underscores, like AX1LgghsxZsJZUwYvN.',
    );
    await expect(page).toHaveURL(/\/profiles$/);

    // Typing again clears the complaint.
    await profilesPage.profileIdInput.press('End');
    await profilesPage.profileIdInput.press('Backspace');
    await expect(profilesPage.profileIdInput).not.toHaveAttribute('aria-invalid');
    await expect(profilesPage.openForm.getByText(/A profile ID has only/)).toHaveCount(0);
  });

  test('an id typed on /profiles opens the profile, which is then listed as recently opened', async ({
    page,
    profilesPage,
    profilePage,
  }) => {
    await profilesPage.goto();
    await expect(profilesPage.recentlyOpened).toContainText('Profiles you open appear here.');

    await profilesPage.openProfile(`  ${SEED.gitanjali.id} `);

    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await expect(profilePage.heading).toHaveText(SEED.gitanjali.name);
    await expect(profilePage.statusBadge()).toHaveText('Active');
    await expect(profilePage.summaryValue('Number')).toHaveText(SEED.gitanjali.number);
    await expect(profilePage.summaryValue('Tag')).toHaveText(SEED.gitanjali.tag);
    await expect(profilePage.summaryValue('Profile ID')).toHaveText(SEED.gitanjali.id);
    await expect(profilePage.summaryValue('Status')).toHaveText('Active');
    await expect(profilePage.field('Name')).toHaveValue(SEED.gitanjali.name);
    await expect(profilePage.field('Mobile')).toHaveValue(SEED.gitanjali.mobile);
    await expect(page.getByText('Sandbox', { exact: true })).toBeVisible();

    await page.goBack();

    await expect(profilesPage.heading).toBeVisible();
    const recent = profilesPage.recentProfile(SEED.gitanjali.name);
    await expect(recent).toBeVisible();
    await expect(recent).toContainText(SEED.gitanjali.number);
    await expect(recent).toHaveAttribute('href', `/profiles/${SEED.gitanjali.id}`);
  });
});

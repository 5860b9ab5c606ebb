import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

test.describe('Opening a profile', () => {
  test('a bad id shows an inline error and stays on the page', async ({ page, profilesPage }) => {
    await profilesPage.goto();

    await profilesPage.openButton.click();
    await expect(profilesPage.profileIdInput).toHaveAttribute('aria-invalid', 'true');
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription('Enter a profile ID.');

    await profilesPage.openProfile('not a/profile id');
    await expect(profilesPage.openForm.getByText(/Profile IDs contain only letters, digits/)).toBeVisible();
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription(
      'Profile IDs contain only letters, digits, - and _; this one also has a space and “/”.',
    );
    await expect(page).toHaveURL(/\/profiles$/);

    // Typing again clears the complaint.
    await profilesPage.profileIdInput.press('End');
    await profilesPage.profileIdInput.press('Backspace');
    await expect(profilesPage.profileIdInput).not.toHaveAttribute('aria-invalid');
    await expect(profilesPage.openForm.getByText(/Profile IDs contain only/)).toHaveCount(0);
  });

  test('the inline error says plainly what is wrong with the id', async ({ page, profilesPage }) => {
    await profilesPage.goto();

    await profilesPage.openProfile('A'.repeat(65));
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription(
      'Profile IDs are at most 64 characters; this one has 65.',
    );

    await profilesPage.openProfile('abc.def');
    await expect(profilesPage.profileIdInput).toHaveAccessibleDescription(
      'Profile IDs contain only letters, digits, - and _; this one also has “.”.',
    );
    await expect(page).toHaveURL(/\/profiles$/);
  });

  test('an address with an invalid id says what is wrong with it, not that Attestr has no such profile', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    // One call left today: the profile opened at the end proves the invalid ids used none.
    await sandbox.configure({ dailyLimit: { account: 1 } });

    for (const [profileId, problem] of [
      ['abc.def', 'Profile IDs contain only letters, digits, - and _; this one also has “.”.'],
      ['A'.repeat(65), 'Profile IDs are at most 64 characters; this one has 65.'],
    ] as const) {
      await page.goto(`/profiles/${profileId}`);
      await expect(profilePage.heading).toHaveText('This is not a valid profile ID');
      await expect(page.getByRole('main')).toContainText(problem);
      await expect(page.getByRole('main')).not.toContainText(/not found|Attestr has no profile/i);
      await expect(page.getByRole('link', { name: 'Open another profile' })).toHaveAttribute('href', '/profiles');
    }

    await profilePage.goto(SEED.gitanjali.id);
    await expect(profilePage.heading).toHaveText(SEED.gitanjali.name);
  });

  test('an address with an invalid id shows the id as typed, not its percent-encoding', async ({
    page,
    profilePage,
  }) => {
    for (const [typed, problem] of [
      ['abc def', 'this one also has a space.'],
      ['Zoë.Müller', 'this one also has “ë”, “.” and “ü”.'],
      ['50%off', 'this one also has “%”.'],
    ] as const) {
      await page.goto(`/profiles/${encodeURIComponent(typed)}`);
      await expect(profilePage.heading).toHaveText('This is not a valid profile ID');
      await expect(page.getByRole('main')).toContainText(typed);
      await expect(page.getByRole('main')).toContainText(problem);
    }
  });

  test('an id typed on /profiles opens the profile, which is then listed as recently opened', async ({
    page,
    profilesPage,
    profilePage,
  }) => {
    await profilesPage.goto();
    await expect(profilesPage.recentlyOpened).toBeVisible();

    await profilesPage.openProfile(`  ${SEED.gitanjali.id} `);

    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await expect(profilePage.heading).toHaveText(SEED.gitanjali.name);
    await expect(profilePage.statusBadge()).toHaveText('Active');
    await expect(profilePage.summaryValue('Number')).toHaveText(SEED.gitanjali.number);
    await expect(profilePage.summaryValue('Tag')).toHaveText(SEED.gitanjali.tag);
    await expect(profilePage.summaryValue('Profile ID')).toHaveText(SEED.gitanjali.id);
    await expect(profilePage.field('Name')).toHaveValue(SEED.gitanjali.name);
    await expect(profilePage.field('Mobile')).toHaveValue(SEED.gitanjali.mobileShown);
    await expect(page.getByText('Sandbox', { exact: true })).toBeVisible();

    await page.goBack();

    await expect(profilesPage.heading).toBeVisible();
    const recent = profilesPage.recentProfile(SEED.gitanjali.name);
    await expect(recent).toBeVisible();
    await expect(recent).toContainText(SEED.gitanjali.number);
    await expect(recent).toHaveAttribute('href', `/profiles/${SEED.gitanjali.id}`);
  });
});

import { expect, test } from './fixtures/test';

test.describe('A profile that does not exist', () => {
  test('shows "Profile not found"', async ({ page }) => {
    await page.goto('/profiles/ZZZZZZZZZZZZZZZZZZ');

    await expect(page.getByRole('heading', { level: 1, name: 'Profile not found' })).toBeVisible();
    await expect(page.getByText(/Check the ID for typos/)).toBeVisible();
    await expect(page.getByRole('form', { name: 'Edit profile' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Open another profile' })).toHaveAttribute('href', '/profiles');
  });

  test('a slow answer shows a loading state, not a blank page', async ({
    page,
    sandbox,
    profilesPage,
    profilePage,
  }) => {
    await profilesPage.goto();
    await sandbox.configure({ latencyMs: 1500 });

    await profilesPage.openProfile('ZZZZZZZZZZZZZZZZZZ');

    const { loading } = profilePage;
    await expect(loading).toBeVisible();
    await expect(loading).toContainText('Loading the profile from Attestr');
    await expect(page.getByRole('heading', { level: 1, name: 'Profile not found' })).toBeVisible();
    await expect(loading).toHaveCount(0);
  });
});

test.describe('An address the console has no page for', () => {
  for (const signedIn of [true, false]) {
    test.describe(signedIn ? 'signed in' : 'signed out', () => {
      if (!signedIn) test.use({ role: null });

      test('shows the console’s own "Page not found", with a way back to Profiles', async ({ page }) => {
        const response = await page.goto('/no-such-page/here');
        expect(response?.status()).toBe(404);
        await expect(page).toHaveURL('/no-such-page/here');
        await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
        await expect(page.getByText('The console has no page at this address.')).toBeVisible();
        await expect(page.getByText(/could not be found/)).toHaveCount(0);
        // Signed in, the page sits in the console's header, with its menu and Sign out.
        await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(signedIn ? 1 : 0);
        await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(signedIn ? 1 : 0);

        await page.getByRole('link', { name: 'Go to Profiles' }).click();
        await expect(page).toHaveURL(signedIn ? '/profiles' : /\/sign-in\?next=%2Fprofiles$/);
      });
    });
  }
});

import { signIn } from './fixtures/auth';
import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { SignInPage } from './pages/sign-in-page';
import { endSessionElsewhere } from './support/api';

test.describe('Signing in', () => {
  test.use({ role: null });

  test('a signed-out visitor is sent to sign in, then back to the profile asked for', async ({ page, profilePage }) => {
    await page.goto(`/profiles/${SEED.gitanjali.id}`);

    await expect(page).toHaveURL(`/sign-in?next=${encodeURIComponent(`/profiles/${SEED.gitanjali.id}`)}`);
    const signInPage = new SignInPage(page);
    await signInPage.waitUntilReady();

    // Failures make further tries for that email wait, so a fresh unknown one each run.
    await signInPage.signIn(`nobody-${Date.now()}@example.com`, 'not-the-password');
    await expect(signInPage.error).toHaveText('Email or password is incorrect');
    await expect(page).toHaveURL(/\/sign-in\?/);

    await signInPage.signIn(E2E.users.hr, E2E.demoPassword);

    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await expect(profilePage.heading).toHaveText(SEED.gitanjali.name);
    await expect(page.getByRole('banner')).toContainText('Harper Hughes');
    await expect(page.getByRole('banner')).toContainText('HR');
  });

  test('a malformed email is pointed out beside the field, and what was typed stays', async ({ page }) => {
    await page.goto('/sign-in');
    const signInPage = new SignInPage(page);
    await signInPage.waitUntilReady();

    for (const typed of ['support', 'ops@example']) {
      await signInPage.signIn(typed, 'some-password');

      await expect(await signInPage.emailError()).toHaveText('Enter an email address, like name@company.com');
      await expect(signInPage.email).toHaveValue(typed);
      await expect(signInPage.password).toHaveValue('some-password');
      await expect(signInPage.email).toBeFocused();
      await expect(signInPage.error).toHaveCount(0);
      await expect(page).toHaveURL('/sign-in');
    }

    await signInPage.signIn(E2E.users.ops, E2E.demoPassword);
    await expect(page).toHaveURL('/profiles');
  });

  test('the console’s API refuses a signed-out caller', async ({ page }) => {
    const response = await page.request.get(`/api/profiles/${SEED.gitanjali.id}`);
    expect(response.status()).toBe(401);
    expect(await response.text()).not.toContain(SEED.gitanjali.email);
  });
});

/** `next` values that would leave the console once resolved as a browser does. */
const CRAFTED_NEXT = [
  '%2F%09%2Fexample.org',
  '%2F%0A%2Fexample.org',
  '%2F%5Cexample.org',
  '%2F%2Fexample.org',
  '%2F%5C%2Fexample.org',
  '%2F.%2F%2Fexample.org',
  'https%3A%2F%2Fexample.org%2F',
  'javascript%3Aalert(document.domain)',
];

test.describe('Where signing in leads', () => {
  test.use({ role: null });

  for (const next of CRAFTED_NEXT) {
    test(`signing in with next=${next} stays on the console`, async ({ page }) => {
      await page.goto(`/sign-in?next=${next}`);
      const signInPage = new SignInPage(page);
      await signInPage.waitUntilReady();

      await signInPage.signIn(E2E.users.ops, E2E.demoPassword);

      await expect(page).toHaveURL(`${E2E.baseUrl}/profiles`);
    });
  }

  test('a signed-in person opening the sign-in page with a crafted next stays on the console', async ({
    page,
    context,
    sessionFor,
  }) => {
    await context.addCookies((await sessionFor('ops')).cookies);
    for (const next of CRAFTED_NEXT) {
      await page.goto(`/sign-in?next=${next}`);
      await expect(page).toHaveURL(`${E2E.baseUrl}/profiles`);
    }
    await page.goto(`/sign-in?next=${encodeURIComponent(`/profiles/${SEED.gitanjali.id}?from=link`)}`);
    await expect(page).toHaveURL(`${E2E.baseUrl}/profiles/${SEED.gitanjali.id}?from=link`);
  });
});

test.describe('A session in use', () => {
  test('keeps the browser’s cookie alive for the whole idle window from each page visit', async ({ page, context }) => {
    const cookieExpiry = async () =>
      (await context.cookies()).find((cookie) => cookie.name.endsWith('better-auth.session_token'))?.expires ?? 0;

    await page.goto('/profiles');
    const first = await cookieExpiry();
    expect(first).toBeGreaterThan(Date.now() / 1000 + 59 * 60);

    // Cookie lifetimes count in whole seconds.
    await page.waitForTimeout(1_500);
    await page.goto(`/profiles/${SEED.gitanjali.id}`);
    expect(await cookieExpiry()).toBeGreaterThan(first);
  });
});

test.describe('A session that ends while editing', () => {
  // A session of its own, ended on purpose.
  test.use({ role: null });

  test('the save error links to sign in again in a new tab, and the edits are saved after', async ({
    page,
    context,
    profilePage,
  }) => {
    const session = await signIn('hr');
    await context.addCookies(session.cookies);
    await profilePage.goto(SEED.gitanjali.id);
    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');

    // Ended on the server (as by the idle limit or an administrator); the tab still has its cookie.
    await endSessionElsewhere(session);

    await profilePage.saveButton.click();
    await profilePage.result.expectError({
      heading: 'The changes were not saved',
      message: 'Sign in to continue',
      code: 'UNAUTHENTICATED',
      httpStatus: 401,
      advice: 'Your session has ended.',
      source: 'Console',
    });
    const link = profilePage.result.region.getByRole('link', { name: 'Sign in again (opens a new tab)' });
    await expect(link).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent(`/profiles/${SEED.gitanjali.id}`)}`);

    const [signInTab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    const signInPage = new SignInPage(signInTab);
    await signInPage.waitUntilReady();
    await signInPage.signIn(E2E.users.hr, E2E.demoPassword);
    await expect(signInTab).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await signInTab.close();

    await expect(profilePage.field('Name'), 'the edit is still in the first tab').toHaveValue(
      'Gitanjali Raheja Kapoor',
    );
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Name')).toHaveText([SEED.gitanjali.name, 'Gitanjali Raheja Kapoor']);
  });
});

test.describe('Signing out', () => {
  // A session of its own: the worker's shared one must outlive this test.
  test.use({ role: null });

  test('ends the session and leaves no profile behind in the tab', async ({ page, profilePage }) => {
    await page.goto('/profiles');
    const signInPage = new SignInPage(page);
    await signInPage.waitUntilReady();
    await signInPage.signIn(E2E.users.hr, E2E.demoPassword);
    await expect(page).toHaveURL('/profiles');
    await profilePage.goto(SEED.gitanjali.id);
    await expect(profilePage.heading).toHaveText(SEED.gitanjali.name);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByText(SEED.gitanjali.email)).toHaveCount(0);

    // Back loads the profile page again from the server, which asks to sign in first.
    await page.goBack();
    await expect(page).toHaveURL(`/sign-in?next=${encodeURIComponent(`/profiles/${SEED.gitanjali.id}`)}`);
    await expect(page.getByText(SEED.gitanjali.email)).toHaveCount(0);
    expect((await page.request.get(`/api/profiles/${SEED.gitanjali.id}`)).status()).toBe(401);

    // The same form sent again (another tab, a double click) lands on sign-in, not on a JSON error.
    const again = await page.request.post('/api/auth/sign-out', {
      form: {},
      headers: { Origin: E2E.baseUrl },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    expect(new URL(again.headers().location ?? '', E2E.baseUrl).pathname).toBe('/sign-in');
  });

  test('the next person to sign in on the browser sees none of the profiles opened before', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const name = `Opened Byhronly ${Date.now()}`;
    const opened = await sandbox.createProfile({ tag: 'SI-1', name });
    const signInPage = new SignInPage(page);
    await signInPage.signInThrough('/profiles', E2E.users.hr);
    await profilePage.goto(opened.id);
    await profilesPage.goto();
    await expect(profilesPage.recentProfile(name)).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/sign-in');
    // Nothing of theirs stays in the browser's storage either.
    await expect.poll(() => page.evaluate(() => Object.keys(window.localStorage))).toEqual([]);

    await signInPage.waitUntilReady();
    await signInPage.signIn(E2E.users.support, E2E.demoPassword);
    await expect(page).toHaveURL('/profiles');
    await profilesPage.goto();
    await expect(profilesPage.recentlyOpened).toBeVisible();
    await expect(profilesPage.recentProfile(name)).toHaveCount(0);
  });

  test('a session that ended without signing out leaves its list to no one else', async ({
    page,
    context,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const name = `Opened Beforeexpiry ${Date.now()}`;
    const opened = await sandbox.createProfile({ tag: 'SI-2', name });
    const signInPage = new SignInPage(page);
    await signInPage.signInThrough('/profiles', E2E.users.hr);
    await profilePage.goto(opened.id);

    // The cookie goes, the browser's storage stays: as when a session runs out unattended.
    await context.clearCookies();
    await page.goto('/profiles');
    await signInPage.waitUntilReady();
    await signInPage.signIn(E2E.users.support, E2E.demoPassword);
    await expect(page).toHaveURL('/profiles');
    await profilesPage.goto();
    await expect(profilesPage.recentlyOpened).toBeVisible();
    await expect(profilesPage.recentProfile(name)).toHaveCount(0);
  });
});

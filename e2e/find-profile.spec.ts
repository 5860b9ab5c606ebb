import { randomInt } from 'node:crypto';

import { signIn } from './fixtures/auth';
import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import { ProfilesPage } from './pages/profiles-page';

/** Ten random digits: a mobile in India (starting with 9) no other test uses. */
function uniqueIndianMobile(): string {
  return `9${String(randomInt(1e9)).padStart(9, '0')}`;
}

/** A surname no other test uses: letters only, so that it is one word of the name. */
function uniqueSurname(): string {
  const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
  return `Qu${letters}`;
}

test.describe('Find a profile', () => {
  test('part of a name, typed without its accents, finds a profile opened before; Enter opens it', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const surname = uniqueSurname();
    const created = await sandbox.createProfile({ tag: `FP-${surname.slice(2, 6)}`, name: `Zoë ${surname}` });
    await profilePage.goto(created.id);
    await expect(profilePage.heading).toHaveText(`Zoë ${surname}`);

    await profilesPage.goto();
    await profilesPage.findInput.pressSequentially(`zoe ${surname.slice(0, 4).toLowerCase()}`);
    const result = profilesPage.findResult(new RegExp(`Zoë ${surname}`));
    await expect(result).toBeVisible();
    await expect(result).toContainText(created.number);
    await expect(result).toContainText(`FP-${surname.slice(2, 6)}`);
    await expect(profilesPage.findStatus).toHaveText('1 profile found.');

    await profilesPage.findInput.press('ArrowDown');
    await expect(result).toHaveAttribute('aria-selected', 'true');
    await expect(profilesPage.findInput).toHaveAttribute('aria-activedescendant', (await result.getAttribute('id'))!);
    await profilesPage.findInput.press('Enter');
    await expect(page).toHaveURL(`/profiles/${created.id}`);
    await expect(profilePage.heading).toHaveText(`Zoë ${surname}`);
  });

  test('a tag prefix lists its profiles, an archived one marked; a click opens one', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const surname = uniqueSurname();
    const created = await sandbox.createProfile({ tag: `AA-11${surname}`, name: `Kiran ${surname}` });
    await profilePage.goto(SEED.archived.id, { form: false });
    await profilePage.goto(created.id);
    await profilesPage.goto();
    await profilesPage.findInput.fill('aa-11');
    await expect(profilesPage.findResult(new RegExp(SEED.archived.name))).toContainText('Archived');
    const active = profilesPage.findResult(new RegExp(`Kiran ${surname}`));
    await expect(active).toContainText(`AA-11${surname}`);
    await expect(active).not.toContainText('Archived');
    await active.click();
    await expect(page).toHaveURL(`/profiles/${created.id}`);
  });

  test('a profile ID the console has not seen is found at Attestr, and then by its name', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const surname = uniqueSurname();
    const created = await sandbox.createProfile({ tag: 'FP-NEW', name: `Émile ${surname}` });
    await profilesPage.goto();

    await profilesPage.findInput.fill(surname);
    await expect(profilesPage.findStatus).toHaveText(/^No profile found\./);

    await profilesPage.findInput.fill(created.id);
    const result = profilesPage.findResult(new RegExp(`Émile ${surname}`));
    await expect(result).toBeVisible();
    await expect(result).toContainText(created.number);

    await profilesPage.findInput.fill(`emile ${surname.toLowerCase()}`);
    await expect(result).toBeVisible();
    await result.click();
    await expect(page).toHaveURL(`/profiles/${created.id}`);
    await expect(profilePage.heading).toHaveText(`Émile ${surname}`);
  });

  test('an ID Attestr does not know says so plainly', async ({ profilesPage }) => {
    await profilesPage.goto();
    await profilesPage.findInput.fill('NoSuchProfile12345');
    await expect(profilesPage.findStatus).toHaveText('No profile found, here or at Attestr.');
    await expect(profilesPage.findResults).toBeHidden();
  });

  test('recently opened is kept in the console for each person, not in the browser', async ({
    browser,
    sandbox,
    profilePage,
  }) => {
    const surname = uniqueSurname();
    const created = await sandbox.createProfile({ tag: 'FP-RECENT', name: `Asha ${surname}` });
    await profilePage.goto(created.id);
    await expect(profilePage.heading).toHaveText(`Asha ${surname}`);

    // Another browser, signed in as the same person: the list is theirs wherever they sign in.
    const elsewhere = await browser.newContext({ storageState: await signIn('hr') });
    const theirs = new ProfilesPage(await elsewhere.newPage());
    await theirs.goto();
    await expect(theirs.recentProfile(`Asha ${surname}`)).toHaveAttribute('href', `/profiles/${created.id}`);
    await expect(theirs.recentProfile(`Asha ${surname}`)).toContainText(created.number);
    await elsewhere.close();

    // Someone else's list does not have it.
    const colleague = await browser.newContext({ storageState: await signIn('support') });
    const others = new ProfilesPage(await colleague.newPage());
    await others.goto();
    await expect(others.recentlyOpened).toBeVisible();
    await expect(others.recentProfile(`Asha ${surname}`)).toHaveCount(0);
    await colleague.close();
  });
});

for (const role of ['hr', 'support'] as const) {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    test.describe(`Find a person by email, mobile and number, as ${role} at ${viewport.width} px`, () => {
      test.use({ role, viewport });

      test('an email in any case, a mobile in each form and a number without dashes find the person', async ({
        page,
        sandbox,
        profilePage,
        profilesPage,
      }) => {
        const surname = uniqueSurname();
        const email = `${surname.toLowerCase()}@example.com`;
        const mobile = uniqueIndianMobile();
        const created = await sandbox.createProfile({
          tag: `FP-${surname.slice(2, 6)}`,
          name: `Nila ${surname}`,
          email,
          mobile: `+91${mobile}`,
        });
        // Opened once, so the console has seen it.
        await profilePage.goto(created.id);
        await expect(profilePage.heading).toHaveText(`Nila ${surname}`);

        await profilesPage.goto();
        // What is typed travels in a request's body, never in an address a proxy or history keeps.
        const addresses: string[] = [];
        page.on('request', (request) => addresses.push(decodeURIComponent(request.url()).toLowerCase()));
        const result = profilesPage.findResult(new RegExp(`Nila ${surname}`));
        await profilesPage.findInput.fill(`  ${email.toUpperCase()} `);
        await expect(result).toContainText('Email matches');
        await expect(profilesPage.findStatus).toHaveText('1 profile found.');
        // Said, never shown: the list holds neither the email nor the mobile.
        await expect(profilesPage.findResults).not.toContainText(surname.toLowerCase() + '@');

        const spaced = `${mobile.slice(0, 5)} ${mobile.slice(5)}`;
        for (const typed of [spaced, `+91 ${spaced}`, `91${mobile}`]) {
          await profilesPage.findInput.fill(typed);
          await expect(result).toContainText('Mobile matches');
          await expect(profilesPage.findResults).not.toContainText(mobile.slice(5));
        }

        expect(
          addresses.filter((address) => address.includes(surname.toLowerCase()) || address.includes(mobile.slice(5))),
        ).toEqual([]);

        await profilesPage.findInput.fill(created.number.replaceAll('-', ''));
        await expect(result).toContainText(created.number);
        await expect(result).not.toContainText(/matches/);
        await expect(result).toBeInViewport();
        await result.click();
        await expect(page).toHaveURL(`/profiles/${created.id}`);
        await expect(profilePage.heading).toHaveText(`Nila ${surname}`);
      });
    });
  }
}

test.describe('The archived mark follows Attestr', () => {
  test('a profile refused once as archived and read active since is shown active in search and recently opened', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    const surname = uniqueSurname();
    const created = await sandbox.createProfile({ tag: 'FP-ARCH', name: `Tara ${surname}` });
    await profilePage.goto(created.id);
    // Attestr answers one read with 40038 (archived).
    await sandbox.injectFault({ kind: 'error', code: 40038, method: 'GET', pathIncludes: created.id });
    await profilePage.goto(created.id, { form: false });
    await expect(page.getByRole('main')).toContainText('archived');
    await profilesPage.goto();
    await profilesPage.findInput.fill(surname);
    await expect(profilesPage.findResult(new RegExp(`Tara ${surname}`))).toContainText('Archived');

    await profilePage.goto(created.id);
    await expect(profilePage.statusBadge()).toHaveText('Active');
    await profilesPage.goto();
    await expect(profilesPage.recentProfile(`Tara ${surname}`)).toBeVisible();
    await expect(profilesPage.recentProfile(`Tara ${surname}`)).not.toContainText('Archived');
    await profilesPage.findInput.fill(surname);
    const result = profilesPage.findResult(new RegExp(`Tara ${surname}`));
    await expect(result).toBeVisible();
    await expect(result).not.toContainText('Archived');
  });
});

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

test.describe('Unsaved changes', () => {
  test('leaving through the header asks first; dismissing stays with the edit, accepting leaves', async ({
    page,
    profilePage,
  }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');

    const dialogs: string[] = [];
    page.once('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await profilePage.headerProfilesLink.click();

    await expect.poll(() => dialogs).toEqual(['confirm: You have unsaved changes. Leave this page and lose them?']);
    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
    await expect(profilePage.formStatus).toHaveText('Unsaved changes');

    page.once('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.accept();
    });
    await profilePage.headerProfilesLink.click();

    await expect(page).toHaveURL('/profiles');
    await expect(page.getByRole('heading', { level: 1, name: 'Profiles' })).toBeVisible();
    expect(dialogs).toHaveLength(2);
  });

  test('Back to the previous console page asks first; dismissing stays with the edit, accepting goes back', async ({
    page,
    profilesPage,
    profilePage,
  }) => {
    // Opened from /profiles: the two pages share one document, and Back moves between them
    // without unloading it.
    await profilesPage.goto();
    await profilesPage.openProfile(SEED.gitanjali.id);
    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await profilePage.waitUntilReady();
    // Typed, as a person does: browsers let a page stop Back only after someone used it.
    await profilePage.field('Name').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Kapoor');

    const dialogs: string[] = [];
    page.once('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await page.goBack({ timeout: 3_000 }).catch(() => null);

    await expect.poll(() => dialogs).toEqual(['confirm: You have unsaved changes. Leave this page and lose them?']);
    await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
    await expect(profilePage.field('Name')).toHaveValue(`${SEED.gitanjali.name} Kapoor`);
    await expect(profilePage.formStatus).toHaveText('Unsaved changes');

    await page.keyboard.type('-Rao');
    page.once('dialog', async (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.accept();
    });
    await page.goBack();

    await expect(page).toHaveURL('/profiles');
    await expect(profilesPage.heading).toBeVisible();
    expect(dialogs).toHaveLength(2);
  });

  test('with nothing changed, leaving does not ask', async ({ page, profilePage }) => {
    let asked = false;
    page.on('dialog', async (dialog) => {
      asked = true;
      await dialog.dismiss();
    });
    await profilePage.goto(SEED.gitanjali.id);
    await profilePage.headerProfilesLink.click();

    await expect(page).toHaveURL('/profiles');
    expect(asked).toBe(false);
  });
});

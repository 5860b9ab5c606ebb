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

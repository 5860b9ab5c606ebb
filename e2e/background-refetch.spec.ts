import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

const { gitanjali } = SEED;

test.describe('Background refetch', () => {
  test('a refetch brings in server changes without overwriting what the person is typing', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    // The page's clock, so the 30-second staleTime can pass at once.
    await page.clock.install();
    await profilePage.goto(gitanjali.id);

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');

    // Someone else changes the email (Update Profile replaces, so every field is sent).
    await sandbox.updateProfile(gitanjali.id, {
      tag: gitanjali.tag,
      name: gitanjali.name,
      email: 'gitanjali.new@example.com',
      mobile: gitanjali.mobile,
    });

    await profilePage.refetchInBackground(gitanjali.id);

    await expect(profilePage.field('Email')).toHaveValue('gitanjali.new@example.com');
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
    await expect(profilePage.field('Tag')).toHaveValue(gitanjali.tag);
    await expect(profilePage.formStatus).toHaveText('Unsaved changes');

    // Saving now sends the typed name and keeps the email the server now has.
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali Raheja Kapoor']);
    await expect(profilePage.result.changes.getByRole('row')).toHaveCount(2);
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({
      name: 'Gitanjali Raheja Kapoor',
      email: 'gitanjali.new@example.com',
    });
  });
});

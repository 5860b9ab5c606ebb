import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

const { gitanjali } = SEED;
const seeded = { tag: gitanjali.tag, name: gitanjali.name, email: gitanjali.email, mobile: gitanjali.mobile };

test.describe('Saving a profile someone else changed meanwhile', () => {
  test('their change to another field is kept, and the result says so', async ({ sandbox, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    // A colleague saves a new email while this person edits the name.
    await sandbox.updateProfile(gitanjali.id, { ...seeded, email: 'g.raheja@company.example' });

    await profilePage.setField('Name', 'Gitanjali Raheja-Kapoor');
    await profilePage.saveButton.click();

    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali Raheja-Kapoor']);
    await expect(profilePage.result.change('Email')).toHaveText([gitanjali.email, 'g.raheja@company.example']);
    await expect(profilePage.result.changes.getByRole('row', { name: /^Email/ })).toContainText(
      'by someone else, kept',
    );
    await expect(profilePage.field('Email')).toHaveValue('g.raheja@company.example');
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({
      name: 'Gitanjali Raheja-Kapoor',
      email: 'g.raheja@company.example',
    });
  });

  test('a field both changed is marked with their value, keeps what this person typed, and saves on a second try', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.updateProfile(gitanjali.id, { ...seeded, mobile: '+919845012399', tag: 'AA-9999' });

    await profilePage.setField('Mobile', '+44 7911 123456');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'The changes were not saved',
      message: 'Someone else changed this profile after you opened it',
      code: 'PROFILE_CHANGED',
      httpStatus: 409,
      advice: 'yours are kept in the form',
      source: 'Console',
    });
    const mobile = profilePage.field('Mobile');
    await expect(mobile).toHaveValue('+44 7911 123456');
    await expect(mobile).toHaveAttribute('aria-invalid', 'true');
    await expect(await profilePage.errorFor('Mobile')).toHaveText(/changed this to “\+91 98450 12399”/);
    // The rest of the form now shows the profile as it is, the other change included.
    await expect(profilePage.field('Tag')).toHaveValue('AA-9999');
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ mobile: '+919845012399' });

    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Mobile')).toHaveText(['+91 98450 12399', '+44 7911 123456']);
    await expect(mobile).not.toHaveAttribute('aria-invalid');
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ mobile: '+447911123456', tag: 'AA-9999' });
  });
});

import { SEED } from './fixtures/sandbox';
import { expect, recordProfileUpdates, test } from './fixtures/test';

const { gitanjali } = SEED;

test.describe('Editing a profile', () => {
  test('a bad mobile is flagged beside the field and never sent; a fixed one is saved', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    const mobile = profilePage.field('Mobile');

    await mobile.fill('+91 12');
    await mobile.blur();

    await expect(mobile).toHaveAttribute('aria-invalid', 'true');
    const error = await profilePage.errorFor('Mobile');
    await expect(error).toHaveText('This is not a valid phone number for its country; check the digits');
    await expect(error).toBeVisible();
    await expect(mobile).toHaveAccessibleDescription(/This is not a valid phone number/);

    // Saving with the error shown keeps the person on the field and sends nothing.
    await profilePage.saveButton.click();
    await expect(mobile).toBeFocused();
    await expect(error).toBeVisible();
    await expect(profilePage.result.region).toContainText('The outcome of your next save appears here.');
    expect(updates, 'no update is sent while a field is invalid').toHaveLength(0);

    await mobile.fill('+91 88889 99979');
    await expect(mobile).not.toHaveAttribute('aria-invalid');
    await expect(error).toHaveCount(0);
    await expect(mobile).toHaveAccessibleDescription(/^Optional\. International format/);

    await profilePage.saveButton.click();

    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Mobile')).toHaveText([gitanjali.mobileShown, '+91 88889 99979']);
    await expect(profilePage.result.changes.getByRole('row')).toHaveCount(2); // header + Mobile
    await expect(mobile).toHaveValue('+91 88889 99979');
    await expect(profilePage.saveButton).toBeDisabled();
    await expect(profilePage.formStatus).toHaveText('All changes saved');
    expect(updates).toHaveLength(1);

    const stored = await sandbox.getProfile(gitanjali.id);
    expect(stored).toMatchObject({
      mobile: '+918888999979',
      name: gitanjali.name,
      tag: gitanjali.tag,
      email: gitanjali.email,
    });
  });

  test('Discard changes puts back the values Attestr holds', async ({ page, profilePage }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    await expect(profilePage.discardButton).toHaveCount(0);

    await profilePage.setField('Name', 'Someone Else');
    await profilePage.setField('Mobile', '+91 12');
    await profilePage.field('Mobile').blur();
    await expect(profilePage.field('Mobile')).toHaveAttribute('aria-invalid', 'true');

    await profilePage.discardButton.click();

    await expect(profilePage.field('Name')).toHaveValue(gitanjali.name);
    await expect(profilePage.field('Mobile')).toHaveValue(gitanjali.mobileShown);
    await expect(profilePage.field('Mobile')).not.toHaveAttribute('aria-invalid');
    await expect(profilePage.formStatus).toHaveText('No changes yet');
    await expect(profilePage.saveButton).toBeDisabled();
    await expect(profilePage.discardButton).toHaveCount(0);
    expect(updates).toHaveLength(0);
  });

  test('Save changes is disabled with nothing to save, and while saving', async ({ page, sandbox, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    await expect(profilePage.saveButton).toBeDisabled();
    await expect(profilePage.formStatus).toHaveText('No changes yet');

    await profilePage.setField('Name', 'Gitanjali R.');
    await expect(profilePage.saveButton).toBeEnabled();
    await expect(profilePage.formStatus).toHaveText('Unsaved changes');

    // Typing the original value back leaves nothing to save.
    await profilePage.setField('Name', gitanjali.name);
    await expect(profilePage.saveButton).toBeDisabled();

    await profilePage.setField('Name', 'Gitanjali R.');
    await sandbox.configure({ latencyMs: 1500 });
    let answered = false;
    const response = page
      .waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/api/profiles/${gitanjali.id}`))
      .then((r) => {
        answered = true;
        return r;
      });

    await profilePage.saveButton.click();

    await expect(profilePage.saveButton).toBeDisabled();
    await expect(profilePage.saveButton).toHaveAttribute('aria-busy', 'true');
    await expect(profilePage.formStatus).toHaveText('Saving…');
    expect(answered, 'the button was disabled while the update was still in flight').toBe(false);

    expect((await response).status()).toBe(200);
    await profilePage.result.expectSaved();
    await expect(profilePage.saveButton).not.toHaveAttribute('aria-busy');
    await expect(profilePage.saveButton).toBeDisabled();
  });

  test('a double click on Save changes sends exactly one update', async ({ page, sandbox, profilePage }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    await sandbox.configure({ latencyMs: 500 });

    await profilePage.setField('Name', 'Gitanjali Raheja-Singh');
    await profilePage.saveButton.dblclick();

    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali Raheja-Singh']);
    expect(updates).toHaveLength(1);
    expect((await sandbox.getProfile(gitanjali.id)).name).toBe('Gitanjali Raheja-Singh');
  });

  test('a save stopped by a field’s own check clears the previous outcome', async ({ page, profilePage }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    await profilePage.setField('Name', 'Gitanjali R.');
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();

    await profilePage.setField('Email', 'not-an-email');
    await profilePage.saveButton.click();

    await expect(profilePage.field('Email')).toBeFocused();
    await expect(profilePage.result.savedBadge).toHaveCount(0);
    await expect(profilePage.result.region).toContainText('The outcome of your next save appears here.');
    expect(updates).toHaveLength(1);
  });

  test('an outcome is still shown when the code that details it cannot be loaded', async ({ page, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    await page.waitForLoadState('networkidle');
    // From here on no script can be fetched, as when the network drops after the page loaded.
    await page.route('**/_next/static/chunks/**', (route) => route.abort());

    await profilePage.setField('Name', 'Gitanjali R.');
    await profilePage.saveButton.click();

    await expect(profilePage.result.region).toContainText('Saved.');
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali R.');
    await expect(profilePage.formStatus).toHaveText('All changes saved');
  });
});

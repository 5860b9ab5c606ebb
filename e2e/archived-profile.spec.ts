import { SEED } from './fixtures/sandbox';
import { expect, recordProfileUpdates, test } from './fixtures/test';

test.describe('Archived profiles', () => {
  test('an archived profile is shown read-only', async ({ page, profilePage }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(SEED.archived.id);

    await expect(profilePage.heading).toHaveText(SEED.archived.name);
    await expect(profilePage.statusBadge()).toHaveText('Archived');
    await expect(profilePage.summaryValue('Status')).toHaveText('Archived');
    await expect(profilePage.summary).toContainText('Archived profiles cannot be changed by anyone');
    await profilePage.expectReadOnly();

    // Typing does nothing and Enter submits nothing.
    await profilePage.field('Name').press('End');
    await page.keyboard.type(' Jr');
    await expect(profilePage.field('Name')).toHaveValue(SEED.archived.name);
    await page.keyboard.press('Enter');
    await expect(profilePage.result.region).toContainText('The outcome of your next save appears here.');
    expect(updates).toHaveLength(0);
  });

  test('a profile archived behind the console’s back is refused with 40038 and turns read-only', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await expect(profilePage.statusBadge()).toHaveText('Active');

    await sandbox.archiveProfile(SEED.gitanjali.id);

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');
    await profilePage.setField('Email', 'g.kapoor@example.com');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'This profile cannot be changed',
      message: 'Profile is archived already, operation not allowed',
      code: 40038,
      httpStatus: 400,
      advice: 'Archived profiles cannot be changed by anyone. If this person needs checks again, create a new profile.',
    });
    await expect(profilePage.result.tracingId).toBeVisible();

    await expect(profilePage.statusBadge()).toHaveText('Archived');
    await expect(profilePage.summaryValue('Status')).toHaveText('Archived');
    await profilePage.expectReadOnly();
    // What the person typed is still there to copy, though it cannot be saved.
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
    await expect(profilePage.field('Email')).toHaveValue('g.kapoor@example.com');
    // Nothing is left to discard or save: only the profile as Attestr holds it can follow.
    await expect(profilePage.discardButton).toHaveCount(0);

    const stored = await sandbox.getProfile(SEED.gitanjali.id);
    expect(stored).toMatchObject({ name: SEED.gitanjali.name, email: SEED.gitanjali.email, archived: true });
  });
});

import { SEED } from './fixtures/sandbox';
import { expect, recordProfileUpdates, test } from './fixtures/test';

test.describe('Archived profiles', () => {
  test('an archived profile is shown read-only: details to read, a calm notice, no form', async ({
    page,
    profilePage,
    profilesPage,
  }) => {
    const updates = recordProfileUpdates(page);
    await page.goto(`/profiles/${SEED.archived.id}`);

    await expect(profilePage.heading).toHaveText(SEED.archived.name);
    await expect(profilePage.statusBadge()).toHaveText('Archived');
    // The status is said once, beside the name.
    await expect(profilePage.summary.getByText('Archived', { exact: true })).toHaveCount(1);
    const details = page.getByRole('region', { name: 'Basic information' });
    const notice = details.getByRole('note');
    await expect(notice).toContainText('This profile is archived at Attestr');
    await expect(notice).toContainText('Archived profiles cannot be changed by anyone');
    // Calm, not an error: a blue note rather than red.
    await expect(notice).toHaveClass(/\bbg-sky-50\b/);
    await expect(details.locator('dt')).toHaveText(['Tag', 'Name', 'Email', 'Mobile']);
    await expect(details.locator('dd').first()).toHaveText(SEED.archived.tag);

    // Nothing to type into, nothing to save.
    await expect(profilePage.form).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    expect(updates).toHaveLength(0);

    await test.step('Recently opened marks it archived', async () => {
      await profilesPage.goto();
      const recent = profilesPage.recentProfile(SEED.archived.name);
      await expect(recent).toBeVisible();
      await expect(recent).toContainText('Archived');
    });
  });

  test('a profile archived behind the console’s back is refused with 40038 and turns read-only', async ({
    page,
    sandbox,
    profilePage,
    profilesPage,
  }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await expect(profilePage.statusBadge()).toHaveText('Active');

    await sandbox.archiveProfile(SEED.gitanjali.id);

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');
    await profilePage.setField('Email', 'g.kapoor@example.com');
    await profilePage.saveButton.click();

    await expect(profilePage.result.region).toContainText('This profile cannot be changed');
    // The plain sentence first, then Attestr's own words and code, to quote, without opening anything.
    await expect(profilePage.result.errorMessage).toHaveText('This profile is archived at Attestr.');
    await expect(profilePage.result.attestrSaid).toBeVisible();
    await expect(profilePage.result.attestrSaid).toHaveText(
      'Attestr said: “Profile is archived already, operation not allowed” (40038)',
    );
    await expect(profilePage.result.technicalDetails).not.toHaveAttribute('open');
    await expect(profilePage.result.region).toContainText(
      'Archived profiles cannot be changed by anyone. If this person needs checks again, create a new profile.',
    );

    await expect(profilePage.statusBadge()).toHaveText('Archived');
    const details = page.getByRole('region', { name: 'Basic information' });
    await expect(details.getByRole('note')).toContainText('This profile is archived at Attestr');
    // Attestr's values, not the refused ones.
    await expect(details).toContainText(SEED.gitanjali.name);
    await expect(details).toContainText(SEED.gitanjali.email);
    await expect(details).toContainText('+91 88889 99978');
    await expect(profilePage.form).toHaveCount(0);

    const stored = await sandbox.getProfile(SEED.gitanjali.id);
    expect(stored).toMatchObject({ name: SEED.gitanjali.name, email: SEED.gitanjali.email, archived: true });

    await profilesPage.goto();
    await expect(profilesPage.recentProfile(SEED.gitanjali.name)).toContainText('Archived');
  });
});

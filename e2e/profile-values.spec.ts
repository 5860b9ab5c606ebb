import { SEED } from './fixtures/sandbox';
import { expect, recordProfileUpdates, test } from './fixtures/test';

test.describe('Reading a profile’s values', () => {
  // The viewer is in India; the seeded profile was created at 09:30 UTC.
  test.use({ timezoneId: 'Asia/Kolkata' });

  test('times in the viewer’s time zone, with UTC on hover; Number explained; the status said once', async ({
    profilePage,
  }) => {
    await profilePage.goto(SEED.gitanjali.id);

    const created = profilePage.summaryValue('Created').locator('time');
    await expect(created).toHaveText('14 Mar 2025, 15:00:00 GMT+5:30');
    await expect(created).toHaveAttribute('title', '14 Mar 2025, 09:30:00 UTC');
    await expect(created).toHaveAttribute('datetime', '2025-03-14T09:30:00.000Z');
    await expect(profilePage.summaryValue('Updated').locator('time')).toHaveText('2 Nov 2025, 17:35:41 GMT+5:30');

    await expect(profilePage.summaryValue('Number')).toHaveText(SEED.gitanjali.number);
    await expect(profilePage.summary).toContainText('Attestr’s own reference number for this profile');
    await expect(profilePage.summary.getByText('Active', { exact: true })).toHaveCount(1);
  });
});

test.describe('Reading a profile’s values in UTC', () => {
  test.use({ timezoneId: 'UTC' });

  test('a viewer in UTC reads UTC', async ({ profilePage }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await expect(profilePage.summaryValue('Created').locator('time')).toHaveText('14 Mar 2025, 09:30:00 UTC');
  });
});

test.describe('A mobile number in the form (HR)', () => {
  test.use({ role: 'hr' });

  test('a mobile typed without its country code is refused with the number it would be in India, taken with one button', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(SEED.gitanjali.id);
    const mobile = profilePage.field('Mobile');
    await mobile.fill('98765 43210');
    await mobile.blur();

    await expect(mobile).toHaveAttribute('aria-invalid', 'true');
    await expect(await profilePage.errorFor('Mobile')).toHaveText('Did you mean +91 98765 43210?');
    await profilePage.saveButton.click();
    expect(updates, 'nothing is sent before the person takes the suggestion').toHaveLength(0);

    await profilePage.form.getByRole('button', { name: 'Use +91 98765 43210' }).click();
    await expect(mobile).toHaveValue('+91 98765 43210');
    await expect(mobile).not.toHaveAttribute('aria-invalid');
    await expect(profilePage.form.getByRole('button', { name: /^Use / })).toHaveCount(0);

    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Mobile')).toHaveText([SEED.gitanjali.mobileShown, '+91 98765 43210']);
    expect(await sandbox.getProfile(SEED.gitanjali.id)).toMatchObject({ mobile: '+919876543210' });
  });

  test('letters in a mobile are refused in plain words', async ({ profilePage }) => {
    await profilePage.goto(SEED.gitanjali.id);
    const mobile = profilePage.field('Mobile');
    await mobile.fill('98765 abcde');
    await mobile.blur();
    await expect(await profilePage.errorFor('Mobile')).toHaveText('A mobile number has only digits, spaces and +');
    await expect(profilePage.form.getByRole('button', { name: /^Use / })).toHaveCount(0);
  });

  test('the mobile shows in international format, and writing it in another layout is no change', async ({
    profilePage,
  }) => {
    await profilePage.goto(SEED.gitanjali.id);
    const mobile = profilePage.field('Mobile');
    await expect(mobile).toHaveValue(SEED.gitanjali.mobileShown);

    for (const layout of ['+918888999978', '+91-88889-99978', '+91 (888) 899 9978']) {
      await mobile.fill(layout);
      await mobile.blur();
      await expect(mobile, layout).toHaveValue(SEED.gitanjali.mobileShown);
      await expect(profilePage.formStatus, layout).toHaveText('No changes yet');
      await expect(profilePage.saveButton, layout).toBeDisabled();
      await expect(profilePage.discardButton, layout).toHaveCount(0);
    }
  });
});

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

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

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

const { gitanjali } = SEED;
const onUpdate = { method: 'PUT', pathIncludes: gitanjali.id } as const;

test.describe('A profile’s History keeps up with this tab (HR)', () => {
  test.use({ role: 'hr' });

  test('a save, a failed save and a check at Attestr each show in the History, without a reload', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    test.slow();
    await profilePage.goto(gitanjali.id);
    const history = page.getByRole('region', { name: 'History' });
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { historyTestPageLoad: true }));
    const stamp = Date.now().toString(36);
    const entry = (name: string) => history.getByRole('listitem').filter({ hasText: `→ “${name}”` });

    await test.step('a save', async () => {
      const saved = `Saved ${stamp}`;
      await profilePage.setField('Name', saved);
      await profilePage.saveButton.click();
      await profilePage.result.expectSaved();
      await expect(entry(saved).first()).toContainText('Saved');
    });

    await test.step('a failed save', async () => {
      const failed = `Failed ${stamp}`;
      await sandbox.injectFault({ kind: 'error5001', ...onUpdate });
      await profilePage.setField('Name', failed);
      await profilePage.saveButton.click();
      await expect(profilePage.formStatus).toContainText(/not saved/i);
      await expect(entry(failed).first()).toContainText('Failed');
    });

    await test.step('a check at Attestr', async () => {
      const unconfirmed = `Unconfirmed ${stamp}`;
      await sandbox.injectFault({ kind: 'hang', afterApplying: true, ...onUpdate });
      await profilePage.setField('Name', unconfirmed);
      await profilePage.saveButton.click();
      await expect(profilePage.result.checkAtAttestrButton).toBeVisible();
      await expect(entry(unconfirmed).first()).toContainText('Not confirmed');
      await profilePage.result.checkAtAttestrButton.click();
      await expect(profilePage.result.region).toContainText('your changes are at Attestr');
      await expect(entry(unconfirmed).first()).toContainText('Checked at Attestr: the change is there.');
    });

    expect(await page.evaluate(() => 'historyTestPageLoad' in window), 'no reload').toBe(true);
  });
});

import type { Locator, Page } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';

const { gitanjali } = SEED;

test.describe('Keyboard only', () => {
  test('edit and save with Tab, typing and Enter, without the mouse', async ({ page, sandbox, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    const { keyboard } = page;

    // Focus starts at the top of the page: the first Tab lands on the skip link, the next in the header.
    await keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Attestr Profile Console' })).toBeFocused();

    await tabUntilFocused(page, profilePage.field('Name'));
    await keyboard.press('ControlOrMeta+A');
    await keyboard.type('Gitanjali Raheja Kapoor');
    // Enter in a field submits the form.
    await keyboard.press('Enter');

    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali Raheja Kapoor']);
    expect((await sandbox.getProfile(gitanjali.id)).name).toBe('Gitanjali Raheja Kapoor');

    // A second edit, this time tabbing on to the button: Email, Mobile, Reason, then Save changes.
    // Focus stayed in Name; Tab moves on to Email.
    await expect(profilePage.field('Name')).toBeFocused();
    await keyboard.press('Tab');
    await expect(profilePage.field('Email')).toBeFocused();
    await keyboard.press('ControlOrMeta+A');
    await keyboard.type('gitanjali.kapoor@example.com');
    await keyboard.press('Tab');
    await expect(profilePage.field('Mobile')).toBeFocused();
    await keyboard.press('Tab');
    await expect(profilePage.form.getByLabel('Reason (optional)')).toBeFocused();
    await keyboard.type('TICKET-77');
    await keyboard.press('Tab');
    await expect(profilePage.saveButton).toBeFocused();
    await keyboard.press('Enter');

    await expect(profilePage.result.change('Email')).toHaveText([gitanjali.email, 'gitanjali.kapoor@example.com']);
    expect((await sandbox.getProfile(gitanjali.id)).email).toBe('gitanjali.kapoor@example.com');
    // The Save button is disabled again; focus went to the outcome, not back to the page's top.
    await expect(profilePage.result.region).toBeFocused();
  });

  test('Discard from the keyboard puts the focus back in the first field changed', async ({ page, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    const { keyboard } = page;
    await tabUntilFocused(page, profilePage.field('Email'));
    await keyboard.press('ControlOrMeta+A');
    await keyboard.type('someone@example.com');
    await keyboard.press('Tab');
    await keyboard.press('ControlOrMeta+A');
    await keyboard.type('+91 98450 12399');
    // Mobile, then Reason, Save changes, then Discard changes.
    await keyboard.press('Tab');
    await keyboard.press('Tab');
    await expect(profilePage.saveButton).toBeFocused();
    await keyboard.press('Tab');
    await expect(profilePage.discardButton).toBeFocused();
    await keyboard.press('Enter');

    await expect(profilePage.field('Email')).toHaveValue(gitanjali.email);
    await expect(profilePage.field('Mobile')).toHaveValue(gitanjali.mobileShown);
    await expect(profilePage.discardButton).toHaveCount(0);
    // Not dropped to the page's top: the person carries on where their edit began.
    await expect(profilePage.field('Email')).toBeFocused();
  });
});

/** Presses Tab until the target has focus, failing if it is not reachable in a few steps. */
async function tabUntilFocused(page: Page, target: Locator): Promise<void> {
  for (let step = 0; step < 12; step += 1) {
    if (await target.evaluate((node) => node === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, 'reachable with Tab').toBeFocused();
}

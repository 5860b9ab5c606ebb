import type { Role } from './fixtures/auth';
import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import type { ProfileFieldLabel } from './pages/profile-fields';

/** What each role sees of the profile form and the header; the API refuses the rest anyway. */

const FIELDS: readonly ProfileFieldLabel[] = ['Tag', 'Name', 'Email', 'Mobile'];
const { gitanjali } = SEED;

const HEADER: Record<Role, { name: string; role: string }> = {
  admin: { name: 'Ada Admin', role: 'Administrator' },
  hr: { name: 'Harper Hughes', role: 'HR' },
  support: { name: 'Sam Sutton', role: 'Support' },
  ops: { name: 'Olu Okafor', role: 'Operations' },
};

for (const role of ['admin', 'hr'] as const) {
  test.describe(`As ${role}`, () => {
    test.use({ role });

    test('every field is editable and no field says it is read-only', async ({ profilePage }) => {
      await profilePage.goto(gitanjali.id);
      for (const label of FIELDS) {
        await expect(profilePage.field(label)).toBeEditable();
        await expect(profilePage.field(label)).not.toHaveAttribute('readonly');
      }
      await expect(profilePage.form.getByText(/^Read-only:/)).toHaveCount(0);

      await profilePage.setField('Tag', 'AA-4321');
      await expect(profilePage.saveButton).toBeEnabled();
      await expect(profilePage.formStatus).toHaveText('Unsaved changes');
    });
  });
}

test.describe('As support', () => {
  test.use({ role: 'support' });
  const reason = 'Read-only: the Support role can change Email and Mobile only.';

  test('Tag and Name are read-only with the reason beside them; a mobile change saves', async ({
    page,
    profilePage,
    sandbox,
  }) => {
    await profilePage.goto(gitanjali.id);
    for (const label of ['Tag', 'Name'] as const) {
      const field = profilePage.field(label);
      await expect(field).toHaveAttribute('readonly');
      await expect(field).not.toBeEditable();
      await expect(field).toHaveAccessibleDescription(reason);
      // Typing into it changes nothing.
      await field.press('End');
      await field.pressSequentially('x');
      await expect(field).toHaveValue(label === 'Tag' ? gitanjali.tag : gitanjali.name);
    }
    await expect(profilePage.form.getByText(reason, { exact: true })).toHaveCount(2);
    await expect(profilePage.form.getByText(reason, { exact: true }).first()).toBeVisible();

    for (const label of ['Email', 'Mobile'] as const) {
      await expect(profilePage.field(label)).toBeEditable();
      await expect(profilePage.field(label)).not.toHaveAccessibleDescription(reason);
    }
    await expect(profilePage.formStatus).toHaveText('No changes yet');

    await profilePage.setField('Mobile', '+91 88889 99979');
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Mobile')).toHaveText([gitanjali.mobileShown, '+91 88889 99979']);
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({
      mobile: '+918888999979',
      tag: gitanjali.tag,
      name: gitanjali.name,
    });
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  });
});

test.describe('As ops', () => {
  test.use({ role: 'ops' });

  test('the profile is shown to read, with the reason once, and no form or save to make', async ({
    page,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id, { form: false });
    const details = page.getByRole('region', { name: 'Basic information' });
    await expect(details.getByRole('note')).toContainText('The Operations role can view profiles but not change them');
    await expect(details).toContainText(gitanjali.name);
    await expect(details).toContainText(gitanjali.email);
    await expect(profilePage.form).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
    await expect(profilePage.result.region).toHaveCount(0);
    await expect(page.getByRole('main')).not.toContainText('next save');
  });
});

test.describe('The header', () => {
  for (const role of ['admin', 'hr', 'support', 'ops'] as const) {
    test.describe(`as ${role}`, () => {
      test.use({ role });

      test(`shows the user’s name and role${role === 'admin' ? ', and a Users link' : ', and no Users link'}`, async ({
        page,
        profilesPage,
      }) => {
        await profilesPage.goto();
        const banner = page.getByRole('banner');
        await expect(banner).toContainText(`${HEADER[role].name} · ${HEADER[role].role}`);
        const users = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
        if (role === 'admin') {
          await expect(users).toBeVisible();
          await users.click();
          await expect(page).toHaveURL('/admin/users');
          await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
        } else {
          await expect(users).toHaveCount(0);
        }
      });
    });
  }
});

for (const role of ['hr', 'support', 'ops'] as const) {
  test.describe(`User management as ${role}`, () => {
    test.use({ role });

    test('/admin/users says there is no access and lists nobody', async ({ page }) => {
      const response = await page.goto('/admin/users');
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('You don’t have access to user management');
      await expect(page.getByText('admin@example.com')).toHaveCount(0);
      await expect(page.getByRole('table')).toHaveCount(0);
    });
  });
}

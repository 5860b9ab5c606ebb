import type { Locator, Page } from '@playwright/test';

import { signIn } from './fixtures/auth';
import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { linkedErrorOf, waitForHydration } from './pages/hydration';
import { endSessionElsewhere, expectApiError, gitanjaliWith, signInWith } from './support/api';

/**
 * An administrator manages people from /admin/users, and each change counts on that
 * person's very next request: no waiting for them to sign in again.
 */

const PROFILE_URL = `/api/profiles/${SEED.gitanjali.id}`;

/** Not on screen: absent, hidden, or kept for screen readers alone (a 1px visually hidden box). */
async function expectUnseen(text: Locator): Promise<void> {
  await expect(async () => {
    for (const box of await Promise.all((await text.all()).map((each) => each.boundingBox()))) {
      expect((box?.width ?? 0) * (box?.height ?? 0), 'not on screen').toBeLessThanOrEqual(1);
    }
  }).toPass();
}

class UsersPage {
  readonly people: Locator;
  readonly addUser: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.people = page.getByRole('region', { name: 'People' });
    this.addUser = page.getByRole('region', { name: 'Add a user' });
    // The outcome of the latest action, said beside the row or form it was taken in.
    this.notice = page.getByRole('main').getByRole('status').filter({ hasText: /\S/ });
  }

  async goto(): Promise<void> {
    await this.page.goto('/admin/users');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await waitForHydration(this.addUser.getByRole('button', { name: 'Add user' }));
    await expect(this.people.getByRole('table')).toBeVisible();
  }

  row(name: string): Locator {
    return this.people.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  roleOf(name: string): Locator {
    return this.row(name).getByLabel(`Role of ${name}`);
  }

  /** Picks a role in the select, then confirms it: the two steps a role change takes. */
  async changeRole(name: string, label: string): Promise<void> {
    await this.roleOf(name).selectOption({ label });
    await this.row(name)
      .getByRole('group', { name: `Confirm role change for ${name}` })
      .getByRole('button', { name: `Make ${label}` })
      .click();
  }

  /** Disable, then confirm. */
  async disable(name: string): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Disable ${name}` })
      .click();
    await this.row(name)
      .getByRole('group', { name: `Confirm disabling ${name}` })
      .getByRole('button', { name: 'Disable now' })
      .click();
  }
}

test.describe('User management', () => {
  test.use({ role: 'admin' });

  test('add a user, change their role, disable, enable and reset their password', async ({ page, browser }) => {
    test.slow();
    const stamp = Date.now();
    const name = `Casey Support ${stamp}`;
    const email = `casey-${stamp}@example.com`;
    const initialPassword = `initial-password-${stamp}`;
    const newPassword = `replaced-password-${stamp}`;
    const users = new UsersPage(page);
    await users.goto();

    await test.step('add the user in the form: they are listed as Support and can sign in', async () => {
      await users.addUser.getByLabel('Name').fill(name);
      await users.addUser.getByLabel('Email').fill(email);
      await users.addUser.getByLabel('Role').selectOption({ label: 'Support' });
      await users.addUser.getByLabel('Initial password').fill(initialPassword);
      await users.addUser.getByRole('button', { name: 'Add user' }).click();

      await expect(users.notice).toHaveText(`${name} can now sign in.`);
      await expect(users.row(name)).toContainText(email);
      await expect(users.row(name)).toContainText('Active');
      await expect(users.roleOf(name)).toHaveValue('support');
      await expect(users.addUser.getByLabel('Email'), 'the form is emptied').toHaveValue('');
    });

    const { api: theirs, response: signedIn } = await signInWith(email, initialPassword);
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    const asSupport = await theirs.put(PROFILE_URL, { data: gitanjaliWith({ mobile: '+918888999979' }) });
    expect(asSupport.status(), 'Support may change the mobile').toBe(200);

    // A browser of theirs, signed in with the same session.
    const theirBrowser = await browser.newContext({ baseURL: E2E.baseUrl, storageState: await theirs.storageState() });
    const theirPage = await theirBrowser.newPage();
    await theirPage.goto('/profiles');
    await expect(theirPage.getByRole('banner')).toContainText(`${name} · Support`);

    await test.step('change their role to Operations: their next update, same session, is refused', async () => {
      await users.changeRole(name, 'Operations');
      await expect(users.notice).toHaveText(`${name} is now Operations.`);
      await expect(users.roleOf(name)).toHaveValue('ops');

      const asOps = await theirs.put(PROFILE_URL, { data: gitanjaliWith({ mobile: '+918888999970' }) });
      await expectApiError(asOps, 403, 'FORBIDDEN');
      expect((await theirs.get(PROFILE_URL)).status(), 'Operations may still view').toBe(200);
      await theirPage.reload();
      await expect(theirPage.getByRole('banner')).toContainText(`${name} · Operations`);
    });

    await test.step('disable them: their next request is refused and their next page is sign-in', async () => {
      await users.disable(name);
      await expect(users.notice).toHaveText(`${name} is disabled.`);
      await expect(users.row(name)).toContainText('Disabled');
      await expect(users.row(name).getByRole('button', { name: `Enable ${name}` })).toBeVisible();

      await expectApiError(await theirs.get(PROFILE_URL), 401, 'UNAUTHENTICATED');
      await theirPage.goto(`/profiles/${SEED.gitanjali.id}`);
      await expect(theirPage).toHaveURL(/\/sign-in(\?|$)/);
      await expect(theirPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();

      const whileDisabled = await signInWith(email, initialPassword);
      await expectApiError(whileDisabled.response, 403, 'ACCOUNT_DISABLED');
      await whileDisabled.api.dispose();
    });

    let again: Awaited<ReturnType<typeof signInWith>>;
    await test.step('enable them again: they can sign in', async () => {
      await users
        .row(name)
        .getByRole('button', { name: `Enable ${name}` })
        .click();
      await expect(users.notice).toHaveText(`${name} is enabled.`);
      await expect(users.row(name)).toContainText('Active');
      again = await signInWith(email, initialPassword);
      expect(again.response.status(), await again.response.text()).toBe(200);
      expect((await again.api.get(PROFILE_URL)).status()).toBe(200);
    });

    await test.step('reset their password: the old one fails, the new one works, sessions end', async () => {
      await users.row(name).getByRole('button', { name: 'Reset password', exact: true }).click();
      await users.row(name).getByLabel(`New password for ${name}`).fill(newPassword);
      await users.row(name).getByRole('button', { name: 'Set password', exact: true }).click();
      await expect(users.notice).toHaveText(`New password set for ${name}; they are signed out everywhere.`);

      await expectApiError(await again.api.get(PROFILE_URL), 401, 'UNAUTHENTICATED');
      const old = await signInWith(email, initialPassword);
      await expectApiError(old.response, 401, 'INVALID_CREDENTIALS');
      const fresh = await signInWith(email, newPassword);
      expect(fresh.response.status(), await fresh.response.text()).toBe(200);
      expect((await fresh.api.get(PROFILE_URL)).status()).toBe(200);
      await Promise.all([old.api.dispose(), fresh.api.dispose(), again.api.dispose()]);
    });

    await theirs.dispose();
    await theirBrowser.close();
  });

  test('an administrator cannot disable themselves or change their own role', async ({ page }) => {
    const users = new UsersPage(page);
    await users.goto();
    const self = users.row('Ada Admin');
    await expect(self).toContainText('(you)');
    await expect(self.getByRole('button', { name: 'Disable Ada Admin' })).toBeDisabled();
    await expect(users.roleOf('Ada Admin')).toBeDisabled();

    // The API refuses it too, whatever the page shows.
    const admin = page.context().request;
    const list = (await (await admin.get('/api/admin/users')).json()) as { users: { id: string; email: string }[] };
    const me = list.users.find((user) => user.email === E2E.users.admin)!;
    const disable = await admin.patch(`/api/admin/users/${me.id}`, {
      headers: { Origin: E2E.baseUrl },
      data: { disabled: true },
    });
    await expectApiError(disable, 400, 'SELF_CHANGE');
    expect((await admin.get('/api/admin/users')).status(), 'still signed in and still admin').toBe(200);
  });

  test('an error stays only until the next action: a later success clears it', async ({ page }) => {
    const stamp = Date.now();
    const [first, second] = [`Riley Retry ${stamp}`, `Morgan Other ${stamp}`];
    for (const [name, email] of [
      [first, `riley-${stamp}@example.com`],
      [second, `morgan-${stamp}@example.com`],
    ]) {
      const created = await page.context().request.post('/api/admin/users', {
        headers: { Origin: E2E.baseUrl },
        data: { name, email, role: 'support', password: `initial-password-${stamp}` },
      });
      expect(created.status(), await created.text()).toBe(201);
    }
    const users = new UsersPage(page);
    await users.goto();
    const row = users.row(first);
    const tooShort = async () => {
      if ((await row.getByLabel(`New password for ${first}`).count()) === 0) {
        await row.getByRole('button', { name: 'Reset password', exact: true }).click();
      }
      await row.getByLabel(`New password for ${first}`).fill('short');
      await row.getByRole('button', { name: 'Set password', exact: true }).click();
      // Beside the field, like every other error.
      await expect(row.getByLabel(`New password for ${first}`)).toHaveAttribute('aria-invalid', 'true');
      await expect(await linkedErrorOf(row.getByLabel(`New password for ${first}`))).toHaveText(
        'Use at least 12 characters',
      );
    };

    await test.step('a failed password reset, then a role change in the same row', async () => {
      await tooShort();
      await users.changeRole(first, 'HR');
      await expect(users.notice).toHaveText(`${first} is now HR.`);
      await expect(row.getByRole('alert')).toHaveCount(0);
    });

    await test.step('a failed password reset, then a change in another row', async () => {
      await tooShort();
      await users.disable(second);
      await expect(users.notice).toHaveText(`${second} is disabled.`);
      await expect(users.people.getByRole('alert')).toHaveCount(0);
    });

    await test.step('a refused new user, then a change in the table', async () => {
      await users.addUser.getByLabel('Name').fill('Second HR');
      await users.addUser.getByLabel('Email').fill(E2E.users.hr);
      await users.addUser.getByLabel('Role').selectOption({ label: 'HR' });
      await users.addUser.getByLabel('Initial password').fill('another-password-123');
      await users.addUser.getByRole('button', { name: 'Add user' }).click();
      await expect(users.addUser.getByRole('alert')).toContainText('A user with this email already exists');
      await expect(users.notice, 'no earlier success stays beside the error').toHaveCount(0);

      await users
        .row(second)
        .getByRole('button', { name: `Enable ${second}` })
        .click();
      await expect(users.notice).toHaveText(`${second} is enabled.`);
      await expect(users.addUser.getByRole('alert')).toHaveCount(0);
    });
  });

  test('adding a user whose email is taken says so, and adds nobody', async ({ page }) => {
    const users = new UsersPage(page);
    await users.goto();
    const before = await users.people.getByRole('row').count();
    await users.addUser.getByLabel('Name').fill('Second HR');
    await users.addUser.getByLabel('Email').fill(E2E.users.hr);
    await users.addUser.getByLabel('Role').selectOption({ label: 'HR' });
    await users.addUser.getByLabel('Initial password').fill('another-password-123');
    await users.addUser.getByRole('button', { name: 'Add user' }).click();
    // Beside the Email field, the one to change; nothing else repeats it under the button.
    const email = users.addUser.getByLabel('Email');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(await linkedErrorOf(email)).toHaveText(
      'Someone already uses this email; use another, or change the existing user',
    );
    await expectUnseen(users.addUser.getByText(/A user with this email already exists/));
    await expect(users.addUser.getByText('Technical details')).toHaveCount(0);
    await expect(users.people.getByRole('row')).toHaveCount(before);
  });
});

test.describe('User management after the session has ended', () => {
  // A session of its own, ended on purpose.
  test.use({ role: null });

  test('a refused change links to sign in again, back to the users page', async ({ page, context }) => {
    const session = await signIn('admin');
    await context.addCookies(session.cookies);
    const name = `Jordan Ended ${Date.now()}`;
    const created = await context.request.post('/api/admin/users', {
      headers: { Origin: E2E.baseUrl },
      data: { name, email: `jordan-${Date.now()}@example.com`, role: 'support', password: 'initial-password-123' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const users = new UsersPage(page);
    await users.goto();

    await endSessionElsewhere(session);

    await users.disable(name);
    await expect(users.row(name).getByRole('alert')).toContainText('Sign in to continue');
    await expect(users.row(name).getByRole('link', { name: 'Sign in again (opens a new tab)' })).toHaveAttribute(
      'href',
      `/sign-in?next=${encodeURIComponent('/admin/users')}`,
    );
  });
});

test.describe('User management asks before it acts', () => {
  test.use({ role: 'admin' });

  async function someone(page: Page, label: string): Promise<{ name: string; id: string }> {
    const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const name = `${label} ${stamp}`;
    const created = await page.context().request.post('/api/admin/users', {
      headers: { Origin: E2E.baseUrl },
      data: {
        name,
        email: `${label.toLowerCase()}-${stamp}@example.com`,
        role: 'support',
        password: `initial-${stamp}`,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    return { name, id: ((await created.json()) as { user: { id: string } }).user.id };
  }

  async function roleOnServer(page: Page, id: string): Promise<string> {
    const list = (await (await page.context().request.get('/api/admin/users')).json()) as {
      users: { id: string; role: string; disabled: boolean }[];
    };
    return list.users.find((user) => user.id === id)!.role;
  }

  test('one ArrowDown on a focused role select opens the confirmation and sends nothing; Tab reaches its confirm button', async ({
    page,
  }) => {
    const { name, id } = await someone(page, 'Avery');
    const users = new UsersPage(page);
    await users.goto();
    const changes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH') changes.push(request.url());
    });
    const confirm = users.row(name).getByRole('group', { name: `Confirm role change for ${name}` });

    await users.roleOf(name).focus();
    await page.keyboard.press('ArrowDown');
    await expect(users.roleOf(name)).not.toHaveValue('support');
    await expect(confirm).toContainText(`Change ${name} from Support to`);
    // The focus stays on the select, so the arrow keys go on choosing.
    await expect(users.roleOf(name)).toBeFocused();
    expect(changes, 'nothing is sent on a keystroke').toEqual([]);
    expect(await roleOnServer(page, id)).toBe('support');

    await test.step('Escape on the select cancels and puts the role back', async () => {
      await page.keyboard.press('Escape');
      await expect(confirm).toHaveCount(0);
      await expect(users.roleOf(name)).toHaveValue('support');
      expect(changes).toEqual([]);
    });

    await test.step('choose, Tab to the confirm button, Enter: saved', async () => {
      await users.roleOf(name).selectOption({ label: 'HR' });
      await users.roleOf(name).focus();
      await page.keyboard.press('Tab');
      await expect(confirm.getByRole('button', { name: 'Make HR' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(users.notice).toHaveText(`${name} is now HR.`);
      expect(await roleOnServer(page, id)).toBe('hr');
    });
  });

  test('a role change is one choice and one confirm, one confirmation open at a time, and no column moves', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const first = await someone(page, 'Rowan');
    const second = await someone(page, 'Sasha');
    const users = new UsersPage(page);
    await users.goto();
    const columns = () =>
      users.people
        .getByRole('columnheader')
        .evaluateAll((headers) => headers.map((header) => Math.round(header.getBoundingClientRect().left)));
    const cellLefts = (name: string) =>
      users
        .row(name)
        .locator('th, td')
        .evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().left)));
    const before = {
      columns: await columns(),
      first: await cellLefts(first.name),
      second: await cellLefts(second.name),
    };

    await users.roleOf(first.name).selectOption({ label: 'Operations' });
    const firstConfirm = users.row(first.name).getByRole('group', { name: `Confirm role change for ${first.name}` });
    await expect(firstConfirm).toBeVisible();
    expect(await columns(), 'the columns stay put').toEqual(before.columns);
    expect(await cellLefts(first.name)).toEqual(before.first);
    expect(await cellLefts(second.name)).toEqual(before.second);

    await users.roleOf(second.name).selectOption({ label: 'HR' });
    await expect(users.people.getByRole('group', { name: /^Confirm / })).toHaveCount(1);
    await expect(firstConfirm).toHaveCount(0);
    await expect(users.roleOf(first.name), 'the closed one puts its role back').toHaveValue('support');

    await users.row(second.name).getByRole('button', { name: 'Make HR' }).click();
    await expect(users.notice).toHaveText(`${second.name} is now HR.`);
    expect(await roleOnServer(page, second.id)).toBe('hr');
    expect(await roleOnServer(page, first.id)).toBe('support');
  });

  test('Last sign-in says Never for someone who has not signed in, and when for someone who has', async ({ page }) => {
    const { name } = await someone(page, 'Morgan');
    const users = new UsersPage(page);
    await users.goto();
    await expect(users.people.getByRole('columnheader', { name: 'Last sign-in' })).toBeVisible();
    await expect(users.row(name).getByRole('cell').nth(3)).toHaveText(/Never$/);
    // The administrator signed in to get here.
    await expect(users.row('Ada Admin').locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  });

  test('on a phone, a confirmed change is said in that person’s card, where the focus lands', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const { name } = await someone(page, 'Parker');
    const users = new UsersPage(page);
    await users.goto();
    const outcome = users.row(name).getByRole('status');

    // Readable in the card, where the table's headings are not shown.
    await expect(users.row(name)).toContainText('Last sign-in: Never');
    await users.changeRole(name, 'Operations');
    await expect(outcome).toHaveText(`${name} is now Operations.`);
    await expect(outcome).toBeInViewport();
    await expect(outcome).toBeFocused();

    await users.disable(name);
    await expect(outcome).toHaveText(`${name} is disabled.`);
    await expect(outcome).toBeInViewport();
    await expect(outcome).toBeFocused();
    await expect(users.notice, 'said once, in that card').toHaveCount(1);
  });

  test('an open confirm step does not break emails mid-word', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const { name } = await someone(page, 'Emerson');
    const users = new UsersPage(page);
    await users.goto();
    await users.roleOf(name).selectOption({ label: 'Operations' });
    await expect(users.row(name).getByRole('group', { name: `Confirm role change for ${name}` })).toBeVisible();

    for (const email of [E2E.users.admin, E2E.users.support]) {
      const lines = await users.people.getByRole('cell', { name: email, exact: true }).evaluate((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines, `${email} on one line`).toBe(1);
    }
  });

  test('Disable asks first; Keep active leaves the account as it was', async ({ page }) => {
    const { name } = await someone(page, 'Quinn');
    const users = new UsersPage(page);
    await users.goto();

    await users
      .row(name)
      .getByRole('button', { name: `Disable ${name}` })
      .click();
    const confirm = users.row(name).getByRole('group', { name: `Confirm disabling ${name}` });
    await expect(confirm).toContainText(`Disable ${name}? They are signed out at once`);
    await confirm.getByRole('button', { name: 'Keep active' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(users.row(name)).toContainText('Active');

    await users.disable(name);
    await expect(users.notice).toHaveText(`${name} is disabled.`);
    await expect(users.row(name)).toContainText('Disabled');
  });

  test('a new user’s role must be chosen: no default, and the server refuses a missing one beside the field', async ({
    page,
  }) => {
    const users = new UsersPage(page);
    await users.goto();
    await expect(users.addUser.getByLabel('Role')).toHaveValue('');
    await expect(users.addUser.getByLabel('Initial password')).toHaveAccessibleDescription('At least 12 characters.');

    const stamp = Date.now();
    await users.addUser.getByLabel('Name').fill(`Nobody Chosen ${stamp}`);
    await users.addUser.getByLabel('Email').fill(`nobody-${stamp}@example.com`);
    await users.addUser.getByLabel('Initial password').fill('short');
    await users.addUser.getByRole('button', { name: 'Add user' }).click();

    await expect(users.addUser.getByLabel('Role')).toHaveAttribute('aria-invalid', 'true');
    await expect(await linkedErrorOf(users.addUser.getByLabel('Role'))).toHaveText('Choose a role');
    await expect(users.addUser.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
    await expect(await linkedErrorOf(users.addUser.getByLabel('Initial password'))).toHaveText(
      'Use at least 12 characters',
    );
    // One message per problem: the field's own replaces the hint, and no general line repeats it.
    await expect(users.addUser.getByLabel('Initial password')).toHaveAccessibleDescription(
      'Use at least 12 characters',
    );
    await expect(users.addUser.getByText('At least 12 characters.')).toHaveCount(0);
    await expectUnseen(users.addUser.getByText(/Some fields need correcting/));
    await expect(users.addUser.getByText('Technical details')).toHaveCount(0);
    await expect(users.people).not.toContainText(`Nobody Chosen ${stamp}`);

    const missing = await page.context().request.post('/api/admin/users', {
      headers: { Origin: E2E.baseUrl },
      data: { name: 'No Role', email: `norole-${stamp}@example.com`, password: 'long-enough-password' },
    });
    expect(missing.status()).toBe(422);
    expect(((await missing.json()) as { error: { fieldErrors: object } }).error.fieldErrors).toEqual({
      role: 'Choose a role',
    });
  });
});

test.describe('Your account', () => {
  test.use({ role: null });

  test('anyone changes their own password with the current one; their other sessions end', async ({
    page,
    context,
  }) => {
    test.slow();
    const stamp = Date.now();
    const email = `own-${stamp}@example.com`;
    const [first, second] = [`first-password-${stamp}`, `second-password-${stamp}`];
    const admin = await signInWith(E2E.users.admin, E2E.demoPassword);
    expect(
      (
        await admin.api.post('/api/admin/users', {
          data: { name: `Sam Support ${stamp}`, email, role: 'support', password: first },
        })
      ).status(),
    ).toBe(201);
    await admin.api.dispose();

    const here = await signInWith(email, first);
    await context.addCookies((await here.api.storageState()).cookies);
    const elsewhere = await signInWith(email, first);

    await page.goto('/profiles');
    await expect(page.getByRole('banner')).toContainText(`Sam Support ${stamp} · Support`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Your account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    const form = page.getByRole('region', { name: 'Change your password' });
    await waitForHydration(form.getByRole('button', { name: 'Change password' }));

    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill(second);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
    await expect(await linkedErrorOf(form.getByLabel('Current password'))).toHaveText(
      'This is not your current password',
    );
    await expectUnseen(form.getByText(/The current password is not right/));
    await expect(form.getByText('Technical details')).toHaveCount(0);
    expect((await elsewhere.api.get(PROFILE_URL)).status(), 'nothing changed').toBe(200);

    await form.getByLabel('Current password').fill(first);
    await form.getByLabel('New password').fill(second);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form).toContainText('Your password is changed. Other sessions are signed out.');

    await expectApiError(await elsewhere.api.get(PROFILE_URL), 401, 'UNAUTHENTICATED');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' }), 'still signed in here').toBeVisible();
    await expectApiError((await signInWith(email, first)).response, 401, 'INVALID_CREDENTIALS');
    expect((await signInWith(email, second)).response.status()).toBe(200);
    await Promise.all([here.api.dispose(), elsewhere.api.dispose()]);
  });
});

import Database from 'better-sqlite3';
import path from 'node:path';

import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { apiAs, gitanjaliWith, signInWith } from './support/api';

/**
 * Requests no page of the console sends: crafted addresses get a 4xx JSON error that names
 * the problem, and nothing is counted or sent on; an account without a role sees no profile.
 */
test.describe('Crafted requests', () => {
  test.use({ role: null });

  test('a sign-in at an address with an encoded slash is refused with 400, and no try is counted', async () => {
    const visitor = await apiAs(null);
    for (let i = 0; i < 6; i += 1) {
      const response = await visitor.post('/api/auth/sign-in%2Femail', {
        data: { email: E2E.users.support, password: 'not-the-password' },
      });
      expect(response.status()).toBe(400);
      expect(await response.json()).toMatchObject({
        error: {
          code: 'BAD_REQUEST',
          details: 'The address is malformed: it has an encoded slash (%2F or %5C) inside a part of the path.',
        },
      });
    }
    await visitor.dispose();
    // Six counted failures would make this try wait.
    const { api, response } = await signInWith(E2E.users.support, E2E.demoPassword);
    expect(response.status(), await response.text()).toBe(200);
    await api.dispose();
  });

  test('a profile address with a malformed percent-encoding is refused with 400, and Attestr is not called', async ({
    sandbox,
  }) => {
    const hr = await apiAs('hr');
    for (const answer of [
      await hr.put('/api/profiles/%E0%A4%A', { data: gitanjaliWith({ tag: 'crafted' }) }),
      await hr.get('/api/profiles/%E0%A4%A'),
    ]) {
      expect(answer.status()).toBe(400);
      expect(answer.headers()['content-type']).toMatch(/^application\/json/);
      expect(await answer.json()).toMatchObject({
        error: {
          code: 'BAD_REQUEST',
          details: 'The address is malformed: a % in it is not followed by a valid encoded character.',
        },
      });
    }
    expect((await sandbox.getProfile(SEED.gitanjali.id)).tag).toBe(SEED.gitanjali.tag);
    await hr.dispose();
  });

  test('a page address with a malformed percent-encoding gets the 400 page, signed in or not', async ({ browser }) => {
    const paths = ['/updates/%zz', '/bulk/%', '/profiles/%', '/profiles/%E0%A4%A', '/%'];
    for (const role of [null, 'hr'] as const) {
      const visitor = await apiAs(role);
      for (const address of paths) {
        const response = await visitor.get(address, { maxRedirects: 0 });
        expect(response.status(), `${address} ${role ?? 'signed out'}`).toBe(400);
        expect(response.headers()['content-type']).toMatch(/^text\/html/);
        expect(await response.text()).toContain('This address cannot be read');
      }
      await visitor.dispose();
    }
    const { api } = await signInWith(E2E.users.hr, E2E.demoPassword);
    const context = await browser.newContext({ baseURL: E2E.baseUrl, storageState: await api.storageState() });
    await api.dispose();
    const page = await context.newPage();
    const response = await page.goto('/updates/%zz');
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This address cannot be read');
    await page.getByRole('link', { name: 'Go to Profiles' }).click();
    await expect(page).toHaveURL(/\/profiles$/);
    await context.close();
  });

  test('an account whose role is unknown gets the access-denied page, not the profile', async ({ browser }) => {
    const admin = await apiAs('admin');
    const email = `no-role-${Date.now()}@example.com`;
    const password = 'no-role-password-1';
    const created = await admin.post('/api/admin/users', {
      data: { name: 'Nora Norole', email, role: 'support', password },
    });
    expect(created.status(), await created.text()).toBe(201);
    await admin.dispose();
    // No screen gives an account an unknown role; an old or hand-edited row can have one.
    const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
    db.prepare('update "user" set role = ? where email = ?').run('', email);
    db.close();

    const { api } = await signInWith(email, password);
    const context = await browser.newContext({ baseURL: E2E.baseUrl, storageState: await api.storageState() });
    await api.dispose();
    const page = await context.newPage();
    await page.goto(`/profiles/${SEED.gitanjali.id}`);

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You don’t have access to profiles');
    await expect(page.getByRole('main')).not.toContainText(SEED.gitanjali.name);
    await context.close();
  });
});

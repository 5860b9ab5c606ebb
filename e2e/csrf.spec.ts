import { request, type APIRequestContext, type Request as BrowserRequest } from '@playwright/test';

import { signIn, type Role } from './fixtures/auth';
import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { expectApiError, gitanjaliWith, SIGNED_OUT } from './support/api';
import { AttackerSite } from './support/attacker-site';

/**
 * A state-changing request must say it comes from the console's own pages (Sec-Fetch-Site:
 * same-origin, or the console's Origin); the session cookie alone is not enough.
 */

const CROSS_SITE = [
  { name: 'a foreign Origin and no Sec-Fetch-Site', headers: { Origin: 'https://evil.example' } },
  { name: 'Sec-Fetch-Site: cross-site', headers: { 'Sec-Fetch-Site': 'cross-site' } },
  { name: 'Sec-Fetch-Site: same-site', headers: { 'Sec-Fetch-Site': 'same-site' } },
  { name: 'neither Origin nor Sec-Fetch-Site', headers: {} },
] as const;

const PROFILE_URL = `/api/profiles/${SEED.gitanjali.id}`;

/** A fresh session of `role`, in a client that adds no Origin or Fetch Metadata of its own. */
async function bareClient(role: Role): Promise<APIRequestContext> {
  return request.newContext({ baseURL: E2E.baseUrl, storageState: await signIn(role) });
}

async function userEmails(admin: APIRequestContext): Promise<string[]> {
  const response = await admin.get('/api/admin/users');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { users: { email: string }[] }).users.map((user) => user.email);
}

test.describe('Cross-site requests are refused, whatever cookie they carry', () => {
  test.use({ role: null });

  test('an update of a profile from another site changes nothing; from the console it is saved', async ({
    sandbox,
  }) => {
    const hr = await bareClient('hr');
    for (const variant of CROSS_SITE) {
      const response = await hr.put(PROFILE_URL, {
        headers: variant.headers,
        data: gitanjaliWith({ name: `Forged ${variant.name}` }),
      });
      await test.step(variant.name, () => expectApiError(response, 403, 'CROSS_SITE_REQUEST'));
      expect((await sandbox.getProfile(SEED.gitanjali.id)).name, `after ${variant.name}`).toBe(SEED.gitanjali.name);
    }

    // The same cookie from the console's own origin: with only Origin, then only Fetch Metadata.
    const byOrigin = await hr.put(PROFILE_URL, {
      headers: { Origin: E2E.baseUrl },
      data: gitanjaliWith({ name: 'Gitanjali R.' }),
    });
    expect(byOrigin.status(), await byOrigin.text()).toBe(200);
    expect((await sandbox.getProfile(SEED.gitanjali.id)).name).toBe('Gitanjali R.');
    const byFetchMetadata = await hr.put(PROFILE_URL, {
      headers: { 'Sec-Fetch-Site': 'same-origin' },
      // As the form would after the first save: loaded with the name that save left.
      data: {
        ...gitanjaliWith({ name: 'Gitanjali Raheja-Singh' }),
        base: { ...gitanjaliWith().base, name: 'Gitanjali R.' },
      },
    });
    expect(byFetchMetadata.status(), await byFetchMetadata.text()).toBe(200);
    expect((await sandbox.getProfile(SEED.gitanjali.id)).name).toBe('Gitanjali Raheja-Singh');
    await hr.dispose();
  });

  test('a sign-out from another site leaves the session working; from the console it ends it', async () => {
    const hr = await bareClient('hr');
    for (const variant of CROSS_SITE) {
      const response = await hr.post('/api/auth/sign-out', { headers: variant.headers });
      await test.step(variant.name, () => expectApiError(response, 403, 'CROSS_SITE_REQUEST'));
      const still = await hr.get(PROFILE_URL);
      expect(still.status(), `the session still works after ${variant.name}`).toBe(200);
    }

    const signOut = await hr.post('/api/auth/sign-out', { headers: { Origin: E2E.baseUrl } });
    expect(signOut.status(), await signOut.text()).toBe(200);
    // The same cookie, replayed, no longer works: the session is gone on the server.
    const replayed = await request.newContext({ baseURL: E2E.baseUrl, storageState: await hr.storageState() });
    await hr.dispose();
    expect((await replayed.get(PROFILE_URL)).status()).toBe(401);
    await replayed.dispose();
  });

  test('creating a user from another site creates nobody; from the console it does', async () => {
    const admin = await bareClient('admin');
    const stamp = Date.now();
    const attempted: string[] = [];
    for (const [index, variant] of CROSS_SITE.entries()) {
      const email = `csrf-${stamp}-${index}@example.com`;
      attempted.push(email);
      const response = await admin.post('/api/admin/users', {
        headers: variant.headers,
        data: { name: 'Forged Admin', email, role: 'admin', password: 'forged-password-123' },
      });
      await test.step(variant.name, () => expectApiError(response, 403, 'CROSS_SITE_REQUEST'));
    }
    const listed = await userEmails(admin);
    expect(attempted.filter((email) => listed.includes(email))).toEqual([]);

    const email = `csrf-${stamp}-same-origin@example.com`;
    const created = await admin.post('/api/admin/users', {
      headers: { Origin: E2E.baseUrl },
      data: { name: 'Real Support', email, role: 'support', password: 'real-password-1234' },
    });
    expect(created.status(), await created.text()).toBe(201);
    expect(await userEmails(admin)).toContain(email);
    await admin.dispose();
  });

  test('a sign-in posted from another site is refused and sets no cookie (login CSRF)', async () => {
    const visitor = await request.newContext({ baseURL: E2E.baseUrl, storageState: SIGNED_OUT });
    for (const variant of CROSS_SITE) {
      const response = await visitor.post('/api/auth/sign-in/email', {
        headers: variant.headers,
        data: { email: E2E.users.hr, password: E2E.demoPassword },
      });
      await test.step(variant.name, () => expectApiError(response, 403, 'CROSS_SITE_REQUEST'));
      expect(response.headers()['set-cookie'], `no cookie after ${variant.name}`).toBeUndefined();
    }
    expect((await visitor.storageState()).cookies).toEqual([]);
    await visitor.dispose();
  });
});

test.describe('A page on another site, opened by a signed-in person', () => {
  test.use({ role: null });

  let site: AttackerSite;
  test.beforeAll(async () => {
    site = await AttackerSite.start();
  });
  test.afterAll(async () => {
    await site.stop();
  });

  const autoSubmittedSignOut = `<!doctype html><title>Win a prize</title>
    <form id="f" method="POST" action="${E2E.baseUrl}/api/auth/sign-out"><input name="x" value="1"></form>
    <script>document.getElementById('f').submit()</script>`;

  const forgedFetches = `<!doctype html><title>Win a prize</title><pre id="result">pending</pre>
    <script>
      (async () => {
        const out = [];
        try {
          const response = await fetch(${JSON.stringify(`${E2E.baseUrl}${PROFILE_URL}`)}, {
            method: 'PUT',
            credentials: 'include',
            headers: { 'Content-Type': 'application/json' },
            body: ${JSON.stringify(JSON.stringify(gitanjaliWith({ name: 'Forged By Fetch' })))},
          });
          out.push('put:' + response.status);
        } catch {
          out.push('put:blocked');
        }
        try {
          // A "simple" request: no preflight, so the browser sends it (cookie included) blind.
          await fetch(${JSON.stringify(`${E2E.baseUrl}/api/auth/sign-out`)}, {
            method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'Content-Type': 'text/plain' }, body: '{}',
          });
          out.push('sign-out:sent');
        } catch {
          out.push('sign-out:blocked');
        }
        document.getElementById('result').textContent = out.join(' ');
      })();
    </script>`;

  test('a form that posts to sign-out, and forged fetches, from the same site but another origin', async ({
    browser,
    sandbox,
  }) => {
    const context = await browser.newContext({ storageState: await signIn('hr') });
    const page = await context.newPage();
    // Requests the console answered (a PUT stopped at its preflight never gets an answer).
    const answered: BrowserRequest[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(E2E.baseUrl)) answered.push(response.request());
    });

    // 1. The auto-submitted form: the browser sends the cookie (same site), the console refuses.
    const formAnswer = page.waitForResponse(`${E2E.baseUrl}/api/auth/sign-out`);
    await page.goto(site.serve('/form', autoSubmittedSignOut));
    const answer = await formAnswer;
    expect(answer.status()).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'CROSS_SITE_REQUEST' } });
    const formHeaders = await answer.request().allHeaders();
    expect(formHeaders['cookie'], 'the browser did send the session cookie').toContain('better-auth.session_token');
    expect(formHeaders['sec-fetch-site']).toBe('same-site');

    // 2. fetch(): the PUT needs a preflight the console does not grant; the blind POST is refused.
    const blindAnswer = page.waitForResponse(
      (response) => response.url() === `${E2E.baseUrl}/api/auth/sign-out` && response.request().method() === 'POST',
    );
    await page.goto(site.serve('/fetch', forgedFetches));
    await expect(page.locator('#result')).toHaveText('put:blocked sign-out:sent');
    expect((await blindAnswer).status()).toBe(403);
    expect(
      answered.filter((sent) => sent.method() === 'PUT'),
      'no PUT reached the console',
    ).toHaveLength(0);

    // The person is still signed in, and Attestr still holds the profile as it was.
    expect((await context.request.get(`${E2E.baseUrl}${PROFILE_URL}`)).status()).toBe(200);
    await page.goto(`${E2E.baseUrl}/profiles`);
    await expect(page).toHaveURL(`${E2E.baseUrl}/profiles`);
    await expect(page.getByRole('banner')).toContainText('Harper Hughes');
    expect(await sandbox.getProfile(SEED.gitanjali.id)).toMatchObject({ name: SEED.gitanjali.name });
    await context.close();
  });

  test('the same form from a cross-site origin is refused too', async ({ browser }) => {
    const context = await browser.newContext({ storageState: await signIn('hr') });
    const page = await context.newPage();
    const formAnswer = page.waitForResponse(`${E2E.baseUrl}/api/auth/sign-out`);
    await page.goto(site.serve('/cross-site-form', autoSubmittedSignOut, 'localhost'));
    const answer = await formAnswer;
    // A SameSite=Lax cookie does not travel on a cross-site POST, so there is no session to end.
    expect([401, 403]).toContain(answer.status());
    expect((await context.request.get(`${E2E.baseUrl}${PROFILE_URL}`)).status()).toBe(200);
    await context.close();
  });
});

import { request } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { E2E, E2E_INSTANCES } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { SignInPage } from './pages/sign-in-page';
import { expectApiError, sameOrigin, signInWith } from './support/api';

/**
 * Two consoles behind one load balancer: one PostgreSQL database and one BETTER_AUTH_SECRET,
 * so a session, a sign-out and the sign-in throttle are the same whichever instance answers.
 * Started by playwright.config.ts only when TEST_DATABASE_URL is set.
 */

const [A, B] = E2E_INSTANCES;
const PROFILE_URL = `/api/profiles/${SEED.gitanjali.id}`;

test.describe('Two instances sharing one PostgreSQL database', () => {
  // With REQUIRE_POSTGRES=1 these tests never skip (the config refuses to start without the URL).
  test.skip(
    !process.env.TEST_DATABASE_URL && process.env.REQUIRE_POSTGRES !== '1',
    'needs PostgreSQL: set TEST_DATABASE_URL',
  );
  test.use({ role: null });

  test('both instances are up and use PostgreSQL', async () => {
    for (const instance of [A, B]) {
      // The details of /api/health are for admin and ops.
      const { api, response } = await signInWith(E2E.users.ops, E2E.demoPassword, instance.baseUrl);
      expect(response.status(), await response.text()).toBe(200);
      const health = await api.get('/api/health');
      expect(health.status(), instance.baseUrl).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true, engine: 'postgres' } });
      await api.dispose();
    }
  });

  test('a session made on A works on B, and signing out on B ends it on A', async () => {
    const { api: onA, response } = await signInWith(E2E.users.hr, E2E.demoPassword, A.baseUrl);
    expect(response.status(), await response.text()).toBe(200);
    const session = await onA.storageState();
    expect(session.cookies.map((cookie) => cookie.name)).toContain('better-auth.session_token');

    // Cookies belong to a host, not a port: the same cookie jar, aimed at B.
    const onB = await request.newContext({
      baseURL: B.baseUrl,
      extraHTTPHeaders: sameOrigin(B.baseUrl),
      storageState: session,
    });
    const read = await onB.get(PROFILE_URL);
    expect(read.status(), await read.text()).toBe(200);
    expect(await read.json()).toMatchObject({ profile: { id: SEED.gitanjali.id, name: SEED.gitanjali.name } });
    expect((await onA.get(PROFILE_URL)).status()).toBe(200);

    const signOut = await onB.post('/api/auth/sign-out');
    expect(signOut.status(), await signOut.text()).toBe(200);
    // onA still holds the very same cookie; the session behind it is gone for both instances.
    await expectApiError(await onA.get(PROFILE_URL), 401, 'UNAUTHENTICATED');
    const replayOnB = await request.newContext({ baseURL: B.baseUrl, storageState: session });
    await expectApiError(await replayOnB.get(PROFILE_URL), 401, 'UNAUTHENTICATED');
    await Promise.all([onA.dispose(), onB.dispose(), replayOnB.dispose()]);
  });

  test('signed in through A’s sign-in page, the browser is signed in on B', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${A.baseUrl}/sign-in`);
    const signInPage = new SignInPage(page);
    await signInPage.waitUntilReady();
    await signInPage.signIn(E2E.users.hr, E2E.demoPassword);
    await expect(page).toHaveURL(`${A.baseUrl}/profiles`);

    const response = await page.goto(`${B.baseUrl}/profiles`);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(`${B.baseUrl}/profiles`);
    await expect(page.getByRole('heading', { level: 1, name: 'Profiles' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Harper Hughes');
    await context.close();
  });

  test('five wrong passwords on A lock the account on B too, right password or not', async () => {
    // A fresh account each run: the lock lasts 15 minutes in the shared database, and a demo
    // account locked here would break the other tests of a re-run.
    const stamp = Date.now();
    const email = `throttle-${stamp}@example.com`;
    const password = `throttle-password-${stamp}`;
    const { api: admin, response: adminIn } = await signInWith(E2E.users.admin, E2E.demoPassword, A.baseUrl);
    expect(adminIn.status(), await adminIn.text()).toBe(200);
    const created = await admin.post('/api/admin/users', {
      data: { name: `Throttle ${stamp}`, email, role: 'ops', password },
    });
    expect(created.status(), await created.text()).toBe(201);
    await admin.dispose();

    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const { api, response } = await signInWith(email, `wrong-password-${attempt}`, A.baseUrl);
      await test.step(`wrong password ${attempt} on A`, () => expectApiError(response, 401, 'INVALID_CREDENTIALS'));
      await api.dispose();
    }

    for (const instance of [B, A]) {
      const { api, response } = await signInWith(email, password, instance.baseUrl);
      await expectApiError(response, 429, 'TOO_MANY_SIGN_IN_ATTEMPTS');
      const retryAfter = Number(response.headers()['retry-after']);
      expect(retryAfter, 'Retry-After in seconds').toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await api.storageState()).cookies, `no session from ${instance.baseUrl}`).toEqual([]);
      await api.dispose();
    }
  });
  test('a 429 answered to A holds B back too: one Attestr budget for both', async () => {
    const [{ api: onA }, { api: onB }] = await Promise.all([
      signInWith(E2E.users.hr, E2E.demoPassword, A.baseUrl),
      signInWith(E2E.users.hr, E2E.demoPassword, B.baseUrl),
    ]);
    const sandboxOf = (instance: typeof A) => `http://127.0.0.1:${instance.sandboxPort}`;
    const authorization = `Basic ${E2E.canaryToken}`;
    const held = await (
      await fetch(`${sandboxOf(B)}/api/v1/public/factx/${SEED.gitanjali.id}`, { headers: { authorization } })
    ).json();
    const body = (name: string) => {
      const base = { tag: held.tag, name: held.name, email: held.email ?? '', mobile: held.mobile ?? '' };
      return { ...base, name, base };
    };
    // A's Attestr answers its next update with 4291 (no Retry-After): the first back-off is 1 s.
    const fault = await fetch(`${sandboxOf(A)}/__sandbox/faults`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'error', code: 4291, method: 'PUT', times: 1 }),
    });
    expect(fault.status).toBe(204);
    expect((await onA.put(PROFILE_URL, { data: body('Held Back On A') })).status()).toBe(429);
    const limited = Date.now();

    // B's own Attestr is fine, yet B's save reaches it only once the shared back-off is over.
    const saved = await onB.put(PROFILE_URL, { data: body('Saved On B After The Back-off') });
    const answered = Date.now();
    expect(saved.status(), await saved.text()).toBe(200);
    expect(answered - limited, 'B waited out the back-off A was told to take').toBeGreaterThanOrEqual(900);
    await Promise.all([onA.dispose(), onB.dispose()]);
  });
});

import { createHmac, randomUUID } from 'node:crypto';
import { format } from 'node:util';

import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

const SIGN_IN_URL = `${CONSOLE_ORIGIN}/api/auth/sign-in/email`;
const PASSWORD = 'sign-in-test-password-1';
const SESSION_COOKIE = 'better-auth.session_token';
const HOUR = 3_600_000;

// Every sign-in hashes a password (scrypt), and some tests make thirty: allow for a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** The modules under test, imported after the test console is configured. */
async function load() {
  const [signIn, session, auth, bootstrap, connection, errors] = await Promise.all([
    import('@/lib/api/sign-in'),
    import('@/lib/auth/session'),
    import('@/lib/auth/auth'),
    import('@/lib/auth/bootstrap'),
    import('@/lib/db/connection'),
    import('@/lib/api/errors'),
  ]);
  return {
    signIn: signIn.signIn,
    getSessionUser: session.getSessionUser,
    readSession: session.readSession,
    getAuth: auth.getAuth,
    ensureInitialUsers: bootstrap.ensureInitialUsers,
    SANDBOX_DEMO_USERS: bootstrap.SANDBOX_DEMO_USERS,
    SANDBOX_DEMO_PASSWORD: bootstrap.SANDBOX_DEMO_PASSWORD,
    getDatabase: connection.getDatabase,
    toErrorResponse: errors.toErrorResponse,
  };
}
type Modules = Awaited<ReturnType<typeof load>>;

async function migrate() {
  const { migrateDatabase } = await import('@/lib/auth/migrate');
  await migrateDatabase();
}

/** Better Auth warns on stderr at every failed sign-in; these tests fail on purpose, often. */
function quietExpectedAuthWarnings() {
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (/\[Better Auth\]:.*(User not found|Invalid password)/.test(String(args[0]))) return;
    process.stderr.write(`${format(...args)}\n`);
  });
}

describeEachEngine('signIn and sessions', (engine) => {
  let testConsole: TestConsole;
  let m: Modules;

  /** Calls signIn as the route wrapper does: a thrown ApiError becomes its JSON answer. */
  async function attempt(credentials: { email: string; password: string }, headers: Record<string, string> = {}) {
    const request = new NextRequest(SIGN_IN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN, ...headers },
      body: JSON.stringify(credentials),
    });
    try {
      return await m.signIn(request);
    } catch (error) {
      return m.toErrorResponse(error, { route: 'test' });
    }
  }

  async function answer(response: Response) {
    return { status: response.status, body: await response.text() };
  }

  /** Every cookie a successful sign-in set, sent back as a browser would (Cookie header). */
  function cookieHeaders(response: Response): Headers {
    const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0] as string);
    if (!cookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))) {
      throw new Error(`no session cookie (status ${response.status})`);
    }
    return new Headers({ cookie: cookies.join('; ') });
  }

  async function signedIn(email: string, password = PASSWORD): Promise<Headers> {
    const response = await attempt({ email, password });
    expect(response.status).toBe(200);
    return cookieHeaders(response);
  }

  async function createUser(role: 'admin' | 'hr' | 'support' | 'ops') {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
    const { user } = await m
      .getAuth()
      .api.createUser({ body: { email, password: PASSWORD, name: `Test ${role}`, role } });
    return { id: user.id, email };
  }

  async function adminHeaders(): Promise<Headers> {
    const admin = m.SANDBOX_DEMO_USERS.find((user) => user.role === 'admin');
    return signedIn(admin?.email as string, m.SANDBOX_DEMO_PASSWORD);
  }

  /** `count` failed sign-ins at once, each for a different unknown email. */
  async function spray(count: number, headers: (i: number) => Record<string, string>) {
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        attempt(
          { email: `spray-${i}-${randomUUID().slice(0, 8)}@example.com`, password: 'wrong-password-x' },
          headers(i),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(count).fill(401));
  }

  async function throttleKeys(): Promise<string[]> {
    const rows = await m.getDatabase().db.selectFrom('sign_in_throttle').select('key').execute();
    return rows.map((row) => row.key);
  }

  beforeAll(async () => {
    quietExpectedAuthWarnings();
    // Sandbox mode (no ATTESTR_BASE_URL, no secret): the secret is generated under DATA_DIR.
    testConsole = await startTestConsole({ engine });
    await migrate();
    m = await load();
    await m.ensureInitialUsers();
  });
  afterAll(() => testConsole?.close());
  beforeEach(async () => {
    await m.getDatabase().db.deleteFrom('sign_in_throttle').execute();
  });

  /**
   * The console's clock, stopped, so that a wait of a second does not pass on its own while a
   * busy machine hashes passwords; `advance` lets it pass.
   */
  function stopClock() {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now());
  }
  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('without a trusted proxy', () => {
    it('signs a demo user in: 200, an httpOnly SameSite=Lax cookie, and no token in the body', async () => {
      const demo = m.SANDBOX_DEMO_USERS.find((user) => user.role === 'hr');
      const response = await attempt({ email: demo?.email as string, password: m.SANDBOX_DEMO_PASSWORD });

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`)) ?? '';
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
      const token = decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '').split('.')[0] as string;
      expect(token.length).toBeGreaterThan(10);
      const body = await response.text();
      expect(body).not.toContain(token);
      expect(JSON.parse(body)).toEqual({ ok: true, user: { name: demo?.name, role: 'hr' } });
    });

    it('accepts the email in any case and with surrounding spaces', async () => {
      const { email } = await createUser('support');
      expect((await attempt({ email: `  ${email.toUpperCase()} `, password: PASSWORD })).status).toBe(200);
    });

    it('answers a wrong password and an unknown email identically, with no cookie', async () => {
      const { email } = await createUser('support');
      const wrongPassword = await attempt({ email, password: 'not-the-password-1' });
      const unknownEmail = await attempt({ email: `nobody-${randomUUID()}@example.com`, password: PASSWORD });

      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
      expect(unknownEmail.headers.getSetCookie()).toEqual([]);
      const [wrong, unknown] = [await answer(wrongPassword), await answer(unknownEmail)];
      expect(wrong).toEqual(unknown);
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.body)).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    });

    it.each(['support', 'ops@example', ' @example.com', 'name@company'])(
      'answers the malformed email %j with 422 VALIDATION_FAILED on the email, counted nowhere',
      async (email) => {
        const response = await attempt({ email, password: 'any-password-1' });

        expect(response.status).toBe(422);
        expect(response.headers.getSetCookie()).toEqual([]);
        expect(await response.json()).toEqual({
          error: expect.objectContaining({
            source: 'console',
            code: 'VALIDATION_FAILED',
            httpStatus: 422,
            fieldErrors: { email: 'Enter an email address, like name@company.com' },
          }),
        });
        expect(await throttleKeys()).toEqual([]);
      },
    );

    it('answers any other 400 of Better Auth as a 4xx, not a 500, and takes the try back', async () => {
      const { email } = await createUser('support');
      for (let i = 0; i < 4; i += 1) await attempt({ email, password: 'wrong-password-x' });
      const handler = vi.spyOn(m.getAuth(), 'handler');
      const refusal = (code: string) => Response.json({ code, message: 'Refused' }, { status: 400 });
      handler.mockResolvedValueOnce(refusal('INVALID_EMAIL')).mockResolvedValueOnce(refusal('SOMETHING_NEW'));

      const invalidEmail = await attempt({ email, password: 'wrong-password-x' });
      const other = await attempt({ email, password: 'wrong-password-x' });
      handler.mockRestore();

      expect(invalidEmail.status).toBe(422);
      expect(await invalidEmail.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', fieldErrors: { email: 'Enter an email address, like name@company.com' } },
      });
      expect(other.status).toBe(400);
      expect(await other.json()).toMatchObject({ error: { source: 'console', code: 'BAD_REQUEST' } });
      // Four real failures so far: the fifth try still reaches the password.
      expect((await attempt({ email, password: PASSWORD })).status).toBe(200);
    });

    it('makes the 6th try after 5 failures wait 1 s, without checking its password, then signs in', async () => {
      // Five wrong passwords, typed by anyone who knows the email.
      const { email } = await createUser('support');
      stopClock();
      for (let i = 0; i < 5; i += 1) {
        expect((await attempt({ email, password: `wrong-password-${i}` })).status).toBe(401);
      }
      const handler = vi.spyOn(m.getAuth(), 'handler');

      const early = await attempt({ email, password: PASSWORD });

      expect(handler).not.toHaveBeenCalled();
      handler.mockRestore();
      expect(early.status).toBe(429);
      expect(early.headers.getSetCookie()).toEqual([]);
      expect(early.headers.get('retry-after')).toBe('1');
      expect(await early.json()).toMatchObject({
        error: {
          code: 'TOO_MANY_SIGN_IN_ATTEMPTS',
          details:
            'Wait 1 second, then sign in again with the right password. If you have forgotten it, ask an administrator to set a new one.',
        },
      });
      advance(1_000);
      expect((await attempt({ email, password: PASSWORD })).status).toBe(200);
    });

    it('doubles the wait after each further failure, and never locks for more than 5 minutes', async () => {
      const { email } = await createUser('support');
      stopClock();
      for (let i = 0; i < 5; i += 1) await attempt({ email, password: 'wrong-password-x' });
      advance(1_000);
      expect((await attempt({ email, password: 'wrong-password-x' })).status).toBe(401);
      expect((await attempt({ email, password: PASSWORD })).headers.get('retry-after')).toBe('2');

      // Someone has been at it for a long while: the wait stays at its cap.
      const key = `email:${email}`;
      const db = m.getDatabase().db;
      await db
        .updateTable('sign_in_throttle')
        .set({ failures: 40, locked_until: Date.now() - 1 })
        .where('key', '=', key)
        .execute();
      expect((await attempt({ email, password: 'wrong-password-x' })).status).toBe(401);
      const capped = await attempt({ email, password: PASSWORD });
      expect(capped.status).toBe(429);
      expect(Number(capped.headers.get('retry-after'))).toBe(300);
      expect(await capped.json()).toMatchObject({ error: { details: expect.stringMatching(/^Wait 5 minutes, then/) } });
    });

    it('lets only 5 of a burst of 20 simultaneous tries for one email reach the password check', async () => {
      const { email } = await createUser('support');
      stopClock();
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => attempt({ email, password: 'wrong-password-x' })),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
      expect((await attempt({ email, password: PASSWORD })).status).toBe(429);
      // The fifteen refused tries counted nothing: the wait is still the first one.
      advance(1_000);
      expect((await attempt({ email, password: PASSWORD })).status).toBe(200);
    });

    it('counts failures per email whatever its case', async () => {
      stopClock();
      const { email } = await createUser('support');
      const spellings = [email, email.toUpperCase(), ` ${email}`, email.replace(/^./, (c) => c.toUpperCase()), email];
      for (const spelling of spellings) await attempt({ email: spelling, password: 'wrong-password-x' });
      expect((await attempt({ email, password: PASSWORD })).status).toBe(429);
    });

    it('starts the count again after a successful sign-in', async () => {
      const { email } = await createUser('support');
      for (let i = 0; i < 4; i += 1) await attempt({ email, password: 'wrong-password-x' });
      await signedIn(email);
      for (let i = 0; i < 4; i += 1) await attempt({ email, password: 'wrong-password-x' });
      expect((await attempt({ email, password: PASSWORD })).status).toBe(200);
    });

    it('ignores X-Forwarded-For: no per-address count, and rotating it changes nothing', async () => {
      stopClock();
      // Were it believed, the very first of these would leave an ip: row.
      const client = { 'x-forwarded-for': '203.0.113.9' };
      await spray(10, (i) => (i % 2 === 0 ? client : { 'x-forwarded-for': `192.0.2.${i}` }));
      expect((await throttleKeys()).filter((key) => key.startsWith('ip:'))).toEqual([]);
      const { email } = await createUser('support');
      expect((await attempt({ email, password: PASSWORD }, client)).status).toBe(200);

      for (let i = 0; i < 5; i += 1) {
        await attempt({ email, password: 'wrong-password-x' }, { 'x-forwarded-for': `198.51.100.${i}` });
      }
      expect((await attempt({ email, password: PASSWORD }, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
    });

    it('refuses a disabled account with ACCOUNT_DISABLED', async () => {
      const { id, email } = await createUser('ops');
      await m.getAuth().api.banUser({ headers: await adminHeaders(), body: { userId: id } });

      const response = await attempt({ email, password: PASSWORD });

      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
      const wrong = await attempt({ email, password: 'wrong-password-x' });
      expect(await wrong.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    });
  });

  describe('getSessionUser', () => {
    it('returns the signed-in user with its role', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      expect(await m.getSessionUser(headers)).toEqual({ id, email, name: 'Test hr', role: 'hr' });
    });

    it('returns null without a cookie or with a forged one', async () => {
      expect(await m.getSessionUser(new Headers())).toBeNull();
      expect(await m.getSessionUser(new Headers({ cookie: `${SESSION_COOKIE}=forged.signature` }))).toBeNull();
    });

    it('sees a changed role on the very next call', async () => {
      const { id, email } = await createUser('support');
      const headers = await signedIn(email);
      expect((await m.getSessionUser(headers))?.role).toBe('support');

      await m.getAuth().api.setRole({ headers: await adminHeaders(), body: { userId: id, role: 'ops' } });

      expect((await m.getSessionUser(headers))?.role).toBe('ops');
    });

    it('returns null once the user is disabled, even while the session row remains', async () => {
      const { id, email } = await createUser('support');
      const headers = await signedIn(email);
      const context = await m.getAuth().$context;

      await context.internalAdapter.updateUser(id, { banned: true });

      expect(await m.getSessionUser(headers)).toBeNull();
      expect(await context.internalAdapter.listSessions(id)).toHaveLength(1);
    });

    it('ends a session older than SESSION_MAX_HOURS and deletes its row', async () => {
      const { id, email } = await createUser('support');
      const headers = await signedIn(email);
      const context = await m.getAuth().$context;
      const [session] = await context.internalAdapter.listSessions(id);
      const token = session?.token as string;

      // Used a minute ago, so idle expiry is far off: only the absolute limit (12 h) can end it.
      await context.internalAdapter.updateSession(token, { createdAt: new Date(Date.now() - 11.9 * HOUR) });
      expect((await m.getSessionUser(headers))?.id).toBe(id);

      await context.internalAdapter.updateSession(token, { createdAt: new Date(Date.now() - 12.1 * HOUR) });
      expect(await m.getSessionUser(headers)).toBeNull();
      expect(await context.internalAdapter.findSession(token)).toBeNull();
      expect(await context.internalAdapter.listSessions(id)).toEqual([]);
    });
  });

  describe('readSession', () => {
    const MINUTE = 60_000;

    async function sessionOf(userId: string) {
      const context = await m.getAuth().$context;
      const [session] = await context.internalAdapter.listSessions(userId);
      return { context, token: session?.token as string, expiresAt: session?.expiresAt as Date };
    }

    it('returns null once the session has been idle past its expiry, and deletes it', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      const { context, token } = await sessionOf(id);

      await context.internalAdapter.updateSession(token, { expiresAt: new Date(Date.now() - MINUTE) });

      expect(await m.readSession(headers)).toBeNull();
      expect(await context.internalAdapter.listSessions(id)).toEqual([]);
    });

    it('returns null after sign-out, though the browser still sends the cookie', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      const { context, token } = await sessionOf(id);
      expect((await m.readSession(headers))?.user.id).toBe(id);

      await context.internalAdapter.deleteSession(token);

      expect(await m.readSession(headers)).toBeNull();
    });

    it('refuses a real token signed with another secret, also once the genuine cookie has been read', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      const { token } = await sessionOf(id);
      const forged = `${token}.${createHmac('sha256', 'not-the-console-secret').update(token).digest('base64')}`;
      const withCookie = (value: string) => new Headers({ cookie: `${SESSION_COOKIE}=${encodeURIComponent(value)}` });

      expect(await m.readSession(withCookie(forged))).toBeNull();
      expect((await m.readSession(headers))?.user.id).toBe(id);
      expect((await m.readSession(headers))?.user.id).toBe(id);
      expect(await m.readSession(withCookie(forged))).toBeNull();
      expect(await m.readSession(withCookie(`${token}.${'A'.repeat(43)}=`))).toBeNull();
    });

    it('leaves a recently slid session alone: no write, no cookie', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      const before = await sessionOf(id);

      expect(await m.readSession(headers)).toEqual({
        user: { id, email, name: 'Test hr', role: 'hr' },
        setCookies: [],
      });
      expect((await sessionOf(id)).expiresAt).toEqual(before.expiresAt);
    });

    it('slides the idle expiry once five minutes have passed, and sends the cookie again for as long', async () => {
      const { id, email } = await createUser('hr');
      const headers = await signedIn(email);
      const { context, token } = await sessionOf(id);
      // Last slid six minutes ago: 54 of its 60 idle minutes remain.
      await context.internalAdapter.updateSession(token, { expiresAt: new Date(Date.now() + 54 * MINUTE) });

      const read = await m.readSession(headers);

      expect(read?.user.id).toBe(id);
      const cookie = read?.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
      expect(cookie).toMatch(/Max-Age=3600/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie?.split(';')[0]).toBe(
        headers
          .get('cookie')
          ?.split('; ')
          .find((c) => c.startsWith(SESSION_COOKIE)),
      );
      const slid = (await sessionOf(id)).expiresAt.getTime();
      expect(slid).toBeGreaterThan(Date.now() + 59 * MINUTE);
      // And the next read finds nothing to do.
      expect((await m.readSession(headers))?.setCookies).toEqual([]);
    });
  });

  describe('behind a trusted proxy', () => {
    beforeAll(async () => {
      await testConsole.configure({ TRUSTED_PROXIES: '10.0.0.1' });
      m = await load();
    });

    const via = (client: string, spoofed?: string) => ({
      'x-forwarded-for': [spoofed, client, '10.0.0.1'].filter(Boolean).join(', '),
    });

    it('locks an address after 30 failures across different emails', async () => {
      // What the client itself put in front of the proxy's entry is not believed.
      await spray(30, (i) => via('203.0.113.9', `192.0.2.${i}`));
      expect(await throttleKeys()).toContain('ip:203.0.113.9');
      const { email } = await createUser('support');

      const locked = await attempt({ email, password: PASSWORD }, via('203.0.113.9'));
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);

      expect((await attempt({ email, password: PASSWORD }, via('203.0.113.50'))).status).toBe(200);
    });

    it('lets only 30 of a burst of 40 simultaneous tries from one address reach the password check', async () => {
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          attempt(
            { email: `burst-${i}-${randomUUID().slice(0, 8)}@example.com`, password: 'wrong-password-x' },
            via('203.0.113.20'),
          ),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([...Array(30).fill(401), ...Array(10).fill(429)]);
      // The tries the address's limit stopped left their emails' counts alone.
      expect((await throttleKeys()).filter((key) => key.startsWith('email:'))).toHaveLength(30);
    });

    it('does not count successful sign-ins against the address', async () => {
      const { email } = await createUser('support');
      await spray(29, () => via('203.0.113.30'));
      expect((await attempt({ email, password: PASSWORD }, via('203.0.113.30'))).status).toBe(200);
      expect((await attempt({ email, password: PASSWORD }, via('203.0.113.30'))).status).toBe(200);
      // The address's 30th failure still reaches the password check; after it, the address is locked.
      expect((await attempt({ email, password: 'wrong-password-x' }, via('203.0.113.30'))).status).toBe(401);
      expect((await attempt({ email, password: PASSWORD }, via('203.0.113.30'))).status).toBe(429);
    });

    it('does not count malformed emails against the address', async () => {
      for (let i = 0; i < 35; i += 1) {
        expect((await attempt({ email: `typo-${i}`, password: 'any-password-1' }, via('203.0.113.40'))).status).toBe(
          422,
        );
      }
      expect(await throttleKeys()).toEqual([]);
      const { email } = await createUser('support');
      expect((await attempt({ email, password: PASSWORD }, via('203.0.113.40'))).status).toBe(200);
    });

    it('does not reset the per-email count when X-Forwarded-For rotates', async () => {
      stopClock();
      const { email } = await createUser('support');
      for (let i = 0; i < 5; i += 1) {
        await attempt({ email, password: 'wrong-password-x' }, via(`198.51.100.${i}`));
      }
      expect((await attempt({ email, password: PASSWORD }, via('198.51.100.99'))).status).toBe(429);
    });
  });
});

describeEachEngine('ensureInitialUsers', (engine) => {
  let testConsole: TestConsole | undefined;
  afterAll(() => testConsole?.close());

  async function fresh(env: Record<string, string | undefined>) {
    await testConsole?.close();
    testConsole = await startTestConsole({ engine, env });
    await migrate();
    return load();
  }

  async function users(m: Modules) {
    const context = await m.getAuth().$context;
    const list = await context.internalAdapter.listUsers(100);
    return list
      .map((user) => ({ email: user.email, role: (user as { role?: string }).role }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  const realAttestr = {
    ATTESTR_BASE_URL: 'https://api.attestr.example',
    ATTESTR_AUTH_TOKEN: 'bootstrap-test-token',
    BETTER_AUTH_SECRET: 'b'.repeat(40),
  };
  const admin = { ADMIN_EMAIL: 'first.admin@example.com', ADMIN_PASSWORD: 'first-admin-password' };

  it('creates one demo user per role in sandbox mode, who can sign in', async () => {
    const m = await fresh({});
    await m.ensureInitialUsers();
    expect(await users(m)).toEqual(
      m.SANDBOX_DEMO_USERS.map(({ email, role }) => ({ email, role })).sort((a, b) => a.email.localeCompare(b.email)),
    );
    const context = await m.getAuth().$context;
    const demo = await context.internalAdapter.findUserByEmail('ops@example.com', { includeAccounts: true });
    const hash = demo?.accounts.find((account) => account.providerId === 'credential')?.password as string;
    expect(await context.password.verify({ hash, password: m.SANDBOX_DEMO_PASSWORD })).toBe(true);
  });

  it('does nothing when a user already exists, even in sandbox mode', async () => {
    const m = await fresh({});
    await m.getAuth().api.createUser({
      body: { email: 'someone@example.com', password: PASSWORD, name: 'Someone', role: 'hr' },
    });
    await m.ensureInitialUsers();
    await m.ensureInitialUsers();
    expect(await users(m)).toEqual([{ email: 'someone@example.com', role: 'hr' }]);
  });

  it('is a no-op the second time in sandbox mode', async () => {
    const m = await fresh({});
    await m.ensureInitialUsers();
    await m.ensureInitialUsers();
    expect(await users(m)).toHaveLength(m.SANDBOX_DEMO_USERS.length);
  });

  it('creates only the administrator from ADMIN_EMAIL/ADMIN_PASSWORD with a real Attestr', async () => {
    const m = await fresh({ ...realAttestr, ...admin });
    await m.ensureInitialUsers();
    expect(await users(m)).toEqual([{ email: admin.ADMIN_EMAIL, role: 'admin' }]);
  });

  it('creates the administrator from ADMIN_EMAIL with a real Attestr when users exist but no administrator', async () => {
    const m = await fresh({ ...realAttestr, ...admin });
    await m.getAuth().api.createUser({
      body: { email: 'someone@example.org', password: PASSWORD, name: 'Someone', role: 'hr' },
    });
    await m.ensureInitialUsers();
    await m.ensureInitialUsers();
    expect(await users(m)).toEqual([
      { email: admin.ADMIN_EMAIL, role: 'admin' },
      { email: 'someone@example.org', role: 'hr' },
    ]);
  });

  it('creates no one with a real Attestr and no ADMIN_EMAIL', async () => {
    const m = await fresh(realAttestr);
    await m.ensureInitialUsers();
    expect(await users(m)).toEqual([]);
  });
});

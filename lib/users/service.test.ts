import { randomUUID } from 'node:crypto';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';

const PASSWORD = 'service-test-password-1';
const NEW_PASSWORD = 'service-test-password-2';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('resetPassword', () => {
  let testConsole: TestConsole;
  let m: {
    signIn: typeof import('@/lib/api/sign-in').signIn;
    readSession: typeof import('@/lib/auth/session').readSession;
    getAuth: typeof import('@/lib/auth/auth').getAuth;
    resetPassword: typeof import('@/lib/users/service').resetPassword;
    toErrorResponse: typeof import('@/lib/api/errors').toErrorResponse;
  };

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    testConsole = await startTestConsole({ engine: 'sqlite' });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    m = {
      signIn: (await import('@/lib/api/sign-in')).signIn,
      readSession: (await import('@/lib/auth/session')).readSession,
      getAuth: (await import('@/lib/auth/auth')).getAuth,
      resetPassword: (await import('@/lib/users/service')).resetPassword,
      toErrorResponse: (await import('@/lib/api/errors')).toErrorResponse,
    };
  });
  afterAll(() => testConsole?.close());

  async function attempt(email: string, password: string): Promise<Response> {
    const request = new NextRequest(`${CONSOLE_ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
      body: JSON.stringify({ email, password }),
    });
    try {
      return await m.signIn(request);
    } catch (error) {
      return m.toErrorResponse(error, { route: 'test' });
    }
  }

  async function signedIn(email: string, password = PASSWORD): Promise<Headers> {
    const response = await attempt(email, password);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0] as string);
    return new Headers({ cookie: cookies.join('; '), origin: CONSOLE_ORIGIN });
  }

  async function createUser(role: 'admin' | 'support') {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
    const { user } = await m
      .getAuth()
      .api.createUser({ body: { email, password: PASSWORD, name: `Test ${role}`, role } });
    return { id: user.id, email, name: user.name, role };
  }

  it("clears the account's sign-in wait: the new password works at once after five failures", async () => {
    const admin = await createUser('admin');
    const person = await createUser('support');
    for (let i = 0; i < 5; i += 1) expect((await attempt(person.email, 'wrong-password-x')).status).toBe(401);
    expect((await attempt(person.email, PASSWORD)).status).toBe(429);
    const headers = await signedIn(admin.email);

    await m.resetPassword({ user: admin, headers }, { userId: person.id, password: NEW_PASSWORD });

    expect((await attempt(person.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("signs the person out everywhere when it is someone else's password", async () => {
    const admin = await createUser('admin');
    const person = await createUser('support');
    const theirs = await signedIn(person.email);

    await m.resetPassword(
      { user: admin, headers: await signedIn(admin.email) },
      { userId: person.id, password: NEW_PASSWORD },
    );

    expect(await m.readSession(theirs)).toBeNull();
  });

  it("an administrator's own reset ends their other sessions and keeps the one in use", async () => {
    const admin = await createUser('admin');
    const current = await signedIn(admin.email);
    const elsewhere = await signedIn(admin.email);

    await m.resetPassword({ user: admin, headers: current }, { userId: admin.id, password: NEW_PASSWORD });

    expect(await m.readSession(elsewhere)).toBeNull();
    expect((await m.readSession(current))?.user.id).toBe(admin.id);
  });
});

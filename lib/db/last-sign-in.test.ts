import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = 'a long enough password 1';

describeEachEngine('the last sign-in of each person', (engine) => {
  let testConsole: TestConsole;
  let lastSignIn: typeof import('@/lib/db/last-sign-in');
  let signIn: typeof import('@/lib/api/sign-in').signIn;
  let getAuth: typeof import('@/lib/auth/auth').getAuth;

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    testConsole = await startTestConsole({
      engine,
      env: { BETTER_AUTH_SECRET: 'last-sign-in-test-secret-0123456789abcdef' },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    getAuth = (await import('@/lib/auth/auth')).getAuth;
    signIn = (await import('@/lib/api/sign-in')).signIn;
    lastSignIn = await import('@/lib/db/last-sign-in');
  });
  afterAll(() => testConsole?.close());

  async function createUser(name: string) {
    const email = `${name.toLowerCase()}-${engine}@example.test`;
    const { user } = await getAuth().api.createUser({ body: { email, password: PASSWORD, name, role: 'hr' } });
    return { id: user.id, email };
  }

  it('is unknown for someone who never signed in, and recorded when they do, past their sign-out', async () => {
    const never = await createUser('Never');
    const asha = await createUser('Asha');
    const before = Date.now();
    const response = await signIn(
      new NextRequest(`${CONSOLE_ORIGIN}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
        body: JSON.stringify({ email: asha.email, password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    // Signing out deletes the session; the sign-in stays known.
    const { getDatabase } = await import('@/lib/db/connection');
    await getDatabase().db.deleteFrom('session').where('userId', '=', asha.id).execute();

    const last = await lastSignIn.listLastSignIns();
    expect(last.has(never.id)).toBe(false);
    expect(last.get(asha.id)).toBeGreaterThanOrEqual(before);
    expect(last.get(asha.id)).toBeLessThanOrEqual(Date.now());
  });

  it('outlives the session: signing out (its session deleted) keeps it', async () => {
    const zoe = await createUser('Zoe');
    await lastSignIn.recordSignIn({ userId: zoe.id, at: 1_700_000_000_000 });
    await lastSignIn.recordSignIn({ userId: zoe.id, at: 1_800_000_000_000 });
    const { getDatabase } = await import('@/lib/db/connection');
    await getDatabase().db.deleteFrom('session').where('userId', '=', zoe.id).execute();
    expect((await lastSignIn.listLastSignIns()).get(zoe.id)).toBe(1_800_000_000_000);
  });

  it('reads a session begun before sign-ins were recorded', async () => {
    const old = await createUser('Old');
    await getAuth().api.signInEmail({ body: { email: old.email, password: PASSWORD } });
    const { getDatabase } = await import('@/lib/db/connection');
    await getDatabase().db.deleteFrom('user_last_sign_in').where('user_id', '=', old.id).execute();
    const at = (await lastSignIn.listLastSignIns()).get(old.id);
    expect(at).toBeGreaterThan(Date.now() - 60_000);
  });
});

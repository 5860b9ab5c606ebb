import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const LIVE = {
  ATTESTR_BASE_URL: 'https://api.attestr.example',
  ATTESTR_AUTH_TOKEN: 'bootstrap-test-token',
  BETTER_AUTH_SECRET: 'b'.repeat(40),
};
const OLD_PASSWORD = 'old-admin-password-1';
const ADMIN = { ADMIN_EMAIL: 'recovery.admin@example.org', ADMIN_PASSWORD: 'recovery-admin-password-1' };

type StoredUser = { email: string; role: string; disabled: boolean };

describeEachEngine('ensureInitialUsers: ADMIN_EMAIL when no administrator is active', (engine) => {
  let testConsole: TestConsole;

  beforeEach(async () => {
    testConsole = await startTestConsole({ engine, env: LIVE });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
  });
  afterEach(() => testConsole?.close());

  const auth = async () => (await import('@/lib/auth/auth')).getAuth();

  async function createUser(input: { email: string; role: string; disabled?: boolean }): Promise<string> {
    const { user } = await (
      await auth()
    ).api.createUser({
      body: { email: input.email, password: OLD_PASSWORD, name: input.email, role: input.role as 'admin' },
    });
    if (input.disabled) await (await (await auth()).$context).internalAdapter.updateUser(user.id, { banned: true });
    return user.id;
  }

  /** Restarts on the same data with ADMIN_EMAIL/ADMIN_PASSWORD set, as an operator would. */
  async function startWithAdminEmail(email = ADMIN.ADMIN_EMAIL): Promise<void> {
    await testConsole.configure({ ...LIVE, ...ADMIN, ADMIN_EMAIL: email });
    await (await import('@/lib/auth/bootstrap')).ensureInitialUsers();
  }

  async function users(): Promise<StoredUser[]> {
    const context = await (await auth()).$context;
    return (await context.internalAdapter.listUsers(100))
      .map((user) => {
        const { role, banned } = user as { role?: string; banned?: boolean | null };
        return { email: user.email, role: role ?? '', disabled: Boolean(banned) };
      })
      .sort((a, b) => a.email.localeCompare(b.email));
  }

  async function signInStatus(email: string, password: string): Promise<number> {
    const response = await (await auth()).api.signInEmail({ body: { email, password }, asResponse: true });
    return response.status;
  }

  it('a disabled administrator does not count: the ADMIN_EMAIL administrator is created and can sign in', async () => {
    await createUser({ email: 'gone.admin@example.org', role: 'admin', disabled: true });

    await startWithAdminEmail();

    expect(await users()).toEqual([
      { email: 'gone.admin@example.org', role: 'admin', disabled: true },
      { email: ADMIN.ADMIN_EMAIL, role: 'admin', disabled: false },
    ]);
    expect(await signInStatus(ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).toBe(200);
  });

  it('ADMIN_EMAIL naming the disabled administrator enables it again, with ADMIN_PASSWORD', async () => {
    await createUser({ email: ADMIN.ADMIN_EMAIL, role: 'admin', disabled: true });

    // Written as the operator may type it: the address is matched whatever its case.
    await startWithAdminEmail(ADMIN.ADMIN_EMAIL.toUpperCase());

    expect(await users()).toEqual([{ email: ADMIN.ADMIN_EMAIL, role: 'admin', disabled: false }]);
    expect(await signInStatus(ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).toBe(200);
  });

  it('ADMIN_EMAIL naming someone with another role makes them the administrator when none is active', async () => {
    await createUser({ email: 'gone.admin@example.org', role: 'admin', disabled: true });
    await createUser({ email: ADMIN.ADMIN_EMAIL, role: 'hr' });

    await startWithAdminEmail();

    expect(await users()).toContainEqual({ email: ADMIN.ADMIN_EMAIL, role: 'admin', disabled: false });
    expect(await signInStatus(ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD)).toBe(200);
  });

  it('changes nothing while an active administrator exists', async () => {
    await createUser({ email: 'active.admin@example.org', role: 'admin' });
    await createUser({ email: ADMIN.ADMIN_EMAIL, role: 'hr' });

    await startWithAdminEmail();

    expect(await users()).toEqual([
      { email: 'active.admin@example.org', role: 'admin', disabled: false },
      { email: ADMIN.ADMIN_EMAIL, role: 'hr', disabled: false },
    ]);
    expect(await signInStatus(ADMIN.ADMIN_EMAIL, OLD_PASSWORD)).toBe(200);
  });
});

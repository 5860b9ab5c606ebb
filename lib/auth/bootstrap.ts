import 'server-only';

import { getAuth } from '@/lib/auth/auth';
import { isSandboxDemoEmail, SANDBOX_DEMO_PASSWORD, SANDBOX_DEMO_USERS } from '@/lib/shared/demo-accounts';
import { clearFailures, emailThrottleKey } from '@/lib/db/sign-in-throttle';
import { getEnv, isSandboxMode } from '@/lib/env';
import { getLogger } from '@/lib/log';
import type { Role } from '@/lib/shared/permissions';

export { SANDBOX_DEMO_PASSWORD, SANDBOX_DEMO_USERS } from '@/lib/shared/demo-accounts';

/** The command that removes the demo accounts (scripts/users-remove-demo.ts). */
export const REMOVE_DEMO_USERS_COMMAND = 'npm run users:remove-demo';

/** Live mode found sandbox demo accounts, whose password is printed on every sandbox sign-in page. */
export class DemoUsersInLiveModeError extends Error {
  constructor(readonly emails: string[]) {
    super(
      [
        `ATTESTR_BASE_URL is set, but the database still holds the sandbox demo accounts (${emails.join(', ')}),`,
        `whose password is public. Remove them first, with the same DATABASE_URL or DATA_DIR as the console:`,
        `  ${REMOVE_DEMO_USERS_COMMAND}`,
        'then start the console again. ADMIN_EMAIL and ADMIN_PASSWORD create the first real administrator.',
      ].join('\n'),
    );
    this.name = 'DemoUsersInLiveModeError';
  }
}

interface StoredUser {
  id: string;
  email: string;
  role: string;
  disabled: boolean;
}

async function listAllUsers(): Promise<StoredUser[]> {
  const context = await getAuth().$context;
  const users: StoredUser[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await context.internalAdapter.listUsers(500, offset);
    users.push(
      ...page.map((user) => {
        const { role, banned } = user as { role?: string | null; banned?: boolean | null };
        return { id: user.id, email: user.email, role: role ?? '', disabled: Boolean(banned) };
      }),
    );
    if (page.length < 500) return users;
  }
}

/** Deletes the sandbox demo accounts with their sessions; answers the emails removed. */
export async function removeDemoUsers(): Promise<string[]> {
  const context = await getAuth().$context;
  const demo = (await listAllUsers()).filter((user) => isSandboxDemoEmail(user.email));
  for (const user of demo) {
    await context.internalAdapter.deleteUser(user.id);
    getLogger().info({ event: 'user.deleted', userId: user.id, by: 'remove-demo' }, 'demo user removed');
  }
  return demo.map((user) => user.email);
}

/**
 * Makes an existing account the administrator ADMIN_EMAIL/ADMIN_PASSWORD name: the admin role,
 * enabled, with that password and no sign-in wait; its sessions end, since whoever knew the old
 * password may not know this one.
 */
async function restoreAdministrator(input: { userId: string; email: string; password: string }): Promise<void> {
  const context = await getAuth().$context;
  await context.internalAdapter.updateUser(input.userId, {
    role: 'admin',
    banned: false,
    banReason: null,
    banExpires: null,
    updatedAt: new Date(),
  });
  await context.internalAdapter.updatePassword(input.userId, await context.password.hash(input.password));
  await context.internalAdapter.deleteUserSessions(input.userId);
  await clearFailures(emailThrottleKey(input.email));
  getLogger().warn(
    { event: 'users.admin_restored', userId: input.userId, by: 'start-up' },
    'No administrator was active: the ADMIN_EMAIL account was made an enabled administrator with ADMIN_PASSWORD',
  );
}

/**
 * Creates the users a console needs to be used. In sandbox mode, into an empty database, one
 * demo account per role. In live mode it refuses to go on while a demo account exists
 * (DemoUsersInLiveModeError). In either mode, when no administrator other than a demo one is
 * active (a disabled one does not count), ADMIN_EMAIL's account becomes one, with
 * ADMIN_PASSWORD: created if it does not exist, else given the role, enabled and that password.
 */
export async function ensureInitialUsers(): Promise<void> {
  const env = getEnv();
  const users = await listAllUsers();
  const demo = users.filter((user) => isSandboxDemoEmail(user.email));
  const sandbox = isSandboxMode();
  if (!sandbox && demo.length > 0) throw new DemoUsersInLiveModeError(demo.map((user) => user.email));

  const accounts: { email: string; name: string; role: Role; password: string }[] = [];
  const activeAdmins = users.filter(
    (user) => user.role === 'admin' && !user.disabled && !isSandboxDemoEmail(user.email),
  );
  const adminEmail = env.ADMIN_EMAIL?.toLowerCase();
  if (adminEmail && env.ADMIN_PASSWORD && activeAdmins.length === 0) {
    // Better Auth stores addresses in lower case; the setting may be written otherwise.
    const existing = users.find((user) => user.email.toLowerCase() === adminEmail);
    if (existing)
      await restoreAdministrator({ userId: existing.id, email: existing.email, password: env.ADMIN_PASSWORD });
    else accounts.push({ email: adminEmail, name: 'Administrator', role: 'admin', password: env.ADMIN_PASSWORD });
  }
  if (sandbox && users.length === 0) {
    for (const user of SANDBOX_DEMO_USERS) {
      if (user.email !== adminEmail) accounts.push({ ...user, password: SANDBOX_DEMO_PASSWORD });
    }
  }
  const auth = getAuth();
  for (const account of accounts) {
    try {
      const { user } = await auth.api.createUser({ body: account });
      getLogger().info({ event: 'user.created', userId: user.id, role: account.role, by: 'start-up' }, 'user created');
    } catch (error) {
      // Another instance starting at the same moment may have created it.
      getLogger().warn({ event: 'user.create_skipped', role: account.role, reason: String(error) }, 'user not created');
    }
  }
  if (users.length === 0 && accounts.length === 0) {
    getLogger().warn(
      { event: 'users.none' },
      'No user exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first administrator',
    );
  }
}

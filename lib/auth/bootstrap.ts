import 'server-only';

import { getAuth } from '@/lib/auth/auth';
import { getEnv, isSandboxMode } from '@/lib/env';
import { getLogger } from '@/lib/log';
import type { Role } from '@/lib/permissions';

/** Demo accounts, one per role, created only in sandbox mode and only into an empty database. */
export const SANDBOX_DEMO_PASSWORD = 'sandbox-demo-password';
export const SANDBOX_DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'hr@example.com', name: 'Harper Hughes', role: 'hr' },
  { email: 'support@example.com', name: 'Sam Sutton', role: 'support' },
  { email: 'ops@example.com', name: 'Olu Okafor', role: 'ops' },
];

/** The command that removes the demo accounts (scripts/users-remove-demo.ts). */
export const REMOVE_DEMO_USERS_COMMAND = 'npm run users:remove-demo';

const DEMO_EMAILS = new Set(SANDBOX_DEMO_USERS.map((user) => user.email));

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
}

async function listAllUsers(): Promise<StoredUser[]> {
  const context = await getAuth().$context;
  const users: StoredUser[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await context.internalAdapter.listUsers(500, offset);
    users.push(
      ...page.map((user) => ({ id: user.id, email: user.email, role: (user as { role?: string | null }).role ?? '' })),
    );
    if (page.length < 500) return users;
  }
}

/** Deletes the sandbox demo accounts with their sessions; answers the emails removed. */
export async function removeDemoUsers(): Promise<string[]> {
  const context = await getAuth().$context;
  const demo = (await listAllUsers()).filter((user) => DEMO_EMAILS.has(user.email));
  for (const user of demo) {
    await context.internalAdapter.deleteUser(user.id);
    getLogger().info({ event: 'user.deleted', userId: user.id, by: 'remove-demo' }, 'demo user removed');
  }
  return demo.map((user) => user.email);
}

/**
 * Creates the users a console needs to be used. In sandbox mode, into an empty database, one
 * demo account per role. In live mode it refuses to go on while a demo account exists
 * (DemoUsersInLiveModeError), and creates ADMIN_EMAIL/ADMIN_PASSWORD's administrator when no
 * administrator other than a demo one exists.
 */
export async function ensureInitialUsers(): Promise<void> {
  const env = getEnv();
  const users = await listAllUsers();
  const demo = users.filter((user) => DEMO_EMAILS.has(user.email));
  const sandbox = isSandboxMode();
  if (!sandbox && demo.length > 0) throw new DemoUsersInLiveModeError(demo.map((user) => user.email));

  const accounts: { email: string; name: string; role: Role; password: string }[] = [];
  const realAdmins = users.filter((user) => user.role === 'admin' && !DEMO_EMAILS.has(user.email));
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD && realAdmins.length === 0) {
    if (users.some((user) => user.email === env.ADMIN_EMAIL)) {
      getLogger().warn(
        { event: 'users.admin_email_taken' },
        'ADMIN_EMAIL belongs to an existing user who is not an administrator: no administrator was created',
      );
    } else {
      accounts.push({ email: env.ADMIN_EMAIL, name: 'Administrator', role: 'admin', password: env.ADMIN_PASSWORD });
    }
  }
  if (sandbox && users.length === 0) {
    for (const user of SANDBOX_DEMO_USERS) {
      if (user.email !== env.ADMIN_EMAIL) accounts.push({ ...user, password: SANDBOX_DEMO_PASSWORD });
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

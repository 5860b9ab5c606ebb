import 'server-only';

import { sql } from 'kysely';

import { getAuth } from '@/lib/auth/auth';
import { getDatabase } from '@/lib/db/connection';
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

async function countUsers(): Promise<number> {
  const { db } = getDatabase();
  const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table('user')}`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

/**
 * Creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists, and in
 * sandbox mode the demo users. Never touches a database that already has users.
 */
export async function ensureInitialUsers(): Promise<void> {
  if ((await countUsers()) > 0) return;
  const env = getEnv();
  const auth = getAuth();
  const accounts: { email: string; name: string; role: Role; password: string }[] = [];
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    accounts.push({ email: env.ADMIN_EMAIL, name: 'Administrator', role: 'admin', password: env.ADMIN_PASSWORD });
  }
  if (isSandboxMode()) {
    for (const user of SANDBOX_DEMO_USERS) {
      if (user.email !== env.ADMIN_EMAIL) accounts.push({ ...user, password: SANDBOX_DEMO_PASSWORD });
    }
  }
  for (const account of accounts) {
    try {
      const { user } = await auth.api.createUser({ body: account });
      getLogger().info({ event: 'user.created', userId: user.id, role: account.role, by: 'start-up' }, 'user created');
    } catch (error) {
      // Another instance starting at the same moment may have created it.
      getLogger().warn({ event: 'user.create_skipped', role: account.role, reason: String(error) }, 'user not created');
    }
  }
  if (accounts.length === 0) {
    getLogger().warn(
      { event: 'users.none' },
      'No user exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first administrator',
    );
  }
}

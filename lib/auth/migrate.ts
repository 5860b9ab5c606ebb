import 'server-only';

import { migrateConsoleTables, migrateInTurn } from '@/lib/db/migrate';

/**
 * Brings the whole database up to date: Better Auth's tables, then the console's. Idempotent.
 * It lives here, not in lib/db, because only lib/auth knows Better Auth's options.
 */
export async function migrateDatabase(): Promise<void> {
  const [{ getMigrations }, { getAuth }] = await Promise.all([
    import('better-auth/db/migration'),
    import('@/lib/auth/auth'),
  ]);
  await migrateInTurn(async (handle) => {
    // Better Auth's options, pointed at the database being migrated.
    const { runMigrations } = await getMigrations({
      ...getAuth().options,
      database: { db: handle.db, type: handle.engine },
    });
    await runMigrations();
    await migrateConsoleTables(handle);
  });
}

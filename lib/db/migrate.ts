import 'server-only';

import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';

import type { DatabaseHandle } from '@/lib/db/connection';
import { migrations } from '@/lib/db/migrations';

/** Applies the console's own migrations. Better Auth's tables are migrated by lib/auth/migrate.ts. */
export async function migrateConsoleTables(handle: DatabaseHandle): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'console_migration',
    migrationLockTableName: 'console_migration_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

// Any fixed number, the same in every instance: PostgreSQL's advisory locks are keyed by one.
const MIGRATION_LOCK_KEY = 7_264_180_311;

/**
 * Runs `migrate` (Better Auth's tables, then the console's: see lib/auth/migrate.ts) on the
 * database. Idempotent. On PostgreSQL, instances starting at once would race to create the
 * same tables ("type already exists"), so they take turns behind an advisory lock held on one
 * connection; each then sees what the previous one created. SQLite is one instance's file and
 * needs no lock.
 */
export async function migrateInTurn(migrate: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const { getDatabase } = await import('@/lib/db/connection');
  const handle = getDatabase();
  if (handle.engine !== 'postgres') return migrate(handle);
  await handle.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    try {
      await migrate(handle);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    }
  });
}

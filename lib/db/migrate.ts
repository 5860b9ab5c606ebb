import 'server-only';

import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';

import type { DatabaseHandle } from '@/lib/db/connection';
import { migrations } from '@/lib/db/migrations';

/** Applies the console's own migrations. Better Auth's tables are migrated by `migrateAuth`. */
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
 * Brings the whole database up to date: Better Auth's tables, then the console's. Idempotent.
 * On PostgreSQL, instances starting at once would race to create the same tables ("type
 * already exists"), so they take turns behind an advisory lock held on one connection; each
 * then sees what the previous one created. SQLite is one instance's file and needs no lock.
 */
export async function migrateDatabase(): Promise<void> {
  const [{ getMigrations }, { getAuth }, { getDatabase }] = await Promise.all([
    import('better-auth/db/migration'),
    import('@/lib/auth/auth'),
    import('@/lib/db/connection'),
  ]);
  const handle = getDatabase();
  const migrate = async () => {
    // Better Auth's options, pointed at the database being migrated.
    const { runMigrations } = await getMigrations({
      ...getAuth().options,
      database: { db: handle.db, type: handle.engine },
    });
    await runMigrations();
    await migrateConsoleTables(handle);
  };
  if (handle.engine !== 'postgres') return migrate();
  await handle.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    try {
      await migrate();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    }
  });
}

import 'server-only';

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

/** Brings the whole database up to date: Better Auth's tables, then the console's. Idempotent. */
export async function migrateDatabase(): Promise<void> {
  const [{ getMigrations }, { getAuth }, { getDatabase }] = await Promise.all([
    import('better-auth/db/migration'),
    import('@/lib/auth/auth'),
    import('@/lib/db/connection'),
  ]);
  const { runMigrations } = await getMigrations(getAuth().options);
  await runMigrations();
  await migrateConsoleTables(getDatabase());
}

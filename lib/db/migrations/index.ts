import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The console's migrations, written once with Kysely's schema builder so they run on SQLite
 * and PostgreSQL alike. Timestamps are milliseconds in bigint columns. Add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26-001-sign-in-throttle': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sign_in_throttle')
        .addColumn('key', 'varchar(320)', (column) => column.primaryKey())
        .addColumn('failures', 'integer', (column) => column.notNull())
        .addColumn('window_started_at', 'bigint', (column) => column.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sign_in_throttle').execute();
    },
  },
  '2026-11-26-002-profile-update': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('profile_update')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('user_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('error_source', 'varchar(16)')
        .addColumn('error_code', 'varchar(32)')
        .addColumn('tracing_id', 'varchar(128)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('profile_update_status_created')
        .on('profile_update')
        .columns(['status', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('profile_update').execute();
    },
  },
};

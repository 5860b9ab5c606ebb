import 'server-only';

import path from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

import { preparePrivateDatabaseFile } from '@/lib/db/private-file';
import type { Database } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

export type DatabaseEngine = 'sqlite' | 'postgres';

/**
 * The Kysely instance, and beneath it the engine's own client for a library that needs one (the
 * shared Attestr budget): the same pool or file handle, so each process keeps one connection.
 */
export type DatabaseHandle =
  | { db: Kysely<Database>; engine: 'postgres'; pool: pg.Pool }
  | { db: Kysely<Database>; engine: 'sqlite'; sqlite: SQLite.Database };

// PostgreSQL bigint (int8) comes back as a string by default; our bigints are millisecond times.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Opens a database: PostgreSQL for a postgres:// URL, else a SQLite file. Used by tests directly. */
export function openDatabase(options: { databaseUrl?: string; sqliteFile?: string }): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection can be closed by the server (a restart, a failover, an administrator):
    // the pool drops it and opens another when needed. Without a listener, that error would
    // end the whole process.
    pool.on('error', (error) => {
      getLogger().warn(
        { event: 'db.idle_connection_lost', code: (error as { code?: unknown }).code },
        'an idle database connection was closed by the server',
      );
    });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres', pool };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') preparePrivateDatabaseFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    engine: 'sqlite',
    sqlite,
  };
}

const holder = globalThis as typeof globalThis & { __consoleDatabase?: DatabaseHandle };

/**
 * The console's one database connection, opened on first use (never at build time) and kept
 * on globalThis because Next loads route modules in separate graphs.
 */
export function getDatabase(): DatabaseHandle {
  if (!holder.__consoleDatabase) {
    const env = getEnv();
    holder.__consoleDatabase = openDatabase({
      databaseUrl: env.DATABASE_URL,
      sqliteFile: path.resolve(env.DATA_DIR, 'console.sqlite'),
    });
  }
  return holder.__consoleDatabase;
}

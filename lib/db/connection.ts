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
  | {
      db: Kysely<Database>;
      engine: 'postgres';
      pool: pg.Pool;
      /** The pool of session locks, opened on first use. */
      lockPool: () => pg.Pool;
      /** Ends the pools; the handle is not to be used after it. */
      close: () => Promise<void>;
    }
  | { db: Kysely<Database>; engine: 'sqlite'; sqlite: SQLite.Database; close: () => Promise<void> };

/** Connections of the pool that every query draws from. */
const POOL_SIZE = 10;
/**
 * Connections kept for session locks alone (lib/db/advisory-lock.ts): a lock is held on one for
 * the length of the work it guards, and that work draws its queries from the main pool. Were
 * locks taken on the main pool, ten holders waiting for an eleventh connection would wait on
 * each other for ever.
 */
const LOCK_POOL_SIZE = 10;
/**
 * How long a query waits for a free connection before it fails with DatabaseBusyError: the
 * person is told to try again in a moment rather than left waiting on a full pool.
 */
export const POOL_WAIT_MS = 5000;

/** The pool had no free connection in time: nothing was read or written. */
export class DatabaseBusyError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The database had no free connection in time', options);
    this.name = 'DatabaseBusyError';
  }
}

/** pg-pool's own error for a connection not had within `connectionTimeoutMillis`. */
export function isPoolTimeout(error: unknown): boolean {
  return (
    error instanceof DatabaseBusyError ||
    (error instanceof Error && error.message === 'timeout exceeded when trying to connect')
  );
}

function openPool(input: { connectionString: string; max: number }): pg.Pool {
  const pool = new pg.Pool({ ...input, connectionTimeoutMillis: POOL_WAIT_MS });
  // An idle connection can be closed by the server (a restart, a failover, an administrator):
  // the pool drops it and opens another when needed. Without a listener, that error would
  // end the whole process.
  pool.on('error', (error) => {
    getLogger().warn(
      { event: 'db.idle_connection_lost', code: (error as { code?: unknown }).code },
      'an idle database connection was closed by the server',
    );
  });
  return pool;
}

// PostgreSQL bigint (int8) comes back as a string by default; our bigints are millisecond times.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Opens a database: PostgreSQL for a postgres:// URL, else a SQLite file. Used by tests directly. */
export function openDatabase(options: { databaseUrl?: string; sqliteFile?: string }): DatabaseHandle {
  if (options.databaseUrl) {
    const connectionString = options.databaseUrl;
    const pool = openPool({ connectionString, max: POOL_SIZE });
    let lockPool: pg.Pool | undefined;
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'postgres',
      pool,
      lockPool: () => (lockPool ??= openPool({ connectionString, max: LOCK_POOL_SIZE })),
      close: async () => {
        await Promise.all([db.destroy(), lockPool?.end()]);
      },
    };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') preparePrivateDatabaseFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, engine: 'sqlite', sqlite, close: () => db.destroy() };
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

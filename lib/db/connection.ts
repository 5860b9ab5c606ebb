import 'server-only';

import path from 'node:path';

import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type QueryResult, type SqliteDatabase } from 'kysely';
import pg from 'pg';

import { preparePrivateDatabaseFile } from '@/lib/db/private-file';
import type { Database } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** SQLite only: runs SQL at once, outside Kysely; see `immediateRunner`. */
  runNow?: ImmediateRunner;
}

/** Runs a compiled query synchronously, or answers undefined when it must wait its turn. */
export type ImmediateRunner = (sql: string, parameters: readonly unknown[]) => QueryResult<unknown> | undefined;

// PostgreSQL bigint (int8) comes back as a string by default; our bigints are millisecond times.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Opens a database: PostgreSQL for a postgres:// URL, else a SQLite file. Used by tests directly. */
export function openDatabase(options: { databaseUrl?: string; sqliteFile?: string }): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') preparePrivateDatabaseFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const cached = withStatementCache(sqlite);
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) }),
    engine: 'sqlite',
    runNow: immediateRunner(sqlite, cached),
  };
}

/**
 * better-sqlite3 runs each statement synchronously, but Kysely wraps every query in a chain of
 * promises (a connection lock, the driver, the result), which costs more than the small
 * statements the console runs on each request. This runs a statement directly, on the same
 * connection and the same prepared statements, as Kysely's SQLite driver would. While a
 * transaction is open on the connection it declines (undefined): the query then goes through
 * Kysely, which waits for the transaction to end instead of joining it.
 */
function immediateRunner(sqlite: SQLite.Database, cached: SqliteDatabase): ImmediateRunner {
  return (sql, parameters) => {
    if (sqlite.inTransaction) return undefined;
    const statement = cached.prepare(sql);
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  };
}

/** Distinct SQL texts the console runs are a few dozen; the bound only guards against surprises. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The SQLite connection as Kysely sees it, preparing each distinct SQL text once. Kysely asks
 * for a new prepared statement on every query, and preparing costs more than running the
 * small queries of a request. A statement still busy (a streamed result being read) is never
 * handed out twice: that query gets one of its own.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (statements.size >= size) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
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

import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { describe, it } from 'vitest';

import { getTestDatabaseSettings } from '@/test/support/settings';

/**
 * PostgreSQL for tests. The data layer runs on SQLite always and on PostgreSQL when
 * TEST_DATABASE_URL names a throwaway server (trust auth, user postgres). CI sets
 * REQUIRE_POSTGRES=1, which turns a missing URL into a failure instead of a silent skip.
 */
export const { postgresUrl, postgresRequired } = getTestDatabaseSettings();

export type Engine = 'sqlite' | 'postgres';

/** A suite that needs PostgreSQL: skipped without TEST_DATABASE_URL, failed if REQUIRE_POSTGRES=1. */
export function describePostgres(name: string, fn: () => void): void {
  if (!postgresUrl && postgresRequired) {
    describe(name, () => {
      it('has a PostgreSQL server to run against', () => {
        throw new Error('TEST_DATABASE_URL is required when REQUIRE_POSTGRES=1');
      });
    });
    return;
  }
  describe.skipIf(!postgresUrl)(name, fn);
}

/** Runs one suite per engine: `<name> [sqlite]` and `<name> [postgres]`. */
export function describeEachEngine(name: string, fn: (engine: Engine) => void): void {
  describe(`${name} [sqlite]`, () => fn('sqlite'));
  describePostgres(`${name} [postgres]`, () => fn('postgres'));
}

async function onServer(statement: string): Promise<void> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is required');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface PostgresTestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, so that test files never see each other's rows. */
export async function createPostgresDatabase(): Promise<PostgresTestDatabase> {
  const name = `console_test_${randomBytes(6).toString('hex')}`;
  await onServer(`create database ${name}`);
  const url = new URL(postgresUrl as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(`drop database if exists ${name} with (force)`),
  };
}

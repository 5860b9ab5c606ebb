import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { vi } from 'vitest';

import type { DatabaseHandle } from '@/lib/db/connection';
import { createPostgresDatabase, type Engine, type PostgresTestDatabase } from '@/test/support/postgres';
import { stopAllJobs } from '@/lib/jobs/wake';

export const CONSOLE_ORIGIN = 'http://localhost:3000';

type EnvOverrides = Record<string, string | undefined>;

/** Settings a test console starts from; anything the surrounding shell set is overridden. */
const BASELINE: EnvOverrides = {
  ATTESTR_BASE_URL: undefined,
  ATTESTR_AUTH_TOKEN: undefined,
  BETTER_AUTH_SECRET: undefined,
  BETTER_AUTH_URL: CONSOLE_ORIGIN,
  ADMIN_EMAIL: undefined,
  ADMIN_PASSWORD: undefined,
  TRUSTED_PROXIES: undefined,
  SESSION_IDLE_MINUTES: undefined,
  SESSION_MAX_HOURS: undefined,
  PORT: undefined,
  LOG_LEVEL: 'silent',
  // Far above what any test sends, so the shared Attestr budget never slows one down; a test of
  // the budget sets its own.
  ATTESTR_RATE_LIMIT_PER_SEC: '10000',
  ATTESTR_DAILY_LIMIT: '100000000',
  ATTESTR_INTERACTIVE_SHARE: undefined,
};

const holder = globalThis as typeof globalThis & {
  __consoleDatabase?: DatabaseHandle;
};

/**
 * Forgets the process-wide database, auth instance and cached env, closing the connection. A
 * jobs loop a start-up (or a test) left ticking is stopped first: it would open the
 * database again with the settings it was started with.
 */
export async function forgetConsoleState(): Promise<void> {
  await stopAllJobs();
  const handle = holder.__consoleDatabase;
  delete holder.__consoleDatabase;
  vi.resetModules();
  await handle?.close();
}

export interface TestConsole {
  engine: Engine;
  dataDir: string;
  /** The fresh PostgreSQL database's URL; undefined on SQLite (a file under dataDir). */
  databaseUrl: string | undefined;
  /** Replaces the settings given at start (same data); import modules again to see them. */
  configure(env: EnvOverrides): Promise<void>;
  close(): Promise<void>;
}

/**
 * A console configured for one engine on an empty database of its own: a temp DATA_DIR (the
 * SQLite file and, in sandbox mode, the generated secret) and, for PostgreSQL, a fresh
 * database. Import lib modules dynamically after this, so that they read these settings.
 */
export async function startTestConsole(input: { engine: Engine; env?: EnvOverrides }): Promise<TestConsole> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-test-'));
  let postgres: PostgresTestDatabase | undefined;
  if (input.engine === 'postgres') postgres = await createPostgresDatabase();
  const fixed: EnvOverrides = { DATA_DIR: dataDir, DATABASE_URL: postgres?.url };

  const configure = async (env: EnvOverrides) => {
    await forgetConsoleState();
    for (const [name, value] of Object.entries({ ...BASELINE, ...env, ...fixed })) vi.stubEnv(name, value);
  };
  await configure(input.env ?? {});

  return {
    engine: input.engine,
    dataDir,
    databaseUrl: postgres?.url,
    configure,
    async close() {
      await forgetConsoleState();
      vi.unstubAllEnvs();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

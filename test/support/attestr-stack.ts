import { randomBytes } from 'node:crypto';

import { startSandbox, type RunningSandbox } from '@/sandbox';
import { startCountingProxy, type CountingProxy } from '@/test/support/counting-proxy';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import type { Engine } from '@/test/support/postgres';

export interface AttestrTestStack {
  sandbox: RunningSandbox;
  /** Between the console and the sandbox: what reached Attestr. */
  proxy: CountingProxy;
  testConsole: TestConsole;
  /** Back to the sandbox's seeded profiles and config, and no request seen. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A console on one engine, its database migrated, talking over real HTTP to a sandbox of its
 * own through a counting proxy: what the tests of the save path and its callers start from.
 */
export async function startAttestrTestStack(input: {
  engine: Engine;
  token: string;
  env?: Record<string, string | undefined>;
}): Promise<AttestrTestStack> {
  const sandbox = await startSandbox({ token: input.token });
  const proxy = await startCountingProxy(sandbox);
  const testConsole = await startTestConsole({
    engine: input.engine,
    env: {
      ATTESTR_BASE_URL: proxy.url,
      ATTESTR_AUTH_TOKEN: input.token,
      ATTESTR_TIMEOUT_MS: '700',
      BETTER_AUTH_SECRET: randomBytes(24).toString('hex'),
      ...input.env,
    },
  });
  const { migrateDatabase } = await import('@/lib/auth/migrate');
  await migrateDatabase();
  return {
    sandbox,
    proxy,
    testConsole,
    reset() {
      sandbox.reset();
      proxy.requests.length = 0;
    },
    async close() {
      await testConsole.close();
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** Where the sandbox serves Attestr's profile API. */
export const FACTX = '/api/v1/public/factx';

/** The seeded Gitanjali Raheja as the form loads her: the base of most saves in tests. */
export const GITANJALI_LOADED = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};

/** People as the save path knows them, one per role (and a second HR). */
export const TEST_ACTORS = {
  hr: { userId: 'user-hr-1', role: 'hr' },
  otherHr: { userId: 'user-hr-2', role: 'hr' },
  support: { userId: 'user-support-1', role: 'support' },
  ops: { userId: 'user-ops-1', role: 'ops' },
  admin: { userId: 'user-admin-1', role: 'admin' },
};

import { randomBytes } from 'node:crypto';

import { startSandbox, type RunningSandbox } from '@/lib/sandbox';
import { startCountingProxy, type CountingProxy } from '@/lib/test/counting-proxy';
import { startTestConsole, type TestConsole } from '@/lib/test/console';
import type { Engine } from '@/lib/test/postgres';

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
  const { migrateDatabase } = await import('@/lib/db/migrate');
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

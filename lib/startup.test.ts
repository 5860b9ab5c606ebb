import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const LIVE = {
  ATTESTR_BASE_URL: 'https://api.attestr.example',
  ATTESTR_AUTH_TOKEN: 'startup-test-token',
  BETTER_AUTH_SECRET: 's'.repeat(40),
  ADMIN_EMAIL: 'real.admin@example.org',
  ADMIN_PASSWORD: 'real-admin-password-1',
};

class Exit extends Error {
  constructor(readonly code: number | undefined) {
    super(`process.exit(${code})`);
  }
}

describeEachEngine('start-up after sandbox mode, on the same data', (engine) => {
  let testConsole: TestConsole;

  beforeAll(async () => {
    // First start: sandbox mode, which creates the demo accounts.
    testConsole = await startTestConsole({ engine });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    await (await import('@/lib/auth/bootstrap')).ensureInitialUsers();
  });
  afterAll(() => testConsole?.close());

  async function emails(): Promise<string[]> {
    const context = await (await import('@/lib/auth/auth')).getAuth().$context;
    return (await context.internalAdapter.listUsers(100)).map((user) => user.email).sort();
  }

  /** Runs the console's start-up as instrumentation.ts does; answers the exit code and stderr. */
  async function start(): Promise<{ exitCode: number | null; stderr: string }> {
    const { startConsole } = await import('@/lib/startup');
    let stderr = '';
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Exit(code as number | undefined);
    });
    try {
      await startConsole();
      return { exitCode: null, stderr };
    } catch (error) {
      if (error instanceof Exit) return { exitCode: error.code ?? 0, stderr };
      throw error;
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
  }

  it('refuses live mode while a demo account exists, saying how to remove them, and creates no one', async () => {
    await testConsole.configure(LIVE);

    const { exitCode, stderr } = await start();

    expect(exitCode).toBe(1);
    expect(stderr).toContain('cannot start');
    expect(stderr).toContain('sandbox demo accounts (admin@example.com, hr@example.com');
    expect(stderr).toContain('npm run users:remove-demo');
    expect(await emails()).not.toContain(LIVE.ADMIN_EMAIL);
  });

  it('npm run users:remove-demo removes them; live mode then starts and creates ADMIN_EMAIL', async () => {
    // The command runs in a process of its own, with the console's settings (live mode, same data).
    await testConsole.configure(LIVE);
    const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', [
      '--conditions=react-server',
      'scripts/users-remove-demo.ts',
    ]);
    expect(stdout).toContain(
      'Removed 4 demo accounts: admin@example.com, hr@example.com, support@example.com, ops@example.com.',
    );
    expect(await emails()).toEqual([]);

    expect(await start()).toEqual({ exitCode: null, stderr: '' });

    expect(await emails()).toEqual([LIVE.ADMIN_EMAIL]);
    const context = await (await import('@/lib/auth/auth')).getAuth().$context;
    const admin = await context.internalAdapter.findUserByEmail(LIVE.ADMIN_EMAIL);
    expect((admin?.user as { role?: string } | undefined)?.role).toBe('admin');
  });
});

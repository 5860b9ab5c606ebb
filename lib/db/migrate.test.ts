import { AsyncLocalStorage } from 'node:async_hooks';

import { afterEach, beforeEach, expect, it } from 'vitest';

import type { DatabaseHandle } from '@/lib/db/connection';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine, describePostgres } from '@/test/support/postgres';

const AUTH_TABLES = ['user', 'session', 'account', 'verification'];
const CONSOLE_TABLES = ['sign_in_throttle', 'update_attempt', 'update_attempt_review'];

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  return tables.map((table) => table.name);
}

/** What is left to do: Better Auth's pending tables and columns, and the console's pending migrations. */
async function pendingWork() {
  const [{ getMigrations }, { getAuth }, { getDatabase }, { migrations }] = await Promise.all([
    import('better-auth/db/migration'),
    import('@/lib/auth/auth'),
    import('@/lib/db/connection'),
    import('@/lib/db/migrations'),
  ]);
  const { toBeCreated, toBeAdded } = await getMigrations(getAuth().options);
  const applied = await getDatabase()
    .db.selectFrom('console_migration' as never)
    .select('name' as never)
    .execute();
  return {
    authTables: toBeCreated.map((table) => table.table),
    authColumns: toBeAdded.map((table) => table.table),
    consoleMigrations: Object.keys(migrations).length - applied.length,
  };
}

describeEachEngine('migrateDatabase', (engine) => {
  let testConsole: TestConsole;

  beforeEach(async () => {
    testConsole = await startTestConsole({ engine, env: { BETTER_AUTH_SECRET: 'm'.repeat(40) } });
  });
  afterEach(() => testConsole.close());

  it("creates Better Auth's tables and the console's", async () => {
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    const { getDatabase } = await import('@/lib/db/connection');
    expect(await tableNames(getDatabase())).toEqual([]);

    await migrateDatabase();

    const tables = await tableNames(getDatabase());
    expect(tables).toEqual(expect.arrayContaining([...AUTH_TABLES, ...CONSOLE_TABLES]));
    expect(await pendingWork()).toEqual({ authTables: [], authColumns: [], consoleMigrations: 0 });
  });

  it('does nothing the second time, and keeps the rows', async () => {
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    const { getDatabase } = await import('@/lib/db/connection');
    await migrateDatabase();
    await getDatabase()
      .db.insertInto('sign_in_throttle')
      .values({ key: 'email:kept@example.com', failures: 2, window_started_at: 1, locked_until: null })
      .execute();
    const before = await tableNames(getDatabase());

    await migrateDatabase();

    expect(await tableNames(getDatabase())).toEqual(before);
    expect(await pendingWork()).toEqual({ authTables: [], authColumns: [], consoleMigrations: 0 });
    const { migrateConsoleTables } = await import('@/lib/db/migrate');
    expect((await migrateConsoleTables(getDatabase())).results).toEqual([]);
    const rows = await getDatabase().db.selectFrom('sign_in_throttle').select(['key', 'failures']).execute();
    expect(rows).toEqual([{ key: 'email:kept@example.com', failures: 2 }]);
  });
});

describePostgres('migrateDatabase from two instances starting at once [postgres]', () => {
  let testConsole: TestConsole;

  beforeEach(async () => {
    testConsole = await startTestConsole({ engine: 'postgres', env: { BETTER_AUTH_SECRET: 'm'.repeat(40) } });
  });
  afterEach(() => testConsole.close());

  it('both succeed and leave one complete schema', async () => {
    const { openDatabase } = await import('@/lib/db/connection');
    const { migrateDatabase } = await import('@/lib/auth/migrate');

    // Each instance has its own pool: the process-wide holder on globalThis answers per async
    // context, as if each call ran in a process of its own.
    const instance = new AsyncLocalStorage<{ database?: DatabaseHandle }>();
    const perInstance = (key: 'database') => ({
      configurable: true,
      get: () => instance.getStore()?.[key],
      set: (value: never) => {
        const store = instance.getStore();
        if (!store) throw new Error('no instance');
        store[key] = value;
      },
    });
    Object.defineProperty(globalThis, '__consoleDatabase', perInstance('database'));
    const handles = [1, 2, 3].map(() => openDatabase({ databaseUrl: testConsole.databaseUrl }));
    try {
      const results = await Promise.allSettled(
        handles.slice(0, 2).map((database) => instance.run({ database }, () => migrateDatabase())),
      );
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
      ]);
      const check = handles[2] as DatabaseHandle;
      expect(await tableNames(check)).toEqual(expect.arrayContaining([...AUTH_TABLES, ...CONSOLE_TABLES]));
      const applied = await check.db
        .selectFrom('console_migration' as never)
        .select('name' as never)
        .execute();
      const { migrations } = await import('@/lib/db/migrations');
      expect(applied).toHaveLength(Object.keys(migrations).length);
    } finally {
      delete (globalThis as { __consoleDatabase?: unknown }).__consoleDatabase;
      await Promise.all(handles.map((handle) => handle.db.destroy()));
    }
  });
});

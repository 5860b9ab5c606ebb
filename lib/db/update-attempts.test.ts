import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

describeEachEngine('the earlier record of updates', (engine) => {
  let testConsole: TestConsole;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
  });
  afterAll(() => testConsole?.close());

  it('becomes attempts: the body sent, the outcome, and an interrupted update as unknown', async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const { migrations } = await import('@/lib/db/migrations');
    const { db } = getDatabase();
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: 'console_migration',
      migrationLockTableName: 'console_migration_lock',
    });
    expect((await migrator.migrateTo('2026-11-26-002-profile-update')).error).toBeUndefined();
    const old = {
      profile_id: 'AX1LgghsxZsJZUwYvN',
      user_id: 'user-1',
      error_source: null,
      error_code: null,
      tracing_id: null,
    };
    await db
      .insertInto('profile_update' as never)
      .values([
        {
          ...old,
          id: 'attempt-succeeded-0001',
          fields: JSON.stringify({ tag: 'AA-1', name: 'Gitanjali', mobile: '+918888999978' }),
          status: 'succeeded',
          tracing_id: 'trace-1',
          created_at: 1000,
          finished_at: 1100,
        },
        {
          ...old,
          id: 'attempt-pending-00002',
          fields: JSON.stringify({ tag: 'AA-1', name: 'Gita' }),
          status: 'pending',
          created_at: 2000,
          finished_at: null,
        },
        {
          ...old,
          id: 'attempt-failed-000003',
          fields: JSON.stringify({ tag: 'AA-1', name: 'G' }),
          status: 'failed',
          error_source: 'attestr',
          error_code: '5001',
          created_at: 3000,
          finished_at: 3100,
        },
      ] as never)
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const { listProfileAttempts } = await import('@/lib/db/update-attempts');
    const attempts = await listProfileAttempts({ profileId: 'AX1LgghsxZsJZUwYvN' });
    expect(attempts.map(({ id, outcome, errorCode }) => ({ id, outcome, errorCode }))).toEqual([
      { id: 'attempt-failed-000003', outcome: 'failed', errorCode: '5001' },
      { id: 'attempt-pending-00002', outcome: 'unknown', errorCode: null },
      { id: 'attempt-succeeded-0001', outcome: 'succeeded', errorCode: null },
    ]);
    expect(attempts[2]).toMatchObject({
      actorId: 'user-1',
      sent: { tag: 'AA-1', name: 'Gitanjali', email: '', mobile: '+918888999978' },
      tracingId: 'trace-1',
      createdAt: 1000,
      finishedAt: 1100,
    });
    await expect(
      db
        .selectFrom('profile_update' as never)
        .selectAll()
        .execute(),
    ).rejects.toThrow();
  });
});

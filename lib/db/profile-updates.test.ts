import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/lib/test/console';
import { describeEachEngine } from '@/lib/test/postgres';

type ProfileUpdates = typeof import('@/lib/db/profile-updates');
type Connection = typeof import('@/lib/db/connection');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const T0 = Date.parse('2026-03-10T10:00:00.000Z');
const FIELDS = { tag: 'EMP-7', name: 'Gitanjali Rao', email: 'g.rao@example.com', mobile: '+918888999978' };

describeEachEngine('profile updates', (engine) => {
  let testConsole: TestConsole;
  let updates: ProfileUpdates;
  let connection: Connection;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
    connection = await import('@/lib/db/connection');
    updates = await import('@/lib/db/profile-updates');
    const { migrateConsoleTables } = await import('@/lib/db/migrate');
    await migrateConsoleTables(connection.getDatabase());
  });
  afterAll(() => testConsole?.close());
  beforeEach(async () => {
    await connection.getDatabase().db.deleteFrom('profile_update').execute();
  });

  async function rowOf(id: string) {
    return connection.getDatabase().db.selectFrom('profile_update').selectAll().where('id', '=', id).executeTakeFirst();
  }

  it('writes a started update down as pending, with the body as JSON', async () => {
    const id = await updates.recordUpdateStarted({ profileId: 'prof_1', userId: 'user_1', fields: FIELDS, now: T0 });

    expect(id).toMatch(UUID);
    const row = await rowOf(id);
    expect(row).toEqual({
      id,
      profile_id: 'prof_1',
      user_id: 'user_1',
      fields: expect.any(String),
      status: 'pending',
      error_source: null,
      error_code: null,
      tracing_id: null,
      created_at: T0,
      finished_at: null,
    });
    expect(JSON.parse(row?.fields as string)).toEqual(FIELDS);
  });

  it('gives each update its own id, and stamps the current time when none is given', async () => {
    const before = Date.now();
    const first = await updates.recordUpdateStarted({ profileId: 'prof_1', userId: 'user_1', fields: FIELDS });
    const second = await updates.recordUpdateStarted({ profileId: 'prof_1', userId: 'user_1', fields: FIELDS });
    expect(first).not.toBe(second);
    const createdAt = (await rowOf(first))?.created_at as number;
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
  });

  it('records a success with its tracing id and the time it finished', async () => {
    const id = await updates.recordUpdateStarted({ profileId: 'prof_1', userId: 'user_1', fields: FIELDS, now: T0 });
    const before = Date.now();

    await updates.recordUpdateFinished({ id, outcome: { status: 'succeeded', tracingId: 'trace-ok-1' } });

    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'succeeded', error_source: null, error_code: null, tracing_id: 'trace-ok-1' });
    expect(row?.finished_at).toBeGreaterThanOrEqual(before);
    expect(row?.finished_at).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(row?.fields as string)).toEqual(FIELDS);
  });

  it('records a failure with its source, code and tracing id', async () => {
    const id = await updates.recordUpdateStarted({ profileId: 'prof_2', userId: 'user_1', fields: FIELDS, now: T0 });

    await updates.recordUpdateFinished({
      id,
      outcome: { status: 'failed', source: 'attestr', code: '4001', tracingId: 'trace-bad-1' },
    });

    expect(await rowOf(id)).toMatchObject({
      status: 'failed',
      error_source: 'attestr',
      error_code: '4001',
      tracing_id: 'trace-bad-1',
      finished_at: expect.any(Number),
    });
  });

  it('records a failure without a tracing id as null', async () => {
    const id = await updates.recordUpdateStarted({ profileId: 'prof_2', userId: 'user_1', fields: FIELDS, now: T0 });
    await updates.recordUpdateFinished({ id, outcome: { status: 'failed', source: 'network', code: 'TIMEOUT' } });
    expect(await rowOf(id)).toMatchObject({ status: 'failed', error_source: 'network', tracing_id: null });
  });

  it('lists newest first, filtered by profile and by status, up to the limit', async () => {
    const start = (profileId: string, at: number) =>
      updates.recordUpdateStarted({
        profileId,
        userId: 'user_1',
        fields: { ...FIELDS, tag: `${profileId}@${at}` },
        now: at,
      });
    const a1 = await start('prof_a', T0);
    const a2 = await start('prof_a', T0 + 2);
    const b1 = await start('prof_b', T0 + 1);
    const b2 = await start('prof_b', T0 + 3);
    await updates.recordUpdateFinished({ id: a1, outcome: { status: 'succeeded' } });
    await updates.recordUpdateFinished({ id: b1, outcome: { status: 'failed', source: 'attestr', code: '4001' } });
    await updates.recordUpdateFinished({ id: b2, outcome: { status: 'failed', source: 'attestr', code: '4002' } });
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

    expect(ids(await updates.listProfileUpdates({}))).toEqual([b2, a2, b1, a1]);
    expect(ids(await updates.listProfileUpdates({ profileId: 'prof_a' }))).toEqual([a2, a1]);
    expect(ids(await updates.listProfileUpdates({ status: 'failed' }))).toEqual([b2, b1]);
    expect(ids(await updates.listProfileUpdates({ status: 'pending' }))).toEqual([a2]);
    expect(ids(await updates.listProfileUpdates({ profileId: 'prof_b', status: 'failed' }))).toEqual([b2, b1]);
    expect(ids(await updates.listProfileUpdates({ profileId: 'prof_a', status: 'failed' }))).toEqual([]);
    expect(ids(await updates.listProfileUpdates({ limit: 2 }))).toEqual([b2, a2]);
    expect(ids(await updates.listProfileUpdates({ profileId: 'nobody' }))).toEqual([]);
  });

  it('lists at most 50 when no limit is given', async () => {
    for (let i = 0; i < 55; i += 1) {
      await updates.recordUpdateStarted({ profileId: 'prof_many', userId: 'user_1', fields: FIELDS, now: T0 + i });
    }
    const rows = await updates.listProfileUpdates({ profileId: 'prof_many' });
    expect(rows).toHaveLength(50);
    expect(rows[0]?.created_at).toBe(T0 + 54);
  });
});

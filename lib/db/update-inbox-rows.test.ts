import { afterAll, beforeAll, expect, it } from 'vitest';

import type { AttemptOutcome } from '@/lib/db/schema';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import type { AttemptCursor, InboxRow } from '@/lib/shared/inbox-view';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

const T0 = Date.parse('2026-11-10T08:00:00.000Z');
const VALUES = { tag: 'BG-1', name: 'Bela Group', email: 'b@example.test', mobile: '+918888999902' };

describeEachEngine('the updates list, a bulk job’s failures a row per job', (engine) => {
  let testConsole: TestConsole;
  let attempts: typeof import('@/lib/db/update-attempts');
  let rowsOf: typeof import('@/lib/db/update-inbox-rows');
  const users = { ops: '', support: '' };

  async function seed(
    rows: { id: string; at: number; outcome: AttemptOutcome; code?: string; job?: string; by?: 'ops' | 'support' }[],
  ) {
    for (const row of rows) {
      const attempt = {
        id: row.id,
        requestHash: `hash-${row.id}`,
        profileId: `PROFILE-${row.id}`,
        profileTag: 'BG-1',
        actorId: users[row.by ?? 'ops'],
        actorRole: row.by ?? 'ops',
        source: row.job ? ('bulk' as const) : ('form' as const),
        reason: null,
        retryOf: null,
        bulkJobId: row.job ?? null,
        changedFields: ['name' as const],
        requested: { name: 'Bela' },
        base: {},
        before: VALUES,
        sent: { ...VALUES, name: 'Bela' },
        createdAt: row.at,
      };
      const outcome = {
        outcome: row.outcome as Exclude<AttemptOutcome, 'pending'>,
        errorCode: row.code ?? null,
        finishedAt: row.at + 5,
      };
      await attempts.recordAttemptFinished({ attempt, outcome });
    }
  }

  /** A page's rows in words: an attempt's id, or "job:<id> <failed lines>". */
  const words = (rows: InboxRow[]) =>
    rows.map((row) => (row.kind === 'attempt' ? row.attempt.id : `job:${row.group.jobId} ${row.group.failed}`));
  const list = async (filter: InboxFilter, actorId?: string) =>
    words((await rowsOf.listInboxRows({ filter, actorId, limit: 100 })).rows);

  beforeAll(async () => {
    testConsole = await startTestConsole({
      engine,
      env: { BETTER_AUTH_SECRET: 'inbox-rows-test-secret-0123456789abcdef' },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ['ops', 'support'] as const) {
      const { user } = await getAuth().api.createUser({
        body: { email: `${role}-rows@example.test`, password: 'a long enough password 1', name: role, role },
      });
      users[role] = user.id;
    }
    attempts = await import('@/lib/db/update-attempts');
    rowsOf = await import('@/lib/db/update-inbox-rows');
    const { db } = (await import('@/lib/db/connection')).getDatabase();
    for (const [id, fileName, by] of [
      ['job-a', 'people.csv', 'ops'],
      ['job-b', 'mobiles.csv', 'support'],
    ] as const) {
      await db
        .insertInto('bulk_job')
        .values({
          id,
          created_by: users[by],
          created_by_role: by,
          file_name: fileName,
          headers: '["profileId","name"]',
          fields: '["name"]',
          dry_run: 0,
          state: 'finished',
          message: null,
          paused_until: null,
          retry_of: null,
          total: 4,
          created_at: T0,
          started_at: T0,
          first_sent_at: T0,
          finished_at: T0 + 100,
          purged_at: null,
        })
        .execute();
    }
    await seed([
      { id: 'r-01', at: T0 + 1, outcome: 'failed', code: '4291', job: 'job-a' },
      { id: 'r-02', at: T0 + 2, outcome: 'succeeded', job: 'job-a' },
      { id: 'r-03', at: T0 + 3, outcome: 'failed', code: '5001' },
      { id: 'r-04', at: T0 + 4, outcome: 'unknown', code: 'UPSTREAM_TIMEOUT', job: 'job-a' },
      { id: 'r-05', at: T0 + 5, outcome: 'failed', code: '4291', job: 'job-b', by: 'support' },
      { id: 'r-06', at: T0 + 6, outcome: 'failed', code: '4291', job: 'job-a' },
      { id: 'r-07', at: T0 + 7, outcome: 'succeeded' },
      { id: 'r-08', at: T0 + 8, outcome: 'refused', code: 'VALIDATION_FAILED', job: 'job-a' },
    ]);
  });
  afterAll(() => testConsole?.close());

  it('folds a job’s failed lines into one row where its newest failure stands, its count true', async () => {
    // job-a failed on r-01, r-04 and r-06; its saved and refused lines stay rows of their own.
    expect(await list({})).toEqual(['r-08', 'r-07', 'job:job-a 3', 'job:job-b 1', 'r-03', 'r-02']);
    const { rows } = await rowsOf.listInboxRows({ filter: {}, limit: 10 });
    expect(rows.find((row) => row.kind === 'bulk')).toEqual({
      kind: 'bulk',
      group: { jobId: 'job-a', fileName: 'people.csv', failed: 3, latestAt: T0 + 6, latestId: 'r-06' },
    });
  });

  it('keeps the filters: the rows and the counts are those the filter shows', async () => {
    expect(await list({ code: '4291' })).toEqual(['job:job-a 2', 'job:job-b 1']);
    expect(await list({ outcome: 'unknown' })).toEqual(['job:job-a 1']);
    expect(await list({ outcome: 'succeeded' })).toEqual(['r-07', 'r-02']);
    expect(await list({ outcome: 'open' })).toEqual(['job:job-a 3', 'job:job-b 1', 'r-03']);
    expect(await list({ outcome: 'all' })).toEqual(await list({}));
    // Support sees its own updates only: its job's line, not the others'.
    expect(await list({}, users.support)).toEqual(['job:job-b 1']);
  });

  it('opens a job’s row to its failed lines under the filter, newest first', async () => {
    expect(await rowsOf.listBulkFailureLines({ filter: {}, jobId: 'job-a', limit: 2 })).toMatchObject({
      attempts: [{ id: 'r-06' }, { id: 'r-04' }],
      total: 3,
    });
    const coded = await rowsOf.listBulkFailureLines({ filter: { code: '4291' }, jobId: 'job-a', limit: 10 });
    expect(coded.attempts.map((attempt) => attempt.id)).toEqual(['r-06', 'r-01']);
    expect(coded.total).toBe(2);
    const own = await rowsOf.listBulkFailureLines({ filter: {}, jobId: 'job-a', actorId: users.support, limit: 10 });
    expect(own).toEqual({ attempts: [], total: 0 });
  });

  it('pages by keyset over both kinds of row: each row once, a job once', async () => {
    for (const filter of [{}, { outcome: 'open' as const }]) {
      const all = await list(filter);
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let after: AttemptCursor | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await rowsOf.listInboxRows({ filter, after, limit });
          seen.push(...words(page.rows));
          if (!page.next) break;
          after = page.next;
        }
        expect(seen).toEqual(all);
      }
    }
  });

  it('counts a line out of the open failures once it is resolved', async () => {
    expect(
      await attempts.recordAttemptResolved({
        attemptId: 'r-04',
        resolution: 'resolved',
        note: 'Done',
        by: users.ops,
        at: T0 + 50,
      }),
    ).toBe(true);
    expect(await list({ outcome: 'open' })).toEqual(['job:job-a 2', 'job:job-b 1', 'r-03']);
  });
});

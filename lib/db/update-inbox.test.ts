import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AttemptOutcome, AttemptSource } from '@/lib/db/schema';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';
import type { InboxFilter } from '@/lib/shared/inbox-filter';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-31T00:00:00.000Z');
const VALUES = { tag: 'AA-1', name: 'Gitanjali Raheja', email: 'g@example.test', mobile: '+918888999978' };

interface Seed {
  id: string;
  at: number;
  outcome: AttemptOutcome;
  actor?: 'ops' | 'support';
  profileId?: string;
  tag?: string;
  code?: string | null;
  source?: AttemptSource;
  /** Written pending first, then finished, as a save does. */
  viaPending?: boolean;
}

describeEachEngine('the updates page’s queries', (engine) => {
  let testConsole: TestConsole;
  let attempts: typeof import('@/lib/db/update-attempts');
  let db: import('kysely').Kysely<import('@/lib/db/schema').Database>;
  const users = { ops: '', support: '' };

  async function seed(rows: Seed[]): Promise<void> {
    for (const row of rows) {
      const attempt = {
        id: row.id,
        requestHash: `hash-${row.id}`,
        profileId: row.profileId ?? 'PROFILE-A',
        profileTag: row.tag ?? 'AA-1',
        actorId: users[row.actor ?? 'ops'],
        actorRole: row.actor ?? 'ops',
        source: row.source ?? 'form',
        reason: null,
        retryOf: null,
        changedFields: ['name' as const],
        requested: { name: 'Gita' },
        base: { name: 'Gitanjali Raheja' },
        before: VALUES,
        sent: { ...VALUES, name: 'Gita' },
        createdAt: row.at,
      };
      const outcome = {
        outcome: row.outcome as Exclude<AttemptOutcome, 'pending'>,
        errorCode: row.code ?? null,
        finishedAt: row.at + 10,
      };
      if (row.outcome === 'pending') await attempts.recordAttemptStarted({ attempt });
      else if (row.viaPending) {
        await attempts.recordAttemptStarted({ attempt });
        expect(await attempts.finishAttempt({ id: row.id, outcome })).toBe(true);
      } else await attempts.recordAttemptFinished({ attempt, outcome });
    }
  }

  const ids = async (filter: InboxFilter, actorId?: string) =>
    (await attempts.listAttempts({ filter, actorId, limit: 100 })).attempts.map((attempt) => attempt.id);

  beforeAll(async () => {
    testConsole = await startTestConsole({
      engine,
      env: { BETTER_AUTH_SECRET: 'update-inbox-test-secret-0123456789abcdef' },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    const { getAuth } = await import('@/lib/auth/auth');
    for (const [name, role] of [
      ['Olu Ops', 'ops'],
      ['Sam Support', 'support'],
    ] as const) {
      const { user } = await getAuth().api.createUser({
        body: { email: `${role}@example.test`, password: 'a long enough password 1', name, role },
      });
      users[role] = user.id;
    }
    attempts = await import('@/lib/db/update-attempts');
    db = (await import('@/lib/db/connection')).getDatabase().db;

    await seed([
      { id: 'att-01', at: T0 + 1 * DAY, outcome: 'succeeded' },
      { id: 'att-02', at: T0 + 2 * DAY, outcome: 'failed', code: '4291', viaPending: true },
      { id: 'att-03', at: T0 + 2 * DAY + 5, outcome: 'failed', code: '5001', actor: 'support' },
      { id: 'att-04', at: T0 + 3 * DAY, outcome: 'unknown', code: 'UPSTREAM_TIMEOUT', viaPending: true },
      { id: 'att-05', at: T0 + 3 * DAY + 1, outcome: 'refused', code: 'VALIDATION_FAILED', actor: 'support' },
      { id: 'att-06', at: T0 + 4 * DAY, outcome: 'failed', code: '4291', source: 'retry' },
      { id: 'att-07', at: T0 + 4 * DAY + 1, outcome: 'unknown', code: null, source: 'bulk' },
      {
        id: 'att-08',
        at: T0 + 5 * DAY,
        outcome: 'conflict',
        code: 'PROFILE_CHANGED',
        profileId: 'PROFILE-B',
        tag: 'BB-77',
      },
      { id: 'att-09', at: T0 + 5 * DAY, outcome: 'failed', code: '5001', profileId: 'PROFILE-B', tag: 'BB-78' },
      { id: 'att-10', at: T0 + 6 * DAY, outcome: 'pending' },
    ]);
    // The profile index names PROFILE-B (its number and its tag as last seen); PROFILE-A it never saw.
    await db
      .insertInto('profile_index')
      .values({
        profile_id: 'PROFILE-B',
        number: '3801-575765-9695',
        tag: 'CC-9',
        name: 'Bina Index',
        archived: 0,
        last_seen_at: T0,
      })
      .execute();
    // att-06 was resolved by a person; att-07 a check found applied; att-04 a check found not applied.
    await db
      .insertInto('update_attempt_review')
      .values({
        attempt_id: 'att-06',
        settled_outcome: null,
        checked_values: null,
        checked_at: null,
        checked_by: null,
        resolved_at: T0 + 7 * DAY,
        resolved_by: users.ops,
        note: 'Sent again by hand',
      })
      .execute();
    await attempts.recordAttemptChecked({
      attemptId: 'att-07',
      settledOutcome: 'succeeded',
      values: VALUES,
      by: users.ops,
      at: T0 + 7 * DAY,
    });
    await attempts.recordAttemptChecked({
      attemptId: 'att-04',
      settledOutcome: 'failed',
      values: VALUES,
      by: users.ops,
      at: T0 + 7 * DAY,
    });
  });
  afterAll(() => testConsole?.close());

  it('lists every attempt newest first, equal times by id, with the profile and the person named', async () => {
    expect(await ids({})).toEqual([
      'att-10',
      'att-09',
      'att-08',
      'att-07',
      'att-06',
      'att-05',
      'att-04',
      'att-03',
      'att-02',
      'att-01',
    ]);
    const { attempts: page } = await attempts.listAttempts({ filter: { q: 'PROFILE-B' }, limit: 10 });
    expect(page[0]).toMatchObject({
      id: 'att-09',
      profileId: 'PROFILE-B',
      profileNumber: '3801-575765-9695',
      profileTag: 'CC-9',
      profileName: 'Bina Index',
      actorName: 'Olu Ops',
      actorRole: 'ops',
      source: 'form',
      changedFields: ['name'],
      outcome: 'failed',
      errorCode: '5001',
    });
    const [unindexed] = (await attempts.listAttempts({ filter: { q: 'PROFILE-A' }, limit: 1 })).attempts;
    // Never seen by the index: the attempt's own tag, and the name it sent.
    expect(unindexed).toMatchObject({ profileNumber: null, profileTag: 'AA-1', profileName: 'Gita' });
  });

  describe('each filter', () => {
    it('outcome', async () => {
      expect(await ids({ outcome: 'failed' })).toEqual(['att-09', 'att-06', 'att-03', 'att-02']);
      expect(await ids({ outcome: 'unknown' })).toEqual(['att-07', 'att-04']);
      expect(await ids({ outcome: 'pending' })).toEqual(['att-10']);
      expect(await ids({ outcome: 'succeeded' })).toEqual(['att-01']);
    });

    it('open: failed or unknown, leaving out the resolved and those a check found applied', async () => {
      expect(await ids({ outcome: 'open' })).toEqual(['att-09', 'att-04', 'att-03', 'att-02']);
    });

    it('error code, who, source', async () => {
      expect(await ids({ code: '4291' })).toEqual(['att-06', 'att-02']);
      expect(await ids({ who: users.support })).toEqual(['att-05', 'att-03']);
      expect(await ids({ source: 'retry' })).toEqual(['att-06']);
      expect(await ids({ source: 'bulk' })).toEqual(['att-07']);
    });

    it('from and to: UTC days, both included', async () => {
      expect(await ids({ from: '2026-11-03', to: '2026-11-04' })).toEqual(['att-07', 'att-06', 'att-05', 'att-04']);
      expect(await ids({ to: '2026-11-02' })).toEqual(['att-03', 'att-02', 'att-01']);
      expect(await ids({ to: '2026-11-01' })).toEqual(['att-01']);
      expect(await ids({ from: '2026-11-06' })).toEqual(['att-10']);
      expect(await ids({ outcome: 'open', from: '2026-11-03', to: '2026-11-03' })).toEqual(['att-04']);
    });

    it('search: a profile id exactly, a number exactly, a tag by its start', async () => {
      expect(await ids({ q: 'PROFILE-B' })).toEqual(['att-09', 'att-08']);
      expect(await ids({ q: 'PROFILE' })).toEqual([]);
      expect(await ids({ q: '3801-575765-9695' })).toEqual(['att-09', 'att-08']);
      expect(await ids({ q: '3801-575765' })).toEqual([]);
      expect(await ids({ q: 'BB-7' })).toEqual(['att-09', 'att-08']);
      expect(await ids({ q: 'BB-78' })).toEqual(['att-09']);
      // The tag the index last saw finds the profile's attempts too.
      expect(await ids({ q: 'CC' })).toEqual(['att-09', 'att-08']);
    });

    it('filters together', async () => {
      expect(await ids({ outcome: 'failed', code: '5001', source: 'form', q: 'BB' })).toEqual(['att-09']);
      expect(await ids({ outcome: 'open', code: '5001' })).toEqual(['att-09', 'att-03']);
    });
  });

  it('scope own: only the person’s own attempts, under any filter', async () => {
    expect(await ids({}, users.support)).toEqual(['att-05', 'att-03']);
    expect(await ids({ outcome: 'open' }, users.support)).toEqual(['att-03']);
    expect(await ids({ who: users.ops }, users.support)).toEqual([]);
  });

  it('pages by keyset: every row once, none skipped, across equal times', async () => {
    for (const filter of [{}, { outcome: 'open' as const }, { outcome: 'failed' as const }]) {
      const all = await ids(filter);
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let after: import('@/lib/db/update-attempts').AttemptCursor | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await attempts.listAttempts({ filter, after, limit });
          seen.push(...page.attempts.map((attempt) => attempt.id));
          if (!page.next) break;
          after = page.next;
        }
        expect(seen).toEqual(all);
      }
    }
    const first = await attempts.listAttempts({ filter: {}, limit: 10 });
    expect(first.next).toBeNull();
  });

  it('counts open failures, everyone’s or one person’s, and follows reviews as they are written', async () => {
    expect(await attempts.countOpenFailures()).toBe(4);
    expect(await attempts.countOpenFailures({ actorId: users.support })).toBe(1);
    await attempts.recordAttemptChecked({
      attemptId: 'att-03',
      settledOutcome: 'succeeded',
      values: VALUES,
      by: users.ops,
      at: T0 + 8 * DAY,
    });
    expect(await attempts.countOpenFailures({ actorId: users.support })).toBe(0);
    expect(await ids({ outcome: 'open' })).toEqual(['att-09', 'att-04', 'att-02']);
    // A later check that finds it not applied after all makes it open again.
    await attempts.recordAttemptChecked({
      attemptId: 'att-03',
      settledOutcome: 'failed',
      values: VALUES,
      by: users.ops,
      at: T0 + 9 * DAY,
    });
    expect(await attempts.countOpenFailures()).toBe(4);
  });

  it('counts failures per day and error code over the period, under the other filters', async () => {
    const chart = await attempts.failuresByCodePerDay({ filter: { from: '2026-11-02', to: '2026-11-05' } });
    expect(chart.days).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
    expect(chart.counts).toEqual([
      { day: '2026-11-02', code: '4291', count: 1 },
      { day: '2026-11-02', code: '5001', count: 1 },
      { day: '2026-11-03', code: 'UPSTREAM_TIMEOUT', count: 1 },
      { day: '2026-11-04', code: null, count: 1 },
      { day: '2026-11-04', code: '4291', count: 1 },
      { day: '2026-11-05', code: '5001', count: 1 },
    ]);
    const open = await attempts.failuresByCodePerDay({
      filter: { outcome: 'open', from: '2026-11-02', to: '2026-11-05' },
    });
    expect(open.counts.map(({ day, code }) => `${day} ${code}`)).toEqual([
      '2026-11-02 4291',
      '2026-11-02 5001',
      '2026-11-03 UPSTREAM_TIMEOUT',
      '2026-11-05 5001',
    ]);
    const own = await attempts.failuresByCodePerDay({
      filter: { from: '2026-11-01', to: '2026-11-06' },
      actorId: users.support,
    });
    expect(own.counts).toEqual([{ day: '2026-11-02', code: '5001', count: 1 }]);
    // No dates: the last 14 days up to today.
    const recent = await attempts.failuresByCodePerDay({ filter: {}, now: T0 + 4 * DAY + 3_600_000 });
    expect(recent.days).toHaveLength(14);
    expect(recent.days.at(-1)).toBe('2026-11-04');
    expect(recent.counts.reduce((sum, row) => sum + row.count, 0)).toBe(5);
  });

  it('keeps the table of open failures right for attempts written before the inbox existed', async () => {
    const { sql } = await import('kysely');
    const rows = await sql<{ n: number | string }>`select count(*) as n from update_attempt_open o
      join update_attempt a on a.id = o.attempt_id where a.outcome in ('failed', 'unknown')`.execute(db);
    expect(Number(rows.rows[0]?.n)).toBe(await attempts.countOpenFailures());
  });
});

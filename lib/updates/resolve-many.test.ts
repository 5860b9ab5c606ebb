import { afterAll, beforeAll, expect, it } from 'vitest';

import type { AttemptOutcome } from '@/lib/db/schema';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const VALUES = { tag: 'RM-1', name: 'Ravi Many', email: 'r@example.test', mobile: '+918888999901' };

describeEachEngine('resolving many updates', (engine) => {
  let testConsole: TestConsole;
  let attempts: typeof import('@/lib/db/update-attempts');
  let many: typeof import('@/lib/updates/resolve-many');
  const users = { ops: '', admin: '', support: '' };
  const actor = (role: keyof typeof users) => ({ userId: users[role], role });

  async function seed(
    rows: { id: string; at: number; outcome: AttemptOutcome; code?: string; by?: keyof typeof users }[],
  ) {
    for (const row of rows) {
      const attempt = {
        id: row.id,
        requestHash: `hash-${row.id}`,
        profileId: 'PROFILE-RM',
        profileTag: 'RM-1',
        actorId: users[row.by ?? 'ops'],
        actorRole: row.by ?? 'ops',
        source: 'form' as const,
        reason: null,
        retryOf: null,
        changedFields: ['name' as const],
        requested: { name: 'Ravi' },
        base: VALUES,
        before: VALUES,
        sent: { ...VALUES, name: 'Ravi' },
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

  beforeAll(async () => {
    testConsole = await startTestConsole({
      engine,
      env: { BETTER_AUTH_SECRET: 'resolve-many-test-secret-0123456789abcdef' },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ['ops', 'admin', 'support'] as const) {
      const { user } = await getAuth().api.createUser({
        body: { email: `${role}-many@example.test`, password: 'a long enough password 1', name: role, role },
      });
      users[role] = user.id;
    }
    attempts = await import('@/lib/db/update-attempts');
    many = await import('@/lib/updates/resolve-many');
    await seed([
      { id: 'rm-01', at: T0 + 1, outcome: 'failed', code: '4291' },
      { id: 'rm-02', at: T0 + 2, outcome: 'failed', code: '4291', by: 'support' },
      { id: 'rm-03', at: T0 + 3, outcome: 'unknown', code: 'UPSTREAM_TIMEOUT' },
      { id: 'rm-04', at: T0 + 4, outcome: 'failed', code: '5001' },
      { id: 'rm-05', at: T0 + 5, outcome: 'succeeded' },
      { id: 'rm-06', at: T0 + 6, outcome: 'failed', code: '4291' },
      // Failed after the page was shown: not among those the person saw counted.
      { id: 'rm-07', at: T0 + 60_000, outcome: 'failed', code: '4291' },
    ]);
  });
  afterAll(() => testConsole?.close());

  const resolvedNotes = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => (await attempts.findAttemptReview({ attemptId: id }))?.note ?? null));

  it('resolves the open failures of the filter shown, each as a single resolve, and answers a true count', async () => {
    const filter = { outcome: 'open' as const, code: '4291' };
    const upTo = T0 + 30_000;
    expect(await attempts.countOpenAttempts({ filter, createdUpTo: upTo })).toBe(3);
    const answer = await many.resolveMany({ actor: actor('ops'), note: 'Limits raised', target: { filter, upTo } });
    expect(answer).toEqual({ resolved: 3, skipped: 0, remaining: 0 });
    // Those of 4291 shown on the page (support's too: operations see everyone's) are resolved…
    expect(await resolvedNotes(['rm-01', 'rm-02', 'rm-06'])).toEqual([
      'Limits raised',
      'Limits raised',
      'Limits raised',
    ]);
    const review = await attempts.findAttemptReview({ attemptId: 'rm-01' });
    expect(review).toMatchObject({ resolvedBy: users.ops, resolution: 'resolved' });
    expect(review?.resolvedAt).toBeGreaterThan(0);
    // …and none outside it: other codes, a save, a failure that came after the page was shown.
    expect(await resolvedNotes(['rm-03', 'rm-04', 'rm-05', 'rm-07'])).toEqual([null, null, null, null]);
    expect(await attempts.countOpenFailures()).toBe(3);
  });

  it('resolves a selection, skipping what is no longer open', async () => {
    const answer = await many.resolveMany({
      actor: actor('admin'),
      note: 'Fixed by hand',
      target: { attemptIds: ['rm-03', 'rm-01', 'rm-05', 'rm-03', 'no-such-update'] },
    });
    // rm-01 was resolved above, rm-05 saved, the last never existed; rm-03 named twice counts once.
    expect(answer).toEqual({ resolved: 1, skipped: 3, remaining: 0 });
    expect(await resolvedNotes(['rm-01', 'rm-03', 'rm-04'])).toEqual(['Limits raised', 'Fixed by hand', null]);
    expect(await attempts.countOpenFailures()).toBe(2);
  });

  it('refuses roles that may not resolve, changing nothing', async () => {
    for (const target of [{ attemptIds: ['rm-04'] }, { filter: {}, upTo: T0 + 120_000 }]) {
      await expect(many.resolveMany({ actor: actor('support'), note: 'No', target })).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    expect(await attempts.countOpenFailures()).toBe(2);
  });

  it('resolves nothing for a filter whose outcome is not a failure', async () => {
    const answer = await many.resolveMany({
      actor: actor('ops'),
      note: 'Nothing',
      target: { filter: { outcome: 'succeeded' }, upTo: T0 + 120_000 },
    });
    expect(answer).toEqual({ resolved: 0, skipped: 0, remaining: 0 });
    expect(await attempts.countOpenFailures()).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { FACTX, startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describePostgres } from '@/test/support/postgres';
import { afterPasses } from '@/test/support/jobs';

const TOKEN = 'bulk-claims-test-token-93e0';
type Jobs = typeof import('@/lib/db/bulk-jobs');

describePostgres('Bulk lines claimed by several instances at once [postgres]', () => {
  let stack: AttestrTestStack;
  let jobs: Jobs;
  let hr = { userId: '', role: 'hr' };

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine: 'postgres', token: TOKEN });
    const { getAuth } = await import('@/lib/auth/auth');
    const { user } = await getAuth().api.createUser({
      body: { email: 'hr-claims@example.test', password: 'a long enough password 1', name: 'HR claims', role: 'hr' },
    });
    hr = { userId: user.id, role: 'hr' };
    jobs = await import('@/lib/db/bulk-jobs');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('gives claims made at the same moment by two owners a line each, never one line twice', async () => {
    const { timeOrderedId } = await import('@/lib/db/time-ordered-id');
    const id = timeOrderedId();
    const lines = Array.from({ length: 60 }, (_, at) => at + 2);
    await jobs.insertBulkJob({
      id,
      createdBy: hr.userId,
      createdByRole: 'hr',
      fileName: 'claims.csv',
      headers: ['profileId', 'email'],
      fields: ['email'],
      dryRun: false,
      retryOf: null,
      rows: lines.map((line) => ({
        line,
        profileId: `P${String(line).padStart(17, '0')}`,
        cells: [],
        set: { email: `line-${line}@example.com` },
        error: null,
      })),
      at: Date.now(),
    });
    const now = Date.now();
    const claims = await Promise.all(
      Array.from({ length: lines.length }, (_, at) =>
        jobs.claimBulkRow({
          jobId: id,
          owner: at % 2 ? 'owner-b' : 'owner-a',
          now,
          claimUntil: now + 30_000,
          phase: 'update',
        }),
      ),
    );
    // As many claims as lines: each finds a line of its own, none comes back empty or shared.
    expect(claims.every((row) => row !== undefined)).toBe(true);
    const claimed = claims.filter((row) => row !== undefined);
    expect(claimed.map((row) => row.line).sort((a, b) => a - b)).toEqual(lines);
    expect(new Set(claimed.map((row) => row.claimed_by))).toEqual(new Set(['owner-a', 'owner-b']));
    const records = await jobs.listBulkRowRecords({ jobId: id, group: 'all', after: 0, limit: 100 });
    expect(records.map((row) => [row.state, row.tries, row.attempt_id])).toEqual(
      lines.map((line) => ['sending', 1, `${id}.${line}.1`]),
    );
    await jobs.cancelBulkJob({ id, at: Date.now(), message: 'Ended by the test.' });
  });

  it('lets two runners work one job together: every line claimed once, every profile one PUT', async () => {
    const ids = Object.values(SANDBOX_PROFILE_IDS).filter((id) => id !== SANDBOX_PROFILE_IDS.archived);
    const service = await import('@/lib/bulk/service');
    const job = await service.createBulkJob({
      actor: hr,
      fileName: 'two-runners.csv',
      csv: ['profileId,tag', ...ids.map((id, at) => `${id},TWO-${at}`)].join('\n'),
      mapping: { profileId: 'profileId', tag: 'tag' },
      dryRun: false,
    });
    const { startJobs } = await import('@/lib/jobs/loop');
    const { bulkLineJobs } = await import('@/lib/bulk/line-jobs');
    // Two loops in one process, as two instances would be: each with its own owner id.
    const first = startJobs({ kinds: [bulkLineJobs()], everyMs: 20 });
    const second = startJobs({ kinds: [bulkLineJobs()], everyMs: 20 });
    try {
      const view = await afterPasses({
        loop: first,
        what: 'the job finishing',
        read: () => service.getBulkJob({ viewer: hr, jobId: job.id }),
        done: (seen) => seen.state === 'finished',
      });
      expect(view.counts).toMatchObject({ total: ids.length, done: ids.length });
      expect(first.owner).not.toBe(second.owner);
    } finally {
      await first.stop();
      await second.stop();
    }
    const records = await jobs.listBulkRowRecords({ jobId: job.id, group: 'all', after: 0, limit: 100 });
    expect(records.map((row) => [row.state, row.tries, row.attempt_id])).toEqual(
      records.map((row) => ['succeeded', 1, `${job.id}.${row.line}.1`]),
    );
    for (const id of ids) {
      expect(
        stack.proxy.requests.filter((request) => request.method === 'PUT' && request.url.endsWith(`/${id}`)),
      ).toHaveLength(1);
      const held = await fetch(`${stack.sandbox.url}${FACTX}/${id}`, { headers: { Authorization: `Basic ${TOKEN}` } });
      expect(((await held.json()) as { tag: string }).tag).toBe(`TWO-${ids.indexOf(id)}`);
    }
  });
});

describe('The runner lease on a SQLite file [sqlite]', () => {
  let testConsole: TestConsole;
  let jobs: Jobs;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine: 'sqlite' });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    jobs = await import('@/lib/db/bulk-jobs');
  });
  afterAll(async () => {
    await testConsole?.close();
  });

  it('keeps a second runner idle while the first one’s process lives, and hands over when it is gone', async () => {
    const now = Date.now();
    const first = { owner: 'first', host: 'console-host', pid: 4101, now, leaseUntil: now + 30_000 };
    const second = { owner: 'second', host: 'console-host', pid: 4102, now, leaseUntil: now + 30_000 };
    expect(await jobs.takeRunnerLease({ ...first, isAlive: () => true })).toBe(true);
    expect(await jobs.takeRunnerLease({ ...second, isAlive: (pid) => pid === 4101 })).toBe(false);
    // The first renews its lease, as it does every tick.
    expect(await jobs.takeRunnerLease({ ...first, isAlive: () => true })).toBe(true);
    // Another machine cannot tell whether the process lives: it waits for the lease to lapse.
    const elsewhere = { ...second, owner: 'third', host: 'other-host' };
    expect(await jobs.takeRunnerLease({ ...elsewhere, isAlive: () => false })).toBe(false);
    expect(await jobs.takeRunnerLease({ ...second, isAlive: (pid) => pid !== 4101 })).toBe(true);
    expect(await jobs.takeRunnerLease({ ...first, isAlive: () => true })).toBe(false);
    const later = now + 31_000;
    expect(
      await jobs.takeRunnerLease({ ...elsewhere, now: later, leaseUntil: later + 30_000, isAlive: () => true }),
    ).toBe(true);
    // A lease given up as its process stops is free at once.
    await jobs.giveUpRunnerLease({ owner: 'third' });
    expect(await jobs.takeRunnerLease({ ...first, now: later, isAlive: () => true })).toBe(true);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import type { ColumnMapping } from '@/lib/bulk/rows';
import type { JobsLoop } from '@/lib/jobs/loop';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { afterPasses } from '@/test/support/jobs';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'bulk-runaway-test-token-0c4e';
const CONCURRENCY = 4;
const { gitanjali, arjun, priya } = SANDBOX_PROFILE_IDS;

type Service = typeof import('@/lib/bulk/service');
type Loop = typeof import('@/lib/jobs/loop');
type Kinds = typeof import('@/lib/bulk/line-jobs');
type Jobs = typeof import('@/lib/db/bulk-jobs');

/** Profile IDs Attestr does not know (40018), one a line. */
const unknownIds = (count: number, prefix = 'NoSuchProfile') =>
  Array.from({ length: count }, (_, at) => `${prefix}${String(at + 1).padStart(3, '0')}`);

const namesFile = (ids: string[]): { csv: string; mapping: ColumnMapping } => ({
  csv: ['profileId,name', ...ids.map((id, at) => `${id},Runaway Name ${at + 1}`)].join('\n'),
  mapping: { profileId: 'profileId', name: 'name' },
});

describeEachEngine('Bulk jobs that cannot run away', (engine) => {
  let stack: AttestrTestStack;
  let service: Service;
  let loop: Loop;
  let kinds: Kinds;
  let jobs: Jobs;
  let runners: JobsLoop[] = [];
  const hr = { userId: '', role: 'hr' };

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN, env: { BULK_CONCURRENCY: String(CONCURRENCY) } });
    const { getAuth } = await import('@/lib/auth/auth');
    const { user } = await getAuth().api.createUser({
      body: { email: 'hr-runaway@example.test', password: 'a long enough password 1', name: 'HR runaway', role: 'hr' },
    });
    hr.userId = user.id;
    service = await import('@/lib/bulk/service');
    loop = await import('@/lib/jobs/loop');
    kinds = await import('@/lib/bulk/line-jobs');
    jobs = await import('@/lib/db/bulk-jobs');
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await stack?.close();
  });
  beforeEach(async () => {
    for (const runner of runners) await runner.stop();
    runners = [];
    stack.reset();
    const { getDatabase } = await import('@/lib/db/connection');
    await sql`delete from attestr_budget`.execute(getDatabase().db);
    for (const job of await jobs.listBulkJobRecords({ limit: 1000 })) {
      await jobs.cancelBulkJob({ id: job.id, at: Date.now(), message: 'Ended by the test before.' });
    }
  });

  /** `count` loops at once: on PostgreSQL, as many instances sharing the lines. */
  const start = (count = 1) => {
    for (let at = 0; at < count; at += 1) runners.push(loop.startJobs({ kinds: [kinds.bulkLineJobs()], everyMs: 50 }));
  };
  const create = (input: { csv: string; mapping: ColumnMapping }) =>
    service.createBulkJob({ actor: hr, fileName: 'names.csv', dryRun: false, ...input });
  const until = (jobId: string, states: string[]) =>
    afterPasses({
      loop: runners[0] as JobsLoop,
      what: `The job becoming ${states.join(' or ')}`,
      read: () => service.getBulkJob({ viewer: hr, jobId }),
      done: (job: BulkJobView) => states.includes(job.state) && job.counts.byState.sending === 0,
    });
  const puts = () => stack.proxy.requests.filter((request) => request.method === 'PUT');

  it('pauses when its first 20 lines fail with “not found”, naming the error and a line; Resume goes on to the end', async () => {
    const created = await create(namesFile(unknownIds(25)));
    start();
    const paused = await until(created.id, ['paused', 'finished']);
    expect(paused.state).toBe('paused');
    expect(paused.counts.failed).toBeGreaterThanOrEqual(20);
    expect(paused.counts.failed).toBeLessThan(20 + CONCURRENCY);
    expect(paused.counts.remaining).toBeGreaterThan(0);
    expect(paused.message).toMatch(
      /^Paused: the first 20 lines failed with “Attestr has no profile with this ID that this account can open” \(e\.g\. line \d+, profile NoSuchProfile\d{3}\)\. Check the file’s profile ID column, then Resume or Cancel\.$/,
    );
    expect(puts()).toHaveLength(0);

    // The count starts again: the lines left fail as well, and the job ends rather than pausing again.
    await service.resumeBulkJob({ viewer: hr, jobId: created.id });
    const ended = await until(created.id, ['paused', 'finished']);
    expect(ended.state).toBe('finished');
    expect(ended.counts).toMatchObject({ total: 25, failed: 25, remaining: 0 });
    expect(ended.message).toBeNull();
  });

  it('pauses after 20 lines in a row fail with “archived”, though the lines before them were saved', async () => {
    stack.sandbox.injectFault({ kind: 'error', code: 40038, method: 'GET', pathIncludes: 'Gone', times: 100 });
    const created = await create(namesFile([gitanjali, arjun, priya, ...unknownIds(30, 'GoneProfile')]));
    start();
    const paused = await until(created.id, ['paused', 'finished']);
    expect(paused.state).toBe('paused');
    expect(paused.counts.done).toBe(3);
    expect(paused.message).toMatch(
      /^Paused: 20 lines in a row failed with “This profile is archived at Attestr” \(e\.g\. line \d+, profile GoneProfile\d{3}\)\. Check that the file lists the right profiles, then Resume or Cancel\.$/,
    );
    expect(paused.counts.remaining).toBeGreaterThan(0);
  });

  it('does not pause when the failures differ from one line to the next', async () => {
    stack.sandbox.injectFault({ kind: 'error', code: 40038, method: 'GET', pathIncludes: 'Gone', times: 100 });
    const unknown = unknownIds(15);
    const archived = unknownIds(15, 'GoneProfile');
    const created = await create(namesFile(unknown.flatMap((id, at) => [id, archived[at] as string])));
    start();
    const ended = await until(created.id, ['paused', 'finished']);
    expect(ended.state).toBe('finished');
    expect(ended.counts).toMatchObject({ total: 30, failed: 30 });
  });

  it('pauses once, at 20, with lines settled at once by two loops', async () => {
    const created = await create(namesFile(unknownIds(40)));
    start(2);
    const paused = await until(created.id, ['paused', 'finished']);
    expect(paused.state).toBe('paused');
    expect(paused.counts.failed).toBeGreaterThanOrEqual(20);
    expect(paused.counts.failed).toBeLessThan(20 + 2 * CONCURRENCY);
    expect(paused.message).toMatch(/^Paused: the first 20 lines failed/);
  });

  it('counts lines settled at the same moment each once', async () => {
    const created = await create(namesFile(unknownIds(1)));
    await service.cancelBulkJob({ viewer: hr, jobId: created.id });
    const runs = await Promise.all(
      Array.from({ length: 30 }, (_, at) =>
        jobs.countRunawayLine({ jobId: created.id, code: '40018', line: at + 2, profileId: `P${at}` }),
      ),
    );
    expect(runs.map((run) => run?.count).sort((a = 0, b = 0) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, at) => at + 1),
    );
    const first = runs.find((run) => run?.count === 1);
    expect(runs.every((run) => run?.line === first?.line && run?.fromStart)).toBe(true);
    expect(await jobs.countRunawayLine({ jobId: created.id, code: null, line: 40, profileId: 'P' })).toMatchObject({
      count: 0,
      code: null,
      fromStart: false,
    });
  });
  it('Retry failed rows leaves out the lines whose profiles are unknown or archived, and says how many', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: gitanjali, times: 3 });
    stack.sandbox.injectFault({ kind: 'error', code: 40038, method: 'GET', pathIncludes: 'Gone', times: 10 });
    const created = await create(namesFile([...unknownIds(2), gitanjali, 'GoneProfile001']));
    start();
    const ended = await until(created.id, ['finished']);
    expect(ended.counts).toMatchObject({ total: 4, failed: 4 });
    expect(ended.may.retryFailed).toBe(true);

    stack.proxy.requests.length = 0;
    const retry = await service.retryFailedRows({ viewer: hr, jobId: created.id });
    expect(retry).toMatchObject({ retryOf: created.id, leftOut: 3, counts: { total: 1 } });
    const { rows } = await service.listBulkRows({ viewer: hr, jobId: retry.id, group: 'all' });
    expect(rows.map((row) => row.profileId)).toEqual([gitanjali]);
    const again = await until(retry.id, ['finished']);
    expect(again.counts).toMatchObject({ done: 1, failed: 0 });
    expect(again.leftOut).toBe(3);
    expect(puts()).toHaveLength(1);
  });

  it('offers no Retry failed rows when every failed line’s profile is unknown', async () => {
    const created = await create(namesFile(unknownIds(3)));
    start();
    const ended = await until(created.id, ['finished']);
    expect(ended.counts.failed).toBe(3);
    expect(ended.may.retryFailed).toBe(false);
    await expect(service.retryFailedRows({ viewer: hr, jobId: created.id })).rejects.toMatchObject({
      code: 'BULK_NOTHING_TO_RETRY',
    });
  });
  it('estimates the Attestr calls, the time and the share of today’s allowance before a file is started', async () => {
    const { estimateBulkRun } = await import('@/lib/bulk/estimate');
    const before = await estimateBulkRun({ actor: hr, lines: 30, dryRun: false });
    // The test console's limits: 10,000 calls a second and 100,000,000 a day, 30% kept for people.
    expect(before).toMatchObject({
      lines: 30,
      callsPerLine: 3,
      calls: 90,
      seconds: { fastest: 90 / 10_000, whilePeopleSave: 90 / 7_000 },
      allowance: { daily: 70_000_000, usedToday: 0, leftToday: 70_000_000 },
    });
    expect(before.sharePercent).toBeCloseTo((100 * 90) / 70_000_000);
    expect(await estimateBulkRun({ actor: hr, lines: 30, dryRun: true })).toMatchObject({ callsPerLine: 1, calls: 30 });

    // A job's calls are background work's: what is left today goes down by as many.
    const created = await create(namesFile(unknownIds(3)));
    start();
    await until(created.id, ['finished']);
    const after = await estimateBulkRun({ actor: hr, lines: 30, dryRun: false });
    expect(after.allowance).toMatchObject({ usedToday: 3, leftToday: 70_000_000 - 3 });

    await expect(
      estimateBulkRun({ actor: { userId: hr.userId, role: 'ops' }, lines: 1, dryRun: false }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

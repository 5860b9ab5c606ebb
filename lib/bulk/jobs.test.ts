import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import type { ColumnMapping } from '@/lib/bulk/rows';
import type { BulkJobView, BulkRowView } from '@/lib/shared/bulk-types';
import type { Role } from '@/lib/shared/permissions';
import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { FACTX, startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';
import { afterPasses } from '@/test/support/jobs';
import type { JobsLoop } from '@/lib/jobs/loop';
import { isClientAttemptKey } from '@/lib/updates/attempt-id';

const TOKEN = 'bulk-jobs-test-token-7d21';
const { gitanjali, arjun, priya, irfan, siobhan, kwame, liWei, jose, archived } = SANDBOX_PROFILE_IDS;
/** An id Attestr answers 40018 for. */
const UNKNOWN = 'Zz9Yy8Xx7Ww6Vv5Uu4';
const DAY_MS = 86_400_000;
// The shortest back-off after a 429 is a second; a few ms less for timers rounding against Date.now().
const BACKOFF_FLOOR_MS = 990;

type Service = typeof import('@/lib/bulk/service');
type Loop = typeof import('@/lib/jobs/loop');
type Kinds = typeof import('@/lib/bulk/line-jobs');
type Jobs = typeof import('@/lib/db/bulk-jobs');
type Actor = { userId: string; role: Role };

/** A file whose headers are the console's columns, one line per entry. */
function file(header: string, lines: string[]): { csv: string; mapping: ColumnMapping } {
  const headers = header.split(',');
  return {
    csv: [header, ...lines].join('\n'),
    mapping: Object.fromEntries(headers.map((name) => [name, name])) as ColumnMapping,
  };
}

describeEachEngine('Bulk jobs: what a person sees and what reaches Attestr', (engine) => {
  let stack: AttestrTestStack;
  let service: Service;
  let loop: Loop;
  let kinds: Kinds;
  let jobs: Jobs;
  let runner: JobsLoop | undefined;
  const people = {
    hr: { userId: '', role: 'hr' },
    support: { userId: '', role: 'support' },
    otherSupport: { userId: '', role: 'support' },
    ops: { userId: '', role: 'ops' },
    demoted: { userId: '', role: 'hr' },
  } satisfies Record<string, Actor>;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN, env: { BULK_CONCURRENCY: '2' } });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const [key, person] of Object.entries(people)) {
      const { user } = await getAuth().api.createUser({
        body: {
          email: `${key}-jobs@example.test`,
          password: 'a long enough password 1',
          name: `${key} person`,
          role: person.role,
        },
      });
      person.userId = user.id;
    }
    service = await import('@/lib/bulk/service');
    loop = await import('@/lib/jobs/loop');
    kinds = await import('@/lib/bulk/line-jobs');
    jobs = await import('@/lib/db/bulk-jobs');
  });
  afterAll(async () => {
    await runner?.stop();
    await stack?.close();
  });
  beforeEach(async () => {
    await runner?.stop();
    runner = undefined;
    stack.reset();
    // A fresh day's budget: a test of the daily limit leaves background calls stopped.
    const { getDatabase } = await import('@/lib/db/connection');
    await sql`delete from attestr_budget`.execute(getDatabase().db);
    // Each test's jobs are its own: one left open would be worked on by the next test's runner.
    for (const job of await jobs.listBulkJobRecords({ limit: 1000 })) {
      await jobs.cancelBulkJob({ id: job.id, at: Date.now(), message: 'Ended by the test before.' });
    }
  });

  const start = () => {
    runner = loop.startJobs({ kinds: [kinds.bulkLineJobs()], everyMs: 50 });
  };
  /** A full pass of the runner that started now and found nothing more to do: it had its chance. */
  const passed = () => (runner as JobsLoop).idle();
  const puts = (profileId?: string) =>
    stack.proxy.requests.filter(
      (request) => request.method === 'PUT' && (profileId === undefined || request.url.endsWith(`/${profileId}`)),
    );
  const held = async (id: string) => {
    const response = await fetch(`${stack.sandbox.url}${FACTX}/${id}`, {
      headers: { Authorization: `Basic ${TOKEN}` },
    });
    return (await response.json()) as { email: string | null; mobile: string | null; name: string; tag: string };
  };
  const create = (actor: Actor, input: { csv: string; mapping: ColumnMapping }, dryRun = false) =>
    service.createBulkJob({ actor, fileName: 'people.csv', dryRun, ...input });
  const view = (jobId: string, viewer: Actor = people.hr) => service.getBulkJob({ viewer, jobId });
  const rows = async (jobId: string, viewer: Actor = people.hr): Promise<BulkRowView[]> =>
    (await service.listBulkRows({ viewer, jobId, group: 'all', limit: 500 })).rows;
  const waitFor = <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) =>
    afterPasses({ loop: runner as JobsLoop, what, read, done });
  /**
   * A new day at Attestr and in the budget: a line that was in hand when the limit was met
   * waits in the budget until then, and would keep the runner from stopping.
   */
  const liftDailyLimit = async () => {
    stack.sandbox.configure({ dailyLimit: { account: null, api: null } });
    const { getDatabase } = await import('@/lib/db/connection');
    await sql`delete from attestr_budget`.execute(getDatabase().db);
    await runner?.stop();
    runner = undefined;
  };
  const until = (jobId: string, states: BulkJobView['state'][], viewer: Actor = people.hr) =>
    waitFor(
      `the job becoming ${states.join(' or ')}`,
      () => view(jobId, viewer),
      (job) => states.includes(job.state),
    );

  it('backs off after Attestr’s 429s: every line saved by one admitted PUT, nothing new sent for a second after each', async () => {
    // Attestr's own answer to a call over its per-second limit, twice, whatever the machine's speed.
    stack.sandbox.injectFault({ kind: 'error', code: 4291, method: 'PUT', times: 2 });
    const ids = [gitanjali, arjun, priya, irfan];
    const job = await create(
      people.hr,
      file(
        'profileId,email',
        ids.map((id, at) => `${id},paced-${at}@example.com`),
      ),
    );
    // One line at a time, so every call after a 429 is one the console chose to send after it.
    runner = loop.startJobs({ kinds: [{ ...kinds.bulkLineJobs(), concurrency: () => 1 }], everyMs: 50 });
    const ended = await until(job.id, ['finished']);
    expect(ended.counts).toMatchObject({ total: 4, done: 4, failed: 0 });
    expect((await rows(job.id)).map((row) => row.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    for (const [at, id] of ids.entries()) {
      expect((await held(id)).email).toBe(`paced-${at}@example.com`);
      expect(puts(id).filter((request) => request.status === 200)).toHaveLength(1);
    }
    const sent = [...stack.proxy.requests].sort((a, b) => a.at - b.at);
    const refused = sent.filter((request) => request.status === 429);
    expect(refused).toHaveLength(2);
    // Backing off: after each 429 the console waited at least a second (longer for the second in a
    // row) before it sent anything. Without it, the line given back would be sent again at once.
    for (const answer of refused) {
      const next = sent[sent.indexOf(answer) + 1];
      expect(next, 'the line refused was sent again').toBeDefined();
      expect((next?.at ?? 0) - (answer.answeredAt ?? Infinity)).toBeGreaterThanOrEqual(BACKOFF_FLOOR_MS);
    }
  });

  it('sends a line again after Attestr’s 5001 and resolves the failed try in the updates inbox', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', times: 1 });
    const job = await create(people.hr, file('profileId,name', [`${gitanjali},Gitanjali R. Raheja`]));
    start();
    await until(job.id, ['finished']);
    const [row] = await rows(job.id);
    expect(row).toMatchObject({ state: 'succeeded', result: { message: 'Saved.' }, attemptId: `${job.id}.2.2` });
    // Made by the console, outside what a browser may choose as its Idempotency-Key: no one can
    // take a line's next try in advance.
    expect(isClientAttemptKey(row?.attemptId)).toBe(false);
    expect((await held(gitanjali)).name).toBe('Gitanjali R. Raheja');
    expect(puts(gitanjali).map((request) => request.status)).toEqual([500, 200]);
    await expectResolved(`${job.id}.2.1`);
  });

  it('fails a line after three 5001s in a row, with Attestr’s message', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', times: 3 });
    const job = await create(people.hr, file('profileId,tag', [`${arjun},AA-9999`]));
    start();
    const ended = await waitFor(
      'the job ending',
      () => view(job.id),
      (value) => value.state === 'finished',
    );
    expect(ended.counts).toMatchObject({ done: 0, failed: 1 });
    const [row] = await rows(job.id);
    expect(row).toMatchObject({
      state: 'failed',
      result: {
        code: '5001',
        message: 'Not saved after 3 tries: Request could not be processed',
        summary: 'Not saved after 3 tries: Attestr had a problem on its side and could not complete the request.',
        said: { code: 5001, message: 'Request could not be processed' },
      },
    });
    expect(puts(arjun)).toHaveLength(3);
    expect((await held(arjun)).tag).toBe('AA-1298');
  }, 20_000);

  it('settles a timed-out update that Attestr applied by reading the profile: saved, no second PUT', async () => {
    stack.sandbox.injectFault({ kind: 'hang', method: 'PUT', afterApplying: true, pathIncludes: priya });
    const job = await create(people.hr, file('profileId,email', [`${priya},priya.new@example.com`]));
    start();
    await until(job.id, ['finished']);
    const [row] = await rows(job.id);
    expect(row).toMatchObject({
      state: 'succeeded',
      result: { message: 'No answer came from Attestr, so the profile was read: the change is there.' },
    });
    expect(puts(priya)).toHaveLength(1);
    expect((await held(priya)).email).toBe('priya.new@example.com');
  });

  it('sends a timed-out update that Attestr did not apply once more, and resolves the unknown try', async () => {
    stack.sandbox.injectFault({ kind: 'hang', method: 'PUT', pathIncludes: irfan });
    const job = await create(people.hr, file('profileId,email', [`${irfan},irfan.new@example.com`]));
    start();
    await until(job.id, ['finished']);
    const [row] = await rows(job.id);
    expect(row).toMatchObject({ state: 'succeeded', attemptId: `${job.id}.2.2` });
    expect(puts(irfan)).toHaveLength(2);
    expect((await held(irfan)).email).toBe('irfan.new@example.com');
    await expectResolved(`${job.id}.2.1`);
  });

  async function expectResolved(attemptId: string) {
    const attempts = await import('@/lib/db/update-attempts');
    const { isOpenAttempt } = await import('@/lib/audit/open-attempt');
    const earlier = await attempts.findAttempt({ id: attemptId });
    expect(earlier?.outcome).toMatch(/^(failed|unknown)$/);
    expect(isOpenAttempt(earlier!, await attempts.findAttemptReview({ attemptId }))).toBe(false);
    const retryable = await attempts.listRetryableAttemptIds({ filter: { outcome: 'open' }, limit: 500 });
    expect(retryable).not.toContain(attemptId);
  }

  it('settles lines a gone process left being sent from the record and Attestr, sending each profile once', async () => {
    const job = await create(
      people.hr,
      file('profileId,email', [
        `${gitanjali},lapsed-a@example.com`,
        `${arjun},lapsed-b@example.com`,
        `${priya},lapsed-c@example.com`,
      ]),
    );
    // A process claimed all three lines and died: before sending the first, after Attestr applied
    // the second without its answer arriving, and after the third was saved but not settled.
    const now = Date.now();
    const claimed = [];
    for (let line = 0; line < 3; line += 1) {
      claimed.push(
        await jobs.claimBulkRow({ jobId: job.id, owner: 'gone', now, claimUntil: now - 1, phase: 'update' }),
      );
    }
    const [, second, third] = claimed;
    const { saveProfile } = await import('@/lib/updates/save');
    const save = (row: typeof second, set: { email: string }) =>
      saveProfile({
        actor: people.hr,
        profileId: row!.profile_id,
        set,
        source: 'bulk',
        attemptId: row!.attempt_id!,
        bulkJobId: job.id,
      });
    stack.sandbox.injectFault({ kind: 'hang', method: 'PUT', afterApplying: true, pathIncludes: arjun });
    await expect(save(second, { email: 'lapsed-b@example.com' })).rejects.toMatchObject({ kind: 'unknown' });
    await save(third, { email: 'lapsed-c@example.com' });
    expect(puts()).toHaveLength(2);

    start();
    const ended = await until(job.id, ['finished']);
    expect(ended.counts).toMatchObject({ done: 3, failed: 0 });
    const settled = await rows(job.id);
    expect(settled.map((row) => [row.state, row.attemptId])).toEqual([
      ['succeeded', `${job.id}.2.2`],
      ['succeeded', `${job.id}.3.1`],
      ['succeeded', `${job.id}.4.1`],
    ]);
    expect(settled[1]?.result?.message).toBe(
      'No answer came from Attestr, so the profile was read: the change is there.',
    );
    for (const [at, id] of [gitanjali, arjun, priya].entries()) {
      expect(puts(id)).toHaveLength(1);
      expect((await held(id)).email).toBe(`lapsed-${'abc'[at]}@example.com`);
    }
  });

  it('fails lines Attestr refuses with its reason: an archived profile, an unknown id', async () => {
    const job = await create(
      people.hr,
      file('profileId,email', [`${archived},a@example.com`, `${UNKNOWN},b@example.com`]),
    );
    start();
    const ended = await until(job.id, ['finished']);
    expect(ended.counts).toMatchObject({ total: 2, done: 0, failed: 2 });
    // Attestr's words and code as recorded, and the plain sentence the page leads with.
    const archivedWords = 'Profile is archived already, operation not allowed';
    const unknownWords = 'Invalid profile Id or you do not have access to this record';
    expect((await rows(job.id)).map(({ state, result }) => ({ state, result }))).toEqual([
      {
        state: 'failed',
        result: {
          code: '40038',
          message: archivedWords,
          summary: 'This profile is archived at Attestr.',
          said: { code: 40038, message: archivedWords },
        },
      },
      {
        state: 'failed',
        result: {
          code: '40018',
          message: unknownWords,
          summary: 'Attestr has no profile with this ID that this account can open.',
          said: { code: 40018, message: unknownWords },
        },
      },
    ]);
    // Get Profile says nothing of archiving: only the update's 40038 does.
    expect(puts(archived)).toHaveLength(1);
    expect(puts(UNKNOWN)).toHaveLength(0);
  });

  it('pauses for an administrator when Attestr refuses the console itself, failing no line', async () => {
    stack.sandbox.configure({ provisioned: false });
    const job = await create(
      people.hr,
      file('profileId,email', [`${gitanjali},p1@example.com`, `${arjun},p2@example.com`]),
    );
    start();
    const paused = await until(job.id, ['paused']);
    expect(paused.message).toMatch(
      /^Paused: Attestr refused the console’s calls\. Attestr said: “Requested service is not provisioned for your account” \(4035\)\. An administrator must fix this/,
    );
    await waitFor(
      'the lines in hand going back',
      () => rows(job.id),
      (list) => list.every((row) => row.state === 'pending'),
    );
    expect((await view(job.id)).counts).toMatchObject({ failed: 0, remaining: 2 });
    const calls = stack.proxy.requests.length;
    await passed();
    expect(stack.proxy.requests).toHaveLength(calls);

    stack.sandbox.configure({ provisioned: true });
    await service.resumeBulkJob({ viewer: people.hr, jobId: job.id });
    expect((await until(job.id, ['finished'])).counts).toMatchObject({ done: 2, failed: 0 });
  });

  it('waits for the next UTC day when Attestr’s daily limit is used up, failing no line and sending nothing more', async () => {
    stack.sandbox.configure({ dailyLimit: { account: 4, api: null } });
    const ids = [siobhan, kwame, liWei, jose];
    const job = await create(
      people.hr,
      file(
        'profileId,email',
        ids.map((id, at) => `${id},daily-${at}@example.com`),
      ),
    );
    start();
    const waiting = await waitFor(
      'the job waiting',
      () => view(job.id),
      (value) => value.pausedUntil !== null,
    );
    const calls = stack.proxy.requests.length;
    await passed();
    const later = await view(job.id);
    expect(later).toMatchObject({ state: 'running', counts: { failed: 0 } });
    expect(later.counts.remaining).toBeGreaterThan(0);
    expect(later.message).toMatch(/daily limit .* 00:00 UTC/);
    expect(waiting.pausedUntil).toBe((Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS);
    expect(stack.proxy.requests.length).toBe(calls);
    expect((await rows(job.id)).filter((row) => row.state === 'failed')).toEqual([]);
    await liftDailyLimit();
  });

  it('keeps a cancelled job’s message when the line in hand then meets the daily limit', async () => {
    stack.sandbox.configure({ latencyMs: 300, dailyLimit: { account: 1, api: null } });
    const job = await create(people.hr, file('profileId,email', [`${kwame},late@example.com`]));
    start();
    await waitFor(
      'the PUT that meets the limit',
      async () => puts().length,
      (count) => count >= 1,
    );
    await service.cancelBulkJob({ viewer: people.hr, jobId: job.id });
    await waitFor(
      'its answer',
      async () => puts()[0]?.status,
      (status) => status !== undefined,
    );
    await waitFor(
      'the lines in hand finishing',
      () => rows(job.id),
      (list) => list.every((row) => row.state !== 'sending'),
    );
    expect(puts()[0]?.status).toBe(429);
    expect(await view(job.id)).toMatchObject({
      state: 'cancelled',
      message: 'Cancelled by hr person.',
      pausedUntil: null,
      counts: { cancelled: 1, failed: 0 },
    });
    await liftDailyLimit();
  });

  it('pauses without claiming another line, goes on after Resume, and sends each profile once', async () => {
    stack.sandbox.configure({ latencyMs: 120 });
    const ids = [gitanjali, arjun, priya, irfan, siobhan, kwame];
    const job = await create(
      people.hr,
      file(
        'profileId,mobile',
        ids.map((id, at) => `${id},+44 7911 12345${at}`),
      ),
    );
    start();
    await waitFor(
      'a first PUT',
      async () => puts().length,
      (count) => count >= 1,
    );
    await service.pauseBulkJob({ viewer: people.hr, jobId: job.id });
    const inHand = await waitFor(
      'the lines in hand finishing',
      () => rows(job.id),
      (list) => list.every((row) => row.state !== 'sending'),
    );
    const sentAtPause = puts().length;
    await passed();
    expect(puts()).toHaveLength(sentAtPause);
    const paused = await view(job.id);
    expect(paused).toMatchObject({ state: 'paused', may: { pause: false, resume: true, cancel: true } });
    expect(paused.counts.remaining).toBeGreaterThan(0);
    expect(inHand.filter((row) => row.state === 'succeeded')).toHaveLength(sentAtPause);

    await service.resumeBulkJob({ viewer: people.hr, jobId: job.id });
    const ended = await until(job.id, ['finished']);
    expect(ended.counts).toMatchObject({ total: 6, done: 6 });
    for (const id of ids) expect(puts(id)).toHaveLength(1);
  });

  it('cancels: lines not sent are cancelled, lines sent keep their true state; a second cancel is refused', async () => {
    stack.sandbox.configure({ latencyMs: 120 });
    const ids = [gitanjali, arjun, priya, irfan, siobhan, kwame];
    const job = await create(
      people.hr,
      file(
        'profileId,email',
        ids.map((id, at) => `${id},cancel-${at}@example.com`),
      ),
    );
    start();
    await waitFor(
      'a first PUT',
      async () => puts().length,
      (count) => count >= 1,
    );
    const cancelled = await service.cancelBulkJob({ viewer: people.ops, jobId: job.id });
    expect(cancelled).toMatchObject({ state: 'cancelled', message: 'Cancelled by ops person.' });
    const settled = await waitFor(
      'the lines in hand finishing',
      () => rows(job.id),
      (list) => list.every((row) => row.state !== 'sending'),
    );
    await passed();
    const states = settled.map((row) => row.state);
    expect(states.filter((state) => state === 'cancelled').length).toBeGreaterThan(0);
    expect(states.every((state) => state === 'cancelled' || state === 'succeeded')).toBe(true);
    // A line counts as saved exactly when its update reached Attestr.
    for (const [at, row] of settled.entries()) {
      const id = ids[at] as string;
      expect(puts(id)).toHaveLength(row.state === 'succeeded' ? 1 : 0);
      expect((await held(id)).email === `cancel-${at}@example.com`).toBe(row.state === 'succeeded');
    }
    await expect(service.cancelBulkJob({ viewer: people.hr, jobId: job.id })).rejects.toMatchObject({
      code: 'BULK_JOB_STATE',
    });
  });

  it('reads a line of a dry run again after Attestr’s 5001, changing nothing by trying', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'GET', times: 1 });
    const job = await create(people.hr, file('profileId,email', [`${jose},reread@example.com`]), true);
    start();
    const checked = await until(job.id, ['checked']);
    expect(checked.preview).toMatchObject({ read: 1, byState: { changes: 1, failed: 0 } });
    expect(stack.proxy.requests.map((request) => [request.method, request.status])).toEqual([
      ['GET', 500],
      ['GET', 200],
    ]);
  });

  it('cancels a dry run while a line is being read: no line is left waiting in the cancelled job', async () => {
    stack.sandbox.configure({ latencyMs: 300 });
    const ids = [gitanjali, arjun, priya, irfan];
    const job = await create(
      people.hr,
      file(
        'profileId,email',
        ids.map((id, at) => `${id},dry-cancel-${at}@example.com`),
      ),
      true,
    );
    start();
    await waitFor(
      'a first read',
      async () => stack.proxy.requests.length,
      (count) => count >= 1,
    );
    await service.cancelBulkJob({ viewer: people.hr, jobId: job.id });
    await waitFor(
      'the reads in hand finishing',
      () => rows(job.id),
      (list) => list.every((row) => row.state !== 'sending'),
    );
    await passed();
    const ended = await view(job.id);
    expect(ended).toMatchObject({ state: 'cancelled', counts: { remaining: 0, cancelled: ids.length } });
    expect((await rows(job.id)).map((row) => row.state)).toEqual(ids.map(() => 'cancelled'));
    expect(puts()).toHaveLength(0);
  });

  it('shows support only its own jobs; HR and operations may pause and cancel anyone’s', async () => {
    const job = await create(people.support, file('profileId,email', [`${gitanjali},who-may@example.com`]));
    await expect(view(job.id, people.otherSupport)).rejects.toMatchObject({ code: 'BULK_JOB_NOT_FOUND' });
    await expect(service.pauseBulkJob({ viewer: people.otherSupport, jobId: job.id })).rejects.toMatchObject({
      code: 'BULK_JOB_NOT_FOUND',
    });
    expect((await service.listBulkJobs({ viewer: people.otherSupport })).map((listed) => listed.id)).not.toContain(
      job.id,
    );
    expect((await service.listBulkJobs({ viewer: people.ops })).map((listed) => listed.id)).toContain(job.id);

    const asOps = await view(job.id, people.ops);
    expect(asOps).toMatchObject({ state: 'queued', owner: { id: people.support.userId, role: 'support' } });
    expect(asOps.may).toEqual({ pause: true, resume: false, cancel: true, start: false, retryFailed: false });
    await service.pauseBulkJob({ viewer: people.ops, jobId: job.id });
    expect((await view(job.id, people.support)).may).toEqual({
      pause: false,
      resume: true,
      cancel: true,
      start: false,
      retryFailed: false,
    });
    await expect(service.pauseBulkJob({ viewer: people.hr, jobId: job.id })).rejects.toMatchObject({
      code: 'BULK_JOB_STATE',
    });
    await service.resumeBulkJob({ viewer: people.hr, jobId: job.id });
    const ended = await service.cancelBulkJob({ viewer: people.hr, jobId: job.id });
    expect(ended).toMatchObject({ state: 'cancelled', counts: { cancelled: 1 } });
    expect(ended.may).toEqual({ pause: false, resume: false, cancel: false, start: false, retryFailed: false });
    expect(stack.proxy.requests).toHaveLength(0);
  });

  it('reads every line in a dry run and sends nothing; Start update by its owner skips what cannot change', async () => {
    const job = await create(
      people.support,
      file('profileId,email', [
        `${gitanjali},dry-run@example.com`,
        `${arjun},arjun.venkataraman@example.com`,
        `${archived},a@example.com`,
        `${UNKNOWN},b@example.com`,
        `${priya},fails-on-put@example.com`,
      ]),
      true,
    );
    expect(job).toMatchObject({ state: 'dry_run', dryRun: true, startedAt: null });
    start();
    const checked = await until(job.id, ['checked'], people.support);
    expect(stack.proxy.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(stack.proxy.requests.length).toBeGreaterThanOrEqual(5);
    expect(checked.preview).toMatchObject({
      read: 5,
      byState: { changes: 2, no_change: 1, archived: 1, not_found: 1, failed: 0 },
    });
    expect(checked.may.start).toBe(true);
    expect((await view(job.id, people.hr)).may.start).toBe(false);
    const previews = (await rows(job.id)).map((row) => [row.state, row.preview?.state, row.preview?.changes]);
    expect(previews).toEqual([
      ['pending', 'changes', ['email']],
      ['pending', 'no_change', []],
      ['pending', 'archived', []],
      ['pending', 'not_found', []],
      ['pending', 'changes', ['email']],
    ]);
    expect((await rows(job.id))[0]?.preview?.current).toMatchObject({ email: 'gitanjali.raheja@gmail.com' });
    // Read as archived: the console's words. Refused by Attestr: its words and code, kept with the read.
    expect((await rows(job.id)).slice(2, 4).map((row) => row.result)).toEqual([
      { code: null, message: 'Archived at Attestr: this profile cannot be changed.' },
      {
        code: '40018',
        message: 'Invalid profile Id or you do not have access to this record',
        summary: 'Attestr has no profile with this ID that this account can open.',
        said: { code: 40018, message: 'Invalid profile Id or you do not have access to this record' },
      },
    ]);

    await expect(service.startBulkJob({ viewer: people.hr, jobId: job.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Attestr's passing fault three times over: the line fails, and may go through if sent again.
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: priya, times: 3 });
    await service.startBulkJob({ viewer: people.support, jobId: job.id });
    const ended = await until(job.id, ['finished'], people.support);
    expect(ended.counts.byState).toMatchObject({ succeeded: 1, unchanged: 1, skipped: 2, failed: 1 });
    const after = await rows(job.id);
    expect(after.map((row) => [row.state, row.result?.message])).toEqual([
      ['succeeded', 'Saved.'],
      ['unchanged', 'Attestr already held these values; nothing was sent.'],
      ['skipped', 'Skipped: the dry run found this profile archived at Attestr, so it cannot be changed.'],
      ['skipped', 'Skipped: the dry run found no profile with this ID at Attestr.'],
      ['failed', 'Not saved after 3 tries: Request could not be processed'],
    ]);
    expect(
      puts()
        .map((request) => request.url.split('/').at(-1))
        .sort(),
    ).toEqual([gitanjali, priya, priya, priya].sort());
    // Reading a line is not a try at sending it: the update is the line’s first attempt.
    expect(after[0]?.attemptId).toBe(`${job.id}.2.1`);

    // Retry failed rows: only the line that failed, not the skipped ones; owned by whoever asks.
    expect(ended.may.retryFailed).toBe(true);
    stack.proxy.requests.length = 0;
    const retry = await service.retryFailedRows({ viewer: people.hr, jobId: job.id });
    expect(retry).toMatchObject({ retryOf: job.id, owner: { id: people.hr.userId }, counts: { total: 1 } });
    expect((await rows(retry.id)).map((row) => [row.line, row.profileId, row.set])).toEqual([
      [6, priya, { email: 'fails-on-put@example.com' }],
    ]);
    await until(retry.id, ['finished']);
    expect((await held(priya)).email).toBe('fails-on-put@example.com');
    expect(puts()).toHaveLength(1);
  });

  it('puts a line that met someone else’s change in conflict, and Retry failed rows sends it again', async () => {
    stack.sandbox.injectFault({ kind: 'hang', method: 'PUT', pathIncludes: siobhan });
    const job = await create(people.hr, file('profileId,email', [`${siobhan},ours@example.com`]));
    start();
    await waitFor(
      'the PUT that gets no answer',
      async () => puts(siobhan).length,
      (count) => count === 1,
    );
    // Someone changes the profile at Attestr while the console waits for its answer.
    const theirs = await fetch(`${stack.sandbox.url}${FACTX}/${siobhan}`, {
      method: 'PUT',
      headers: { Authorization: `Basic ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...(await held(siobhan)), email: 'theirs@example.com' }),
    });
    expect(theirs.status).toBe(200);
    const ended = await until(job.id, ['finished']);
    expect(ended.counts.byState).toMatchObject({ conflict: 1 });
    expect((await rows(job.id))[0]).toMatchObject({ state: 'conflict', result: { code: 'PROFILE_CHANGED' } });
    expect((await held(siobhan)).email).toBe('theirs@example.com');
    expect(puts(siobhan)).toHaveLength(1);

    const retry = await service.retryFailedRows({ viewer: people.hr, jobId: job.id });
    expect((await rows(retry.id)).map((row) => [row.profileId, row.set])).toEqual([
      [siobhan, { email: 'ours@example.com' }],
    ]);
    await until(retry.id, ['finished']);
    expect((await held(siobhan)).email).toBe('ours@example.com');
  });

  it('retries only failed lines, not invalid ones; refuses while the job is open or when none failed', async () => {
    const open = await create(people.hr, file('profileId,email', [`${gitanjali},open@example.com`]));
    await expect(service.retryFailedRows({ viewer: people.hr, jobId: open.id })).rejects.toMatchObject({
      code: 'BULK_JOB_STATE',
    });
    start();
    await until(open.id, ['finished']);
    await expect(service.retryFailedRows({ viewer: people.hr, jobId: open.id })).rejects.toMatchObject({
      code: 'BULK_NOTHING_TO_RETRY',
    });

    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: kwame, times: 3 });
    const mixed = await create(
      people.support,
      file('profileId,email', [
        `${archived},x@example.com`,
        `${kwame},kwame-mixed@example.com`,
        `${arjun},not-an-email`,
        `${priya},mixed@example.com`,
      ]),
    );
    await until(mixed.id, ['finished'], people.support);
    expect((await rows(mixed.id, people.support)).map((row) => row.state)).toEqual([
      'failed',
      'failed',
      'invalid',
      'succeeded',
    ]);
    // The invalid line was never sent, nor even read.
    expect(stack.proxy.requests.filter((request) => request.url.endsWith(`/${arjun}`))).toEqual([]);
    // The archived profile cannot change: its line is left out, and the new job says so.
    const retry = await service.retryFailedRows({ viewer: people.support, jobId: mixed.id });
    expect((await rows(retry.id, people.support)).map((row) => row.profileId)).toEqual([kwame]);
    expect(retry.leftOut).toBe(1);
    await expect(service.retryFailedRows({ viewer: people.ops, jobId: mixed.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('downloads the lines that did not get through with the file’s header and error, ready to upload again', async () => {
    const job = await create(
      people.support,
      file('profileId,email,mobile', [
        `${gitanjali},csv@example.com,`,
        `${archived},x@example.com,`,
        `${arjun},not-an-email,+91 98450 12345`,
      ]),
    );
    start();
    await until(job.id, ['finished'], people.support);
    const { fileName, csv } = await service.failedRowsCsv({ viewer: people.support, jobId: job.id });
    expect(fileName).toBe('people-failed-rows.csv');
    const { headers, rows: lines } = service.parseBulkCsv(csv);
    expect(headers).toEqual(['profileId', 'email', 'mobile', 'error']);
    expect(lines).toEqual([
      [
        archived,
        'x@example.com',
        '',
        'This profile is archived at Attestr. Attestr said: “Profile is archived already, operation not allowed” (40038)',
      ],
      [arjun, 'not-an-email', "'+91 98450 12345", 'Email: Enter a valid email address, like name@company.com'],
    ]);
    const { checkBulkRows, suggestMapping } = await import('@/lib/bulk/rows');
    const fixed = lines.map((cells) => (cells[0] === arjun ? [arjun, 'arjun@example.com', ...cells.slice(2)] : cells));
    const again = await checkBulkRows({ headers, rows: fixed, mapping: suggestMapping(headers), role: 'support' });
    expect(again.problems).toEqual([]);
    expect(again.valid).toEqual([
      { line: 2, profileId: archived, set: { email: 'x@example.com' } },
      { line: 3, profileId: arjun, set: { email: 'arjun@example.com', mobile: '+919845012345' } },
    ]);
  });

  it('empties the values of jobs ended longer ago than the retention period, keeping counts and the audit trail', async () => {
    const ended = await create(people.hr, file('profileId,name', [`${jose},José Retained`, `${UNKNOWN},Nobody`]), true);
    start();
    await until(ended.id, ['checked']);
    await service.startBulkJob({ viewer: people.hr, jobId: ended.id });
    await until(ended.id, ['finished']);
    await runner?.stop();
    runner = undefined;
    const open = await create(people.hr, file('profileId,name', [`${kwame},Kwame Kept`]));
    const attemptId = (await rows(ended.id))[0]?.attemptId as string;
    expect(attemptId).toBeTruthy();

    const { getEnv } = await import('@/lib/env');
    const now = Date.now() + (getEnv().BULK_RETENTION_DAYS + 1) * DAY_MS;
    const retention = getEnv().BULK_RETENTION_DAYS * DAY_MS;
    // Within the retention period, nothing is emptied.
    expect(await jobs.purgeEndedJobs({ endedBefore: Date.now() - retention, at: Date.now() })).toBe(0);
    expect((await rows(ended.id))[0]?.set).toEqual({ name: 'José Retained' });
    expect(await jobs.purgeEndedJobs({ endedBefore: now - retention, at: now })).toBeGreaterThanOrEqual(1);
    const purged = await view(ended.id);
    expect(purged).toMatchObject({
      purged: true,
      state: 'finished',
      counts: { total: 2, done: 1, failed: 0, skipped: 1 },
    });
    expect((await rows(ended.id)).map((row) => [row.state, row.set, row.preview?.current ?? null])).toEqual([
      ['succeeded', null, null],
      ['skipped', null, null],
    ]);
    const records = await jobs.listBulkRowRecords({ jobId: ended.id, group: 'all', after: 0, limit: 10 });
    expect(records.map((record) => record.cells)).toEqual([null, null]);
    const { findAttempt } = await import('@/lib/db/update-attempts');
    expect(await findAttempt({ id: attemptId })).toMatchObject({ outcome: 'succeeded', profileId: jose });
    expect(purged.may.retryFailed).toBe(false);
    // The failed lines' download keeps what is left of them: the profile ID and the reason.
    const download = await service.failedRowsCsv({ viewer: people.hr, jobId: ended.id });
    expect(download.csv.split('\r\n')[0]).toBe('profileId,error');
    expect(download.csv).toContain(`${UNKNOWN},`);
    expect(download.csv).not.toContain('Nobody');

    expect(await view(open.id)).toMatchObject({ purged: false, state: 'queued' });
    expect((await rows(open.id))[0]?.set).toEqual({ name: 'Kwame Kept' });
  });

  it('pauses a job whose owner may no longer change its fields, and sends nothing more', async () => {
    stack.sandbox.configure({ latencyMs: 120 });
    const ids = [gitanjali, arjun, priya, irfan, siobhan, kwame];
    const job = await create(
      people.demoted,
      file(
        'profileId,tag',
        ids.map((id, at) => `${id},DEMOTED-${at}`),
      ),
    );
    start();
    await waitFor(
      'a first PUT',
      async () => puts().length,
      (count) => count >= 1,
    );
    const { getDatabase } = await import('@/lib/db/connection');
    await sql`update "user" set role = 'ops' where id = ${people.demoted.userId}`.execute(getDatabase().db);
    const paused = await until(job.id, ['paused']);
    expect(paused.message).toBe(
      'Paused: the person who started it may no longer change these fields. Someone whose role may can cancel it, or download its remaining lines.',
    );
    await waitFor(
      'the lines in hand finishing',
      () => rows(job.id),
      (list) => list.every((row) => row.state !== 'sending'),
    );
    const sent = puts().length;
    await passed();
    expect(puts()).toHaveLength(sent);
    expect(sent).toBeLessThan(ids.length);
    expect((await view(job.id)).counts.remaining).toBe(ids.length - sent);
  });
});

import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';

import { isClientAttemptKey } from '@/lib/updates/attempt-id';

import { SANDBOX_PROFILE_IDS, type RunningSandbox } from '@/sandbox';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import type { CountingProxy } from '@/test/support/counting-proxy';
import { describeEachEngine } from '@/test/support/postgres';
import { afterPasses } from '@/test/support/jobs';
import type { JobsLoop } from '@/lib/jobs/loop';

const TOKEN = 'retry-run-test-token-7a1d';
const FACTX = '/api/v1/public/factx';
const { gitanjali, arjun, priya, irfan, siobhan, kwame } = SANDBOX_PROFILE_IDS;
/** The console's Attestr budget in these tests, and the sandbox's limit in the test of pacing. */
const PER_SECOND = 20;

type Runs = typeof import('@/lib/updates/retry-run');
type RunRows = typeof import('@/lib/db/retry-runs');
type Save = typeof import('@/lib/updates/save');
type Attempts = typeof import('@/lib/db/update-attempts');
type Loop = typeof import('@/lib/jobs/loop');
type Kinds = typeof import('@/lib/updates/retry-all-jobs');

describeEachEngine('"Retry all" runs', (engine) => {
  let stack: AttestrTestStack;
  let sandbox: RunningSandbox;
  let proxy: CountingProxy;
  let runs: Runs;
  let rows: RunRows;
  let save: Save;
  let attempts: Attempts;
  let loop: Loop;
  let kinds: Kinds;
  const loops: JobsLoop[] = [];
  const people = { ops: { userId: '', role: 'ops' }, hr: { userId: '', role: 'hr' } };

  beforeAll(async () => {
    stack = await startAttestrTestStack({
      engine,
      token: TOKEN,
      env: { ATTESTR_RATE_LIMIT_PER_SEC: String(PER_SECOND) },
    });
    ({ sandbox, proxy } = stack);
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ['ops', 'hr'] as const) {
      const { user } = await getAuth().api.createUser({
        body: {
          email: `${role}-runs@example.test`,
          password: 'a long enough password 1',
          name: `${role} person`,
          role,
        },
      });
      people[role].userId = user.id;
    }
    runs = await import('@/lib/updates/retry-run');
    rows = await import('@/lib/db/retry-runs');
    save = await import('@/lib/updates/save');
    attempts = await import('@/lib/db/update-attempts');
    loop = await import('@/lib/jobs/loop');
    kinds = await import('@/lib/updates/retry-all-jobs');
  });
  afterAll(() => stack?.close());
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((instance) => instance.stop()));
  });

  beforeEach(async () => {
    stack.reset();
    // Each test starts with no run going and no open failure from an earlier test.
    const { getDatabase } = await import('@/lib/db/connection');
    const { db } = getDatabase();
    await db
      .updateTable('retry_run')
      .set({ state: 'finished' })
      .where('state', 'in', ['running', 'stopping'])
      .execute();
    for (const open of await listOpen()) {
      await attempts.recordAttemptResolved({
        attemptId: open,
        resolution: 'resolved',
        by: people.ops.userId,
        note: 'Cleared before the next test.',
        at: Date.now(),
      });
    }
  });

  const listOpen = async () => {
    return attempts.listRetryableAttemptIds({ filter: { outcome: 'open' }, limit: 1000 });
  };

  async function current(profileId: string) {
    const response = await fetch(`${sandbox.url}${FACTX}/${profileId}`, {
      headers: { authorization: `Basic ${TOKEN}` },
    });
    return (await response.json()) as Record<string, string>;
  }

  /** A save by HR that Attestr fails with `code`; answers its attempt id. */
  async function failedSave(profileId: string, changes: Record<string, string>, code = 5001): Promise<string> {
    const held = await current(profileId);
    const base = { tag: held.tag ?? '', name: held.name ?? '', email: held.email ?? '', mobile: held.mobile ?? '' };
    sandbox.injectFault({ kind: 'error', code, method: 'PUT', times: 1 } as never);
    const attemptId = randomUUID();
    await save
      .saveProfile({
        actor: people.hr,
        profileId,
        values: { ...base, ...changes },
        base,
        source: 'form',
        attemptId,
      })
      .then(
        () => {
          throw new Error('expected the save to fail');
        },
        () => undefined,
      );
    expect((await attempts.findAttempt({ id: attemptId }))?.outcome).toBe('failed');
    return attemptId;
  }

  const puts = () => proxy.requests.filter((request) => request.method === 'PUT');
  const owner = () => `test-${randomUUID()}`;
  /**
   * An instance's jobs loop running "Retry all" alone: `ticking` runs its timer (for a test that
   * acts while a run is under way); otherwise it works only when asked, through `idle()`.
   */
  const instance = (ticking = false) => {
    const started = loop.startJobs({ kinds: [kinds.retryAllJobs()], manual: !ticking, everyMs: 20 });
    loops.push(started);
    return started;
  };
  /** A new instance works until it has nothing more to do now. */
  const workOnce = () => instance().idle();

  it('sends each open retryable failure of the filter again, once, and leaves the others', async () => {
    const retryable = [
      await failedSave(arjun, { name: 'Arjun R. Kapoor' }),
      await failedSave(priya, { email: 'priya@company.example' }, 4291),
    ];
    const notRetryable = await failedSave(irfan, { email: 'irfan@company.example' }, 4001);
    proxy.requests.length = 0;

    const started = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    expect(started.counts).toMatchObject({ total: 2, remaining: 2 });
    expect(puts(), 'starting sends nothing').toEqual([]);

    await workOnce();
    const done = await runs.getRetryRun({ runId: started.id });
    expect(done.state).toBe('finished');
    expect(done.counts).toMatchObject({ total: 2, remaining: 0, succeeded: 2, failed: 0 });
    expect(puts()).toHaveLength(2);
    expect(await current(arjun)).toMatchObject({ name: 'Arjun R. Kapoor' });
    expect(await current(priya)).toMatchObject({ email: 'priya@company.example' });

    // The retries are attempts of their own, each naming what it retried.
    for (const item of await rows.listRetryRunItems({ runId: started.id })) {
      const retry = await attempts.findAttempt({ id: item.retry_attempt_id ?? '' });
      expect(retry).toMatchObject({ source: 'retry', retryOf: item.attempt_id, outcome: 'succeeded' });
      // Made by the console, outside what a browser may choose as its key.
      expect(isClientAttemptKey(item.retry_attempt_id)).toBe(false);
    }
    expect(await listOpen()).toEqual([]);
    expect(retryable).toHaveLength(2);
    expect((await attempts.findAttempt({ id: notRetryable }))?.outcome).toBe('failed');
  });

  it('sends a retry again after Attestr’s 5001 once its back-off is over, as a bulk line, each try on record', async () => {
    const original = await failedSave(arjun, { name: 'Arjun After A Hiccup' });
    proxy.requests.length = 0;
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    let skew = 0;
    const one = loop.startJobs({ kinds: [kinds.retryAllJobs()], manual: true, now: () => Date.now() + skew });
    loops.push(one);
    sandbox.injectFault({ kind: 'error5001', method: 'PUT', times: 1 });
    await one.idle();
    // The first try failed: the item waits out its back-off, and is not counted as failed.
    expect((await runs.getRetryRun({ runId: run.id })).counts).toMatchObject({ remaining: 1, failed: 0 });
    await one.idle();
    expect(
      puts().map((request) => request.status),
      'nothing is sent during the back-off',
    ).toEqual([500]);

    skew += 10_000;
    await one.idle();
    const done = await runs.getRetryRun({ runId: run.id });
    expect(done).toMatchObject({ state: 'finished', counts: { total: 1, succeeded: 1, failed: 0, remaining: 0 } });
    expect(puts().map((request) => request.status)).toEqual([500, 200]);
    expect(await current(arjun)).toMatchObject({ name: 'Arjun After A Hiccup' });
    // Both tries are in the audit trail; the failed one is resolved by the one that saved.
    expect(await attempts.findAttempt({ id: `${run.id}.0` })).toMatchObject({
      source: 'retry',
      retryOf: original,
      outcome: 'failed',
      errorCode: '5001',
    });
    expect(await attempts.findAttempt({ id: `${run.id}.0.2` })).toMatchObject({
      retryOf: original,
      outcome: 'succeeded',
    });
    expect(await listOpen()).toEqual([]);
  });

  it('counts a retry failed after three 5001s in a row, as a bulk line', async () => {
    await failedSave(priya, { name: 'Priya Never Saved' });
    proxy.requests.length = 0;
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    let skew = 0;
    const one = loop.startJobs({ kinds: [kinds.retryAllJobs()], manual: true, now: () => Date.now() + skew });
    loops.push(one);
    sandbox.injectFault({ kind: 'error5001', method: 'PUT', times: 3 });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await one.idle();
      skew += 10_000;
    }
    await one.idle();
    const done = await runs.getRetryRun({ runId: run.id });
    expect(done).toMatchObject({ state: 'finished', counts: { failed: 1, remaining: 0 } });
    expect(puts().map((request) => request.status)).toEqual([500, 500, 500]);
    const [item] = await rows.listRetryRunItems({ runId: run.id });
    expect(item).toMatchObject({ result: 'failed', result_code: '5001', retry_attempt_id: `${run.id}.0.3` });
  });

  it('counts a profile changed since its failure as changed by someone else, and does not overwrite it', async () => {
    await failedSave(arjun, { name: 'Arjun From The Failed Save' });
    // A colleague changes the same field at Attestr meanwhile.
    await fetch(`${sandbox.url}${FACTX}/${arjun}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...(await current(arjun)), name: 'Arjun Changed Meanwhile' }),
    });
    proxy.requests.length = 0;
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    await workOnce();
    expect((await runs.getRetryRun({ runId: run.id })).counts).toMatchObject({ conflict: 1, succeeded: 0 });
    expect(puts()).toEqual([]);
    expect(await current(arjun)).toMatchObject({ name: 'Arjun Changed Meanwhile' });
  });

  it('resumed after a crash, does not send again a retry that was already made', async () => {
    await failedSave(arjun, { name: 'Arjun Once' });
    await failedSave(priya, { name: 'Priya Once' });
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    const [first] = await rows.listRetryRunItems({ runId: run.id });
    // The first retry was claimed and made, and the process died before recording the item.
    const retryAttemptId = `${run.id}.${first?.position}`;
    expect(await rows.claimRetryRunItem({ runId: run.id, position: 0, tries: 0 })).toBe(retryAttemptId);
    const { retryAttempt } = await import('@/lib/updates/retry');
    await retryAttempt({ actor: people.ops, attemptId: first?.attempt_id ?? '', retryAttemptId });
    proxy.requests.length = 0;

    await workOnce();
    const after = await runs.getRetryRun({ runId: run.id });
    expect(after.counts).toMatchObject({ total: 2, succeeded: 2, remaining: 0 });
    expect(puts(), 'only the second is sent').toHaveLength(1);
  });

  it('stops after the retry in hand when asked, leaving the rest unsent', async () => {
    for (const [profileId, name] of [
      [arjun, 'Arjun Stop'],
      [priya, 'Priya Stop'],
      [irfan, 'Irfan Stop'],
    ] as const) {
      await failedSave(profileId, { name });
    }
    sandbox.configure({ latencyMs: 120 });
    proxy.requests.length = 0;
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    const working = instance(true);
    await afterPasses({
      loop: working,
      what: 'a retry in hand',
      read: () => rows.listRetryRunItems({ runId: run.id }),
      done: (items) => items.some((item) => item.state === 'sending'),
    });
    await runs.stopRetryRun({ actor: people.ops, runId: run.id });
    await working.idle();
    const stopped = await runs.getRetryRun({ runId: run.id });
    expect(stopped.state).toBe('stopped');
    expect(stopped.counts.succeeded).toBe(1);
    expect(stopped.counts.remaining).toBe(2);
    expect(puts()).toHaveLength(1);
  });

  it('keeps within the budget: no 429 from an Attestr limited to it, and a person’s save meanwhile goes through', async () => {
    // Two failed saves per profile, of different fields, so no retry conflicts with another.
    for (const profileId of [arjun, priya, irfan, siobhan, kwame]) {
      await failedSave(profileId, { name: `Renamed ${profileId}` });
      await failedSave(profileId, { email: `${profileId.toLowerCase()}@company.example` });
    }
    sandbox.configure({ rateLimitPerSecond: { account: PER_SECOND, api: null } });
    const usage = async () =>
      (await (
        await fetch(`${sandbox.url}/__sandbox/usage`, { headers: { authorization: `Basic ${TOKEN}` } })
      ).json()) as {
        admitted: number;
        refused: Record<string, number>;
      };
    const before = await usage();
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    const working = instance(true);
    // A person saves while the run is under way.
    await afterPasses({
      loop: working,
      what: 'the run under way',
      read: () => runs.getRetryRun({ runId: run.id }),
      done: (seen) => seen.counts.succeeded >= 1,
    });
    const held = await current(gitanjali);
    const base = { tag: held.tag ?? '', name: held.name ?? '', email: held.email ?? '', mobile: held.mobile ?? '' };
    const saved = await save.saveProfile({
      actor: people.hr,
      profileId: gitanjali,
      values: { ...base, name: 'Gitanjali During The Run' },
      base,
      source: 'form',
      attemptId: randomUUID(),
    });
    // The person's save did not wait for the run: it was through while the run still had work.
    const duringTheSave = await runs.getRetryRun({ runId: run.id });
    await working.idle();

    const after = await usage();
    expect(after.refused, 'no call was refused by Attestr’s limit').toEqual(before.refused);
    const calls = after.admitted - before.admitted;
    // Ten retries, each a read, an update and a read back, and the person's three calls.
    expect(calls).toBeGreaterThanOrEqual(30);
    expect((await runs.getRetryRun({ runId: run.id })).counts).toMatchObject({ total: 10, succeeded: 10 });
    expect(saved.held).toMatchObject({ name: 'Gitanjali During The Run' });
    expect(duringTheSave.state, 'the person’s save did not wait for the run').toBe('running');
    expect(duringTheSave.counts.remaining).toBeGreaterThan(0);
  });

  it('is worked on by one instance at a time', async () => {
    await failedSave(arjun, { name: 'Arjun Claimed' });
    await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    const now = Date.now();
    const claims = await Promise.all(
      [owner(), owner(), owner()].map((who) => rows.claimRetryRun({ owner: who, now, leaseUntil: now + 30_000 })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('waits until the next UTC day when Attestr’s daily limit is used up, and can be stopped meanwhile', async () => {
    await failedSave(arjun, { name: 'Arjun Tomorrow' });
    await failedSave(priya, { name: 'Priya Tomorrow' });
    sandbox.configure({ dailyLimit: { account: 0, api: null } });
    proxy.requests.length = 0;
    const run = await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    const sameInstance = instance();
    await sameInstance.idle();
    const waiting = await runs.getRetryRun({ runId: run.id });
    expect(waiting.state).toBe('running');
    expect(waiting.message).toMatch(/daily limit/);
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(waiting.pausedUntil).toBe(midnight.getTime());
    expect(waiting.counts.remaining).toBeGreaterThanOrEqual(1);
    const sent = proxy.requests.length;
    await sameInstance.idle();
    expect((await runs.getRetryRun({ runId: run.id })).state).toBe('running');
    expect(proxy.requests.length, 'nothing more is sent while it waits').toBe(sent);

    // Stopped while it waits, it ends at once, nothing more sent.
    await runs.stopRetryRun({ actor: people.ops, runId: run.id });
    await sameInstance.idle();
    expect((await runs.getRetryRun({ runId: run.id })).state).toBe('stopped');
    expect(proxy.requests.length).toBe(sent);
  });

  it('refuses a role that may not retry, a second run, and a filter with nothing to retry', async () => {
    await expect(runs.startRetryAll({ actor: people.hr, filter: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } })).rejects.toMatchObject({
      code: 'NOTHING_TO_RETRY',
    });
    await failedSave(arjun, { name: 'Arjun Twice' });
    await runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } });
    await expect(runs.startRetryAll({ actor: people.ops, filter: { outcome: 'open' } })).rejects.toMatchObject({
      code: 'RETRY_RUN_ACTIVE',
    });
  });
});

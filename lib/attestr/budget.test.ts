import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';

import {
  createAttestrBudget,
  isBudgetWait,
  withAttestrBudget,
  type AttestrBudget,
  type BudgetLimits,
} from '@/lib/attestr/budget';
import { createAttestrClient, type AttestrClient } from '@/lib/attestr/client';
import { AttestrError } from '@/lib/attestr/errors';
import { runAsProbe, runInBackground } from '@/lib/attestr/priority';
import { openDatabase, type DatabaseHandle } from '@/lib/db/connection';
import { migrateConsoleTables } from '@/lib/db/migrate';
import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { startManualClock, type ManualClock } from '@/test/support/manual-clock';
import { createPostgresDatabase, describeEachEngine, type PostgresTestDatabase } from '@/test/support/postgres';

const TOKEN = 'budget-test-token-7d2a';
const { gitanjali } = SANDBOX_PROFILE_IDS;
const DAY_MS = 86_400_000;
/** Where each test's clock starts: a tenth into a second, at noon UTC. */
const START = Date.UTC(2026, 11, 7, 12, 0, 0, 100);
const SECOND = Math.floor(START / 1000);
/** The clock `n` seconds after the start's second, `ms` into that second. */
const secondAt = (n: number, ms = 50) => (SECOND + n) * 1000 + ms;

/**
 * In front of the sandbox: counts what reaches it, and adds a Retry-After to its 429s when told
 * to (the sandbox, like Attestr's docs, sends none).
 */
async function startFront(target: RunningSandbox) {
  const front = { requests: 0, retryAfter: undefined as string | undefined, url: '', close: async () => {} };
  const server: Server = createServer((req, res) => {
    front.requests += 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const headers = { ...answer.headers };
        if (answer.statusCode === 429 && front.retryAfter) headers['retry-after'] = front.retryAfter;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return front;
}

const elapsed = async (work: () => Promise<unknown>) => {
  const started = Date.now();
  await work();
  return Date.now() - started;
};
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => error as AttestrError,
  );

describeEachEngine('the shared Attestr budget', (engine) => {
  let sandbox: RunningSandbox;
  let front: Awaited<ReturnType<typeof startFront>>;
  let dataDir: string;
  let postgres: PostgresTestDatabase | undefined;
  /** Two console instances: each its own database handle (a pool, or a handle on one file). */
  let handles: [DatabaseHandle, DatabaseHandle];
  let plainClient: AttestrClient;

  beforeAll(async () => {
    vi.stubEnv('LOG_LEVEL', 'silent');
    sandbox = await startSandbox({ token: TOKEN, now: () => Date.now() });
    front = await startFront(sandbox);
    dataDir = mkdtempSync(path.join(tmpdir(), 'budget-test-'));
    if (engine === 'postgres') postgres = await createPostgresDatabase();
    const open = () =>
      openDatabase(postgres ? { databaseUrl: postgres.url } : { sqliteFile: path.join(dataDir, 'console.sqlite') });
    handles = [open(), open()];
    await migrateConsoleTables(handles[0]);
    plainClient = createAttestrClient({ baseUrl: front.url, apiVersion: 'v1', authToken: TOKEN, timeoutMs: 2000 });
  });
  afterEach(() => clock.stop());
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all(handles?.map((handle) => handle.db.destroy()) ?? []);
    await postgres?.drop();
    await front?.close();
    await sandbox?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  let clock: ManualClock;
  beforeEach(async () => {
    clock = startManualClock(START);
    sandbox.reset();
    front.requests = 0;
    front.retryAfter = undefined;
    await sql`delete from attestr_budget`.execute(handles[0].db);
  });

  /** A console instance: its budget on its own handle and the test's clock, and its client drawing on it. */
  function instance(
    index: 0 | 1,
    limits: Partial<BudgetLimits> = {},
    extra: { peopleActiveWindowSeconds?: number } = {},
  ) {
    const budget = createAttestrBudget({
      handle: handles[index],
      limits: { perSecond: 10, daily: 100_000, interactiveShare: 0.3, ...limits },
      now: clock.now,
      sleep: clock.sleep,
      ...extra,
    });
    return { budget, client: withAttestrBudget(plainClient, budget) };
  }

  type Tally = { ok: number; limited: number; other: number; sentIn: number[] };
  const tally = (): Tally => ({ ok: 0, limited: 0, other: 0, sentIn: [] });

  /**
   * Calls getProfile in a loop until the clock reaches `until`, noting the second (epoch
   * seconds) each call was sent in and what came back. The clock stands still while it calls,
   * so it calls until the budget makes it wait.
   */
  async function loop(client: AttestrClient, until: number, counts: Tally) {
    while (Date.now() < until) {
      try {
        await client.getProfile(gitanjali);
        counts.ok += 1;
        // The clock moves only while every caller waits: the second the call was sent in.
        counts.sentIn.push(Math.floor(Date.now() / 1000));
      } catch (error) {
        if (error instanceof AttestrError && error.httpStatus === 429) counts.limited += 1;
        else counts.other += 1;
      }
    }
  }
  /** How many of `sentIn` went in each of the seconds `from` to `to` after the start's (both included). */
  const perSecond = (sentIn: number[], from: number, to: number) =>
    Array.from(
      { length: to - from + 1 },
      (_, index) => sentIn.filter((second) => second === SECOND + from + index).length,
    );

  /** Moves the clock into second `n` and waits until `sleepers` are waiting again. */
  async function intoSecond(n: number, sleepers: number, ms?: number) {
    clock.set(secondAt(n, ms));
    await clock.until(() => clock.sleeping === sleepers);
  }

  /** Ends loops running until secondAt(n, 0): one last call each in second n, then they stop. */
  async function endLoops(n: number, running: Promise<unknown>) {
    clock.set(secondAt(n));
    await running;
  }

  it('keeps two instances together to N calls per second: a sandbox limited to N refuses none', async () => {
    const perSecondLimit = 5;
    sandbox.configure({ rateLimitPerSecond: { account: perSecondLimit, api: null } });
    const [a, b] = [instance(0, { perSecond: perSecondLimit }), instance(1, { perSecond: perSecondLimit })];
    const counts = tally();
    const until = secondAt(3, 0);
    const running = Promise.all([
      loop(a.client, until, counts),
      loop(a.client, until, counts),
      runInBackground(() => loop(b.client, until, counts)),
      loop(b.client, until, counts),
    ]);
    // Each second, every loop calls until the budget holds it: N calls went, and none more.
    await clock.until(() => clock.sleeping === 4);
    expect(front.requests).toBe(perSecondLimit);
    await intoSecond(1, 4);
    expect(front.requests).toBe(2 * perSecondLimit);
    await intoSecond(2, 4);
    expect(front.requests).toBe(3 * perSecondLimit);
    await endLoops(3, running);

    expect(counts).toMatchObject({ limited: 0, other: 0 });
    expect(perSecond(counts.sentIn, 0, 3)).toEqual([5, 5, 5, 4]);
    expect(front.requests).toBe(counts.ok);
  });

  /** Background loops through `budget` until `until`, two at a time. */
  function backgroundLoops(budget: AttestrBudget, until: number) {
    const counts = tally();
    const client = withAttestrBudget(plainClient, budget);
    const running = runInBackground(() => Promise.all([loop(client, until, counts), loop(client, until, counts)]));
    return { counts, running };
  }

  it('lets background work use the whole per-second limit while no person is calling', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const { counts, running } = backgroundLoops(instance(0).budget, secondAt(3, 0));
    await clock.until(() => clock.sleeping === 2);
    await intoSecond(1, 2);
    await intoSecond(2, 2);
    await endLoops(3, running);
    expect(counts).toMatchObject({ limited: 0, other: 0 });
    expect(perSecond(counts.sentIn, 0, 2)).toEqual([10, 10, 10]);
    expect(front.requests).toBe(counts.ok);
  });

  it('holds background work to its share while a person is calling, the person first, then gives it all again', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const windowSeconds = 2;
    const shortWindow = { peopleActiveWindowSeconds: windowSeconds };
    const [worker, person] = [instance(0, {}, shortWindow), instance(1, {}, shortWindow)];
    const { counts, running } = backgroundLoops(worker.budget, secondAt(9, 0));
    await clock.until(() => clock.sleeping === 2);
    await intoSecond(1, 2);

    // The job has the whole rate; a person arriving (their calls in that second alike) waits at
    // most until the next second.
    clock.set(secondAt(1, 500));
    const firstCall = elapsed(() => person.client.getProfile(gitanjali));
    await clock.until(() => clock.sleeping === 3);
    clock.set(secondAt(2));
    expect(await firstCall).toBeLessThan(1100);
    await clock.until(() => clock.sleeping === 2);
    // From then on, the share kept for people is free: their calls go at once.
    const waits: number[] = [];
    for (const [n, ms] of [
      [2, 450],
      [2, 850],
      [3, 450],
      [3, 850],
    ] as const) {
      if (ms === 450) await intoSecond(n, 2);
      clock.set(secondAt(n, ms));
      waits.push(await elapsed(() => person.client.getProfile(gitanjali)));
    }
    // The person's last call was in second 3; the mark lasts the window after it.
    for (let n = 4; n <= 8; n += 1) await intoSecond(n, 2);
    await endLoops(9, running);

    expect(counts).toMatchObject({ limited: 0, other: 0 });
    expect(waits).toEqual([0, 0, 0, 0]);
    // Before the person: the whole rate; while the person is calling and for the window after:
    // background's 7 a second, used to the full; then the whole rate again.
    expect(perSecond(counts.sentIn, 0, 8)).toEqual([10, 10, 7, 7, 7, 7, 10, 10, 10]);
  });

  /**
   * Starts `takes` background takes of `budget` together at the start of the next second: how
   * many were admitted in that second (the per-second room background work has now). The rest
   * are let go in the seconds after.
   */
  async function backgroundTakesInOneSecond(budget: AttestrBudget, takes = 12): Promise<number> {
    clock.set((Math.floor(Date.now() / 1000) + 1) * 1000 + 5);
    let done = 0;
    const settled = () => done + clock.sleeping === takes;
    const all = runInBackground(() =>
      Promise.all(
        Array.from({ length: takes }, async () => {
          await budget.take({ method: 'GET', path: 'factx/…' });
          done += 1;
          clock.check();
        }),
      ),
    );
    await clock.until(settled);
    const admitted = done;
    while (done < takes) {
      clock.set((Math.floor(Date.now() / 1000) + 1) * 1000 + 5);
      await clock.until(settled);
    }
    await all;
    return admitted;
  }

  it('shares the mark that a person is calling between instances on one database', async () => {
    const [a, b] = [instance(0), instance(1)];
    expect(await backgroundTakesInOneSecond(a.budget)).toBe(10);
    // A person's call on the other instance: this one's background work is held to its share.
    await b.budget.take({ method: 'GET', path: 'factx/…' });
    expect(await backgroundTakesInOneSecond(a.budget)).toBe(7);
  });

  it('does not count a health probe as a person calling: background work keeps the whole rate', async () => {
    const [a, b] = [instance(0), instance(1)];
    await runAsProbe(() => b.budget.take({ method: 'GET', path: 'factx/…' }));
    expect(await backgroundTakesInOneSecond(a.budget)).toBe(10);
  });

  it('keeps a share for people: background work saturating the rest never makes a person wait', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const [worker, person] = [instance(0), instance(1)];
    // The person is already at work (the page loaded its profile) when the job starts.
    await person.client.getProfile(gitanjali);
    const { counts, running } = backgroundLoops(worker.budget, secondAt(3, 0));
    await clock.until(() => clock.sleeping === 2);
    const waits: number[] = [];
    for (const [n, ms] of [
      [0, 500],
      [0, 850],
      [1, 450],
      [1, 850],
      [2, 450],
      [2, 850],
    ] as const) {
      if (n > 0 && ms === 450) await intoSecond(n, 2);
      clock.set(secondAt(n, ms));
      waits.push(await elapsed(() => person.client.getProfile(gitanjali)));
    }
    await endLoops(3, running);
    expect(counts).toMatchObject({ limited: 0, other: 0 });
    // The 7 calls a second left for background work, used to the full.
    expect(perSecond(counts.sentIn, 0, 2)).toEqual([7, 7, 7]);
    expect(waits).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('backs every instance off after a 429 with Retry-After, for as long as it says', async () => {
    const [a, b] = [instance(0), instance(1)];
    front.retryAfter = '3';
    sandbox.injectFault({ kind: 'error', code: 4291, method: 'GET' });
    const limited = await refusal(a.client.getProfile(gitanjali));
    expect(limited).toMatchObject({ code: 4291, retryAfterSeconds: 3 });

    // A person on the other instance is told how long, and nothing is sent.
    const wait = await refusal(b.client.getProfile(gitanjali));
    expect(isBudgetWait(wait)).toBe(true);
    expect(wait).toMatchObject({ code: 'ATTESTR_BUDGET_WAIT', retryAfterSeconds: 3, source: 'console' });
    expect(front.requests).toBe(1);
    const state = await b.budget.getState({ timeZone: 'UTC' });
    expect(state).toEqual({
      pausedUntil: START + 3000,
      reason: 'rate',
      message: 'Attestr asked the console to slow down; calls resume at 12:00:03 UTC.',
    });

    // Background work there waits it out, then goes.
    const waited = elapsed(() => runInBackground(() => b.client.getProfile(gitanjali)));
    await clock.until(() => clock.sleeping === 1);
    clock.advance(2900);
    expect(clock.sleeping).toBe(1);
    expect(front.requests, 'nothing is sent before the back-off ends').toBe(1);
    clock.advance(120);
    expect(await waited).toBeGreaterThanOrEqual(3000);
    expect(front.requests).toBe(2);
    expect(await a.budget.getState()).toEqual({ pausedUntil: null, reason: null, message: null });
  });

  it('without Retry-After backs off exponentially, shared by both instances, and starts again after a success', async () => {
    // The top of each jittered range: 1 s, then 2 s, then 4 s.
    const [a, b] = [instance(0), instance(1)];
    const pausedFor = async () => ((await a.budget.getState()).pausedUntil ?? Date.now()) - Date.now();
    /** A background call through `client`, let go once it waits out the back-off. */
    const afterBackoff = async <T>(call: () => Promise<T>, backoffMs: number) => {
      const settled = runInBackground(call).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      await clock.until(() => clock.sleeping === 1);
      clock.advance(backoffMs + 20);
      return settled;
    };
    sandbox.injectFault({ kind: 'error', code: 4291, method: 'GET', times: 3 });

    await refusal(a.client.getProfile(gitanjali));
    const first = await pausedFor();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1000);
    expect(await afterBackoff(() => b.client.getProfile(gitanjali), first)).toMatchObject({ error: { code: 4291 } });
    const second = await pausedFor();
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(2000);
    expect(await afterBackoff(() => a.client.getProfile(gitanjali), second)).toMatchObject({ error: { code: 4291 } });
    const third = await pausedFor();
    expect(third).toBeGreaterThan(1000);
    expect(third).toBeLessThanOrEqual(4000);
    expect(front.requests).toBe(3);
    // Waits its turn, then succeeds: the streak is over.
    expect(await afterBackoff(() => b.client.getProfile(gitanjali), third)).toHaveProperty('value');
    sandbox.injectFault({ kind: 'error', code: 4291, method: 'GET' });
    await refusal(a.client.getProfile(gitanjali));
    expect(await pausedFor()).toBeLessThanOrEqual(1000);
  });

  it('pauses background work until the next UTC day after Attestr’s daily limit, for every instance', async () => {
    const [a, b] = [instance(0), instance(1)];
    sandbox.configure({ dailyLimit: { account: 0, api: null } });
    expect(await refusal(a.client.getProfile(gitanjali))).toMatchObject({ code: 4293 });
    sandbox.configure({ dailyLimit: { account: null, api: null } });

    const midnight = (Math.floor(START / DAY_MS) + 1) * DAY_MS;
    const state = await b.budget.getState({ timeZone: 'Asia/Kolkata' });
    expect(state).toEqual({
      pausedUntil: midnight,
      reason: 'daily',
      message:
        'Attestr’s daily limit for this account is used up; background runs resume at 00:00 UTC (05:30 GMT+5:30).',
    });
    let done = false;
    const background = runInBackground(() => b.client.getProfile(gitanjali)).then(() => (done = true));
    await clock.until(() => clock.sleeping === 1);
    expect(done).toBe(false);
    expect(front.requests, 'nothing more was sent').toBe(1);

    // A person's call still goes: once the limit is raised at Attestr, it succeeds.
    await b.client.getProfile(gitanjali);
    expect(front.requests).toBe(2);
    expect(done).toBe(false);

    // Late in the day it still waits; the next UTC day, the background call goes.
    clock.set(midnight - 1000);
    await clock.until(() => clock.sleeping === 1);
    expect(front.requests).toBe(2);
    clock.set(midnight + 1500);
    await background;
    expect(front.requests).toBe(3);
    expect((await b.budget.getState()).reason).toBeNull();
  });

  it('counts the day: background work stops at its share, people get the rest, then are told how long', async () => {
    const limits = { daily: 10, interactiveShare: 0.3 };
    const [a, b]: [ReturnType<typeof instance>, ReturnType<typeof instance>] = [
      instance(0, limits),
      instance(1, limits),
    ];
    for (let call = 0; call < 7; call += 1) await runInBackground(() => a.client.getProfile(gitanjali));
    const state = await b.budget.getState();
    expect(state.reason).toBe('daily');
    expect(state.message).toMatch(/^Background work has used its share of today’s Attestr calls/);
    for (let call = 0; call < 3; call += 1) await b.client.getProfile(gitanjali);
    // The next second (this one's ten calls are used): the day's calls are all used, and a
    // person is told how long until the next UTC day.
    clock.set(secondAt(1));
    const wait = await refusal(a.client.getProfile(gitanjali));
    expect(wait).toMatchObject({ code: 'ATTESTR_BUDGET_WAIT' });
    const midnight = (Math.floor(START / DAY_MS) + 1) * DAY_MS;
    expect(wait.retryAfterSeconds).toBe(Math.ceil((midnight - Date.now()) / 1000));
    expect(front.requests).toBe(10);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';

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
import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/lib/sandbox';
import { backgroundTakesInOneSecond } from '@/test/support/attestr-budget';
import { createPostgresDatabase, describeEachEngine, type PostgresTestDatabase } from '@/test/support/postgres';

const TOKEN = 'budget-test-token-7d2a';
const { gitanjali } = SANDBOX_PROFILE_IDS;
const DAY_MS = 86_400_000;

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
  const started = performance.now();
  await work();
  return performance.now() - started;
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
    sandbox = await startSandbox({ token: TOKEN });
    front = await startFront(sandbox);
    dataDir = mkdtempSync(path.join(tmpdir(), 'budget-test-'));
    if (engine === 'postgres') postgres = await createPostgresDatabase();
    const open = () =>
      openDatabase(postgres ? { databaseUrl: postgres.url } : { sqliteFile: path.join(dataDir, 'console.sqlite') });
    handles = [open(), open()];
    await migrateConsoleTables(handles[0]);
    plainClient = createAttestrClient({ baseUrl: front.url, apiVersion: 'v1', authToken: TOKEN, timeoutMs: 2000 });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all(handles?.map((handle) => handle.db.destroy()) ?? []);
    await postgres?.drop();
    await front?.close();
    await sandbox?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sandbox.reset();
    front.requests = 0;
    front.retryAfter = undefined;
    await sql`delete from attestr_budget`.execute(handles[0].db);
  });

  /** A console instance: its budget on its own handle, and its client drawing on it. */
  function instance(
    index: 0 | 1,
    limits: Partial<BudgetLimits> = {},
    extra: { now?: () => number; peopleActiveWindowSeconds?: number } = {},
  ) {
    const budget = createAttestrBudget({
      handle: handles[index],
      limits: { perSecond: 10, daily: 100_000, interactiveShare: 0.3, ...limits },
      maxSleepMs: 100,
      ...extra,
    });
    return { budget, client: withAttestrBudget(plainClient, budget) };
  }

  /** Calls getProfile in a loop until `until`, counting what came back. */
  async function loop(client: AttestrClient, until: number, tally: { ok: number; limited: number; other: number }) {
    while (Date.now() < until) {
      try {
        await client.getProfile(gitanjali);
        tally.ok += 1;
      } catch (error) {
        if (error instanceof AttestrError && error.httpStatus === 429) tally.limited += 1;
        else tally.other += 1;
      }
    }
  }

  it('keeps two instances together to N calls per second: a sandbox limited to N refuses none', async () => {
    const perSecond = 5;
    sandbox.configure({ rateLimitPerSecond: { account: perSecond, api: null } });
    const [a, b] = [instance(0, { perSecond }), instance(1, { perSecond })];
    const tally = { ok: 0, limited: 0, other: 0 };
    const started = Date.now();
    const until = started + 2500;
    await Promise.all([
      loop(a.client, until, tally),
      loop(a.client, until, tally),
      runInBackground(() => loop(b.client, until, tally)),
      loop(b.client, until, tally),
    ]);
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
    expect(tally).toMatchObject({ limited: 0, other: 0 });
    expect(tally.ok).toBeGreaterThanOrEqual(2 * perSecond);
    expect(tally.ok).toBeLessThanOrEqual(seconds * perSecond);
    expect(front.requests).toBe(tally.ok);
  });

  /**
   * Background calls through `budget` in a loop until `until`, two at a time: the second (epoch
   * seconds) each was sent in, and how many came back.
   */
  async function backgroundLoops(budget: AttestrBudget, until: number) {
    const sentIn: number[] = [];
    const tally = { ok: 0, limited: 0, other: 0 };
    const client = withAttestrBudget(
      {
        ...plainClient,
        getProfile: (profileId) => {
          sentIn.push(Math.floor(Date.now() / 1000));
          return plainClient.getProfile(profileId);
        },
      },
      budget,
    );
    await runInBackground(() => Promise.all([loop(client, until, tally), loop(client, until, tally)]));
    return { tally, sentIn };
  }
  /** How many of `sentIn` went in each second from `from` to `to` (epoch seconds, both included). */
  const perSecond = (sentIn: number[], from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, index) => sentIn.filter((second) => second === from + index).length);
  const epochSecond = (at = Date.now()) => Math.floor(at / 1000);

  it('lets background work use the whole per-second limit while no person is calling', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const started = Date.now();
    const { tally, sentIn } = await backgroundLoops(instance(0).budget, started + 2500);
    expect(tally).toMatchObject({ limited: 0, other: 0 });
    // Every whole second of the run: all 10 calls.
    const whole = perSecond(sentIn, epochSecond(started) + 1, epochSecond(started + 2500) - 1);
    expect(whole.length).toBeGreaterThanOrEqual(1);
    for (const count of whole) expect(count).toBe(10);
    expect(front.requests).toBe(tally.ok);
  });

  it('holds background work to its share while a person is calling, the person first, then gives it all again', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const windowSeconds = 2;
    const shortWindow = { peopleActiveWindowSeconds: windowSeconds };
    const [worker, person] = [instance(0, {}, shortWindow), instance(1, {}, shortWindow)];
    const started = Date.now();
    const until = started + 11_000;
    const running = backgroundLoops(worker.budget, until);

    // The job has the whole rate; a person arriving (their calls in that second alike) waits at
    // most until the next second.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    const firstCall = Date.now();
    const firstWait = await elapsed(() => person.client.getProfile(gitanjali));
    expect(firstWait).toBeLessThan(1100);
    // From the next second on, the share kept for people is back: their calls go at once.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const waits: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      if (call > 0) await new Promise((resolve) => setTimeout(resolve, 400));
      waits.push(await elapsed(() => person.client.getProfile(gitanjali)));
    }
    const lastCall = Date.now();
    const { tally, sentIn } = await running;

    expect(tally).toMatchObject({ limited: 0, other: 0 });
    for (const wait of waits) expect(wait).toBeLessThan(200);
    // Before the person: the whole rate; while the person is calling: background's 7 a second,
    // used to the full; once they have been gone for the window, the whole rate again.
    const before = perSecond(sentIn, epochSecond(started) + 1, epochSecond(firstCall) - 1);
    expect(before.length).toBeGreaterThanOrEqual(1);
    for (const count of before) expect(count).toBe(10);
    const held = perSecond(sentIn, epochSecond(firstCall) + 1, epochSecond(lastCall));
    expect(held.length).toBeGreaterThanOrEqual(1);
    for (const count of held) expect(count).toBe(7);
    const freed = perSecond(sentIn, epochSecond(lastCall + windowSeconds * 1000) + 1, epochSecond(until) - 1);
    expect(freed.length).toBeGreaterThanOrEqual(1);
    for (const count of freed) expect(count).toBe(10);
  }, 25_000);

  it('shares the mark that a person is calling between instances on one database', async () => {
    const [a, b] = [instance(0), instance(1)];
    expect(await backgroundTakesInOneSecond({ budget: a.budget, takes: 12 })).toBe(10);
    // A person's call on the other instance: this one's background work is held to its share.
    await b.budget.take({ method: 'GET', path: 'factx/…' });
    expect(await backgroundTakesInOneSecond({ budget: a.budget, takes: 12 })).toBe(7);
  });

  it('does not count a health probe as a person calling: background work keeps the whole rate', async () => {
    const [a, b] = [instance(0), instance(1)];
    await runAsProbe(() => b.budget.take({ method: 'GET', path: 'factx/…' }));
    expect(await backgroundTakesInOneSecond({ budget: a.budget, takes: 12 })).toBe(10);
  });

  it('keeps a share for people: background work saturating the rest never makes a person wait', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 10, api: null } });
    const [worker, person] = [instance(0), instance(1)];
    // The person is already at work (the page loaded its profile) when the job starts.
    await person.client.getProfile(gitanjali);
    const background = { ok: 0, limited: 0, other: 0 };
    const until = Date.now() + 2500;
    const running = runInBackground(() =>
      Promise.all([loop(worker.client, until, background), loop(worker.client, until, background)]),
    );
    const waits: number[] = [];
    while (Date.now() < until - 300) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      waits.push(await elapsed(() => person.client.getProfile(gitanjali)));
    }
    await running;
    expect(background).toMatchObject({ limited: 0, other: 0 });
    // The 7 calls a second left for background work, used to the full.
    expect(background.ok).toBeGreaterThanOrEqual(14);
    expect(waits.length).toBeGreaterThanOrEqual(4);
    for (const wait of waits) expect(wait).toBeLessThan(200);
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
    expect(state).toMatchObject({
      reason: 'rate',
      message: expect.stringMatching(/^Attestr asked the console to slow down; calls resume at \d\d:\d\d:\d\d UTC\.$/),
    });
    expect((state.pausedUntil ?? 0) - Date.now()).toBeGreaterThan(2000);

    // Background work there waits it out, then goes.
    const waited = await elapsed(() => runInBackground(() => b.client.getProfile(gitanjali)));
    expect(waited).toBeGreaterThan(2500);
    expect(front.requests).toBe(2);
    expect(await a.budget.getState()).toEqual({ pausedUntil: null, reason: null, message: null });
  });

  it('without Retry-After backs off exponentially, shared by both instances, and starts again after a success', async () => {
    // The top of each jittered range: 1 s, then 2 s, then 4 s.
    const [a, b] = [instance(0), instance(1)];
    const pausedFor = async () => ((await a.budget.getState()).pausedUntil ?? Date.now()) - Date.now();
    sandbox.injectFault({ kind: 'error', code: 4291, method: 'GET', times: 3 });

    await refusal(a.client.getProfile(gitanjali));
    const first = await pausedFor();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1000);
    await refusal(runInBackground(() => b.client.getProfile(gitanjali)));
    const second = await pausedFor();
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThanOrEqual(2000);
    await refusal(runInBackground(() => a.client.getProfile(gitanjali)));
    const third = await pausedFor();
    expect(third).toBeGreaterThan(1000);
    expect(third).toBeLessThanOrEqual(4000);
    expect(front.requests).toBe(3);
    // Waits its turn, then succeeds: the streak is over.
    await runInBackground(() => b.client.getProfile(gitanjali));
    sandbox.injectFault({ kind: 'error', code: 4291, method: 'GET' });
    await refusal(a.client.getProfile(gitanjali));
    expect(await pausedFor()).toBeLessThanOrEqual(1000);
  }, 20_000);

  it('pauses background work until the next UTC day after Attestr’s daily limit, for every instance', async () => {
    let offset = 0;
    const now = () => Date.now() + offset;
    const [a, b] = [instance(0, {}, { now }), instance(1, {}, { now })];
    sandbox.configure({ dailyLimit: { account: 0, api: null } });
    expect(await refusal(a.client.getProfile(gitanjali))).toMatchObject({ code: 4293 });
    sandbox.configure({ dailyLimit: { account: null, api: null } });

    const midnight = (Math.floor(now() / DAY_MS) + 1) * DAY_MS;
    const state = await b.budget.getState({ timeZone: 'Asia/Kolkata' });
    expect(state).toEqual({
      pausedUntil: midnight,
      reason: 'daily',
      message:
        'Attestr’s daily limit for this account is used up; background runs resume at 00:00 UTC (05:30 GMT+5:30).',
    });
    let done = false;
    const background = runInBackground(() => b.client.getProfile(gitanjali)).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(done).toBe(false);
    expect(front.requests, 'nothing more was sent').toBe(1);

    // A person's call still goes: once the limit is raised at Attestr, it succeeds.
    await b.client.getProfile(gitanjali);
    expect(front.requests).toBe(2);
    expect(done).toBe(false);

    // The next UTC day: the background call goes.
    offset = midnight - Date.now() + 1500;
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
    // The day's calls are all used: a person is told how long until the next UTC day.
    const wait = await refusal(a.client.getProfile(gitanjali));
    expect(wait).toMatchObject({ code: 'ATTESTR_BUDGET_WAIT' });
    const midnight = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    expect(Math.abs((wait.retryAfterSeconds ?? 0) - (midnight - Date.now()) / 1000)).toBeLessThan(3);
    expect(front.requests).toBe(10);
  });
});

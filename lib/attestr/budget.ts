import 'server-only';

import type { AttestrClient } from '@/lib/attestr/client';
import { AttestrError, consoleError } from '@/lib/attestr/errors';
import { currentBudgetWaitUntil, currentCallPriority, type CallPriority } from '@/lib/attestr/priority';
import { openBudgetCounter, type BudgetCounter } from '@/lib/db/attestr-budget';
import { getDatabase, type DatabaseHandle } from '@/lib/db/connection';
import { getEnv, interactiveReserve } from '@/lib/env';
import { isDailyCode, isRateCode } from '@/lib/errors/code-classes';
import { getLogger } from '@/lib/log';
import { nextUtcMidnight, utcDay } from '@/lib/utc-day';

/**
 * One budget of Attestr calls for the whole console: every person, every instance sharing the
 * database and every background run draws on the same counters, kept in the database through
 * rate-limiter-flexible (lib/db/attestr-budget.ts). Calls are counted per calendar second and
 * per UTC day, the way Attestr's limits are counted. A share of each limit is kept for people:
 * background calls (inside `runInBackground`) may use only the rest of the day's calls, and only
 * the rest of each second's while people are calling (a person's call in the last
 * PEOPLE_ACTIVE_WINDOW_SECONDS, on any instance), so a run never trips a limit or holds a
 * person's call up for more than the rest of a second, yet has the whole rate while nobody saves
 * by hand. A 429 from Attestr backs every instance off together; its daily limit pauses
 * background work until the next UTC day.
 */

export interface BudgetLimits {
  /** Calls per second for the whole console (ATTESTR_RATE_LIMIT_PER_SEC). */
  perSecond: number;
  /** Calls per UTC day (ATTESTR_DAILY_LIMIT). */
  daily: number;
  /** The share of each limit kept for people saving by hand (ATTESTR_INTERACTIVE_SHARE). */
  interactiveShare: number;
}

export type BudgetPauseReason = 'rate' | 'daily';

/** Whether background calls are held back now, and why, for pages that show a run's state. */
export interface BudgetState {
  /** Epoch milliseconds when background calls may go again; null when they may now. */
  pausedUntil: number | null;
  reason: BudgetPauseReason | null;
  /** One plain sentence for the page; null when nothing is paused. */
  message: string | null;
}

export interface AttestrBudget {
  /**
   * Makes one Attestr call within the budget: takes its share first (a background call waits
   * its turn; a person's call waits at most a short moment, else it is not sent and an
   * AttestrError ATTESTR_BUDGET_WAIT says how long to wait), then learns from the answer (a 429
   * backs every instance off, a daily limit pauses until the next UTC day).
   */
  call<T>(what: { method: string; path: string }, send: () => Promise<T>): Promise<T>;
  /**
   * Takes one call's share now, with the same waits and refusals as `call`, and answers the means
   * to make that call later without waiting again: for a save that records its attempt as sent
   * only once the budget has let the update go.
   */
  admit(what: { method: string; path: string }): Promise<BudgetAdmission>;
  /** Takes one call's share without making it, with the same waits and refusals as `call`. */
  take(what: { method: string; path: string; priority?: CallPriority }): Promise<void>;
  getState(options?: { timeZone?: string }): Promise<BudgetState>;
}

/** One call the budget has let go: `send` makes it and learns from the answer. */
export interface BudgetAdmission {
  send<T>(send: () => Promise<T>): Promise<T>;
}

export interface BudgetOptions {
  handle: DatabaseHandle;
  limits: BudgetLimits;
  /** The clock (epoch ms); tests move it to another day. */
  now?: () => number;
  /** Longest wait of a person's call before it is refused instead. */
  interactiveMaxWaitMs?: number;
  /** Longest single sleep of a background wait: the shared counters are read again after it. */
  maxSleepMs?: number;
  /** How long after a person's call the per-second share is kept for people; tests shorten it. */
  peopleActiveWindowSeconds?: number;
}

/** A person's call waits this long at most; longer, and they are told how long instead. */
export const INTERACTIVE_MAX_WAIT_MS = 2000;
/** Where the shared back-off is kept (a rate-limiter-flexible key), for tests that set one. */
export const BACKOFF_KEY = 'attestr-backoff:all';
/**
 * People count as calling for this long after a person's call on any instance: meanwhile
 * background work keeps to its part of each second, so the next person's save finds the
 * reserve free; after it, background work may use the whole second. Long enough to span the
 * pauses of someone at work (open a profile, type, save); a person arriving after it waits at
 * most until the next second, as the first call takes the reserve back.
 */
export const PEOPLE_ACTIVE_WINDOW_SECONDS = 10;
/**
 * No call starts this close to the end of a second, so none arrives in the next one: room for
 * the way to Attestr on a busy machine or network (20 ms was seen to be too little). The second's
 * N calls still fit in the 900 ms before it.
 */
const SECOND_GUARD_MS = 100;
const BACKOFF_BASE_SECONDS = 1;
const BACKOFF_MAX_SECONDS = 60;
/** A back-off streak is forgotten after this long without a 429. */
const STREAK_SECONDS = 300;
const ONE = 'all';

/** A call refused by the budget: nothing was sent. */
export function isBudgetWait(error: unknown): error is AttestrError {
  return error instanceof AttestrError && error.code === 'ATTESTR_BUDGET_WAIT';
}

/** "00:00 UTC (05:30 GMT+5:30)": a moment in UTC and, when it reads otherwise, in `timeZone`. */
function describeMoment(at: number, input: { timeZone: string | undefined; seconds: boolean }): string {
  const time = (zone: string | undefined) =>
    new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      ...(input.seconds ? { second: '2-digit' as const } : {}),
      hourCycle: 'h23',
      timeZone: zone,
      timeZoneName: 'short',
    }).format(at);
  const utc = time('UTC');
  const local = time(input.timeZone);
  return local === utc ? utc : `${utc} (${local})`;
}

/** A rejected consume: rate-limiter-flexible rejects with its result, or with an Error of the store. */
async function admitted(counter: BudgetCounter, key: string, customDuration?: number): Promise<boolean> {
  try {
    await counter.consume(key, 1, customDuration === undefined ? undefined : { customDuration });
    return true;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return false;
  }
}

/** The answer still reaches the caller when the budget's store could not note what it taught. */
function noteUnlearnt(error: unknown): void {
  getLogger().warn(
    { event: 'attestr.budget_store_failed', err: error instanceof Error ? error.name : String(error) },
    'the Attestr budget could not record an answer',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createAttestrBudget(options: BudgetOptions): AttestrBudget {
  const { handle, limits } = options;
  const now = options.now ?? Date.now;
  const interactiveMaxWaitMs = options.interactiveMaxWaitMs ?? INTERACTIVE_MAX_WAIT_MS;
  const maxSleepMs = options.maxSleepMs ?? 5000;
  const peopleWindowSeconds = options.peopleActiveWindowSeconds ?? PEOPLE_ACTIVE_WINDOW_SECONDS;
  const share = { share: limits.interactiveShare };
  const backgroundPerSecond = Math.max(1, limits.perSecond - interactiveReserve({ limit: limits.perSecond, ...share }));
  const backgroundDaily = Math.max(1, limits.daily - interactiveReserve({ limit: limits.daily, ...share }));
  const counter = (keyPrefix: string, points: number, duration: number, clearsExpired = false) =>
    openBudgetCounter({ handle, keyPrefix: `attestr-${keyPrefix}`, points, duration, clearsExpired });
  // Second keys live two seconds, day keys two days: the key names the window, so expiry only
  // clears old rows.
  const counters = {
    second: counter('second', limits.perSecond, 2, true),
    backgroundSecond: counter('bg-second', backgroundPerSecond, 2),
    day: counter('day', limits.daily, 2 * 86_400),
    backgroundDay: counter('bg-day', backgroundDaily, 2 * 86_400),
    // Blocked after a 429: every instance holds back until it expires.
    backoff: counter('backoff', 1, 1),
    // 429s without Retry-After in a row: the exponent of the next back-off.
    streak: counter('backoff-streak', 1_000_000, STREAK_SECONDS),
    // Blocked for the day after Attestr said its daily limit is used up.
    dailyStop: counter('daily-stop', 1, 1),
    // Set by every person's call for the window: background work keeps to its share of a second.
    peopleActive: counter('people-active', 1, peopleWindowSeconds),
  };
  // A 429 this process backed off from: its next success ends the streak.
  let streakOpen = false;
  // When this process last set the people-active mark (the store's clock): a person's calls
  // renew it at most ten times a window, not one write each, so it lasts at least nine tenths
  // of the window after their last call.
  let markedAt = -Infinity;

  async function markPeopleActive(): Promise<void> {
    const at = Date.now();
    if (at - markedAt < (peopleWindowSeconds * 1000) / 10) return;
    await counters.peopleActive.set(ONE, 1, peopleWindowSeconds);
    markedAt = at;
  }

  async function blockedFor(blocker: BudgetCounter, key = ONE): Promise<number> {
    const state = await blocker.get(key);
    return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  }

  async function take(what: {
    method: string;
    path: string;
    priority?: CallPriority;
  }): Promise<{ backedOff: boolean }> {
    const priority = what.priority ?? currentCallPriority();
    // Before anything else, so background work on every instance leaves the reserve from the
    // next second on, even while this call waits its turn.
    if (priority === 'interactive') await markPeopleActive();
    let backedOff = false;
    // One deadline on the whole wait, however many short waits it is made of: a person's call
    // waits at most interactiveMaxWaitMs in all (less when the save it belongs to has waited
    // already), background work as long as it takes unless its context set a deadline.
    const outer = currentBudgetWaitUntil();
    const deadline = priority === 'background' ? outer : Math.min(Date.now() + interactiveMaxWaitMs, outer ?? Infinity);
    const wait = async (ms: number, why: string) => {
      if (deadline !== undefined && Date.now() + ms > deadline) {
        throw consoleError('ATTESTR_BUDGET_WAIT', {
          kind: 'budget',
          method: what.method,
          path: what.path,
          retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
          details: `Nothing was sent: ${why}.`,
        });
      }
      // A little jitter, so instances waiting for the same moment do not all arrive at once.
      await sleep(Math.min(ms, maxSleepMs) + Math.random() * 10);
    };
    for (;;) {
      const backoffMs = await blockedFor(counters.backoff);
      if (backoffMs > 0) {
        backedOff = true;
        await wait(backoffMs, 'Attestr asked the console to slow down');
        continue;
      }
      const at = now();
      const toNextSecond = 1000 - (at % 1000);
      if (toNextSecond < SECOND_GUARD_MS) {
        await wait(toNextSecond, 'this second’s calls are used');
        continue;
      }
      const second = String(Math.floor(at / 1000));
      // While nobody is calling, background work may use the whole second: one read instead of
      // the background counter's write.
      if (
        priority === 'background' &&
        (await counters.peopleActive.get(ONE)) !== null &&
        !(await admitted(counters.backgroundSecond, second))
      ) {
        await wait(toNextSecond, 'the share of this second for background work is used');
        continue;
      }
      if (!(await admitted(counters.second, second))) {
        await wait(toNextSecond, 'this second’s calls are used');
        continue;
      }
      const day = utcDay(at);
      const toMidnight = nextUtcMidnight(at) - at;
      if (priority === 'background' && !(await admitted(counters.backgroundDay, day))) {
        await wait(toMidnight, 'the share of today’s calls for background work is used');
        continue;
      }
      if (!(await admitted(counters.day, day))) {
        await wait(toMidnight, 'today’s calls are used');
        continue;
      }
      return { backedOff };
    }
  }

  async function learn(error: unknown, backedOff: boolean): Promise<void> {
    if (!(error instanceof AttestrError) || error.httpStatus !== 429 || typeof error.code !== 'number') {
      if (error === undefined && (streakOpen || backedOff)) {
        streakOpen = false;
        await counters.streak.delete(ONE);
      }
      return;
    }
    const at = now();
    if (isDailyCode(error.code)) {
      const seconds = Math.max(1, Math.ceil((nextUtcMidnight(at) - at) / 1000));
      const day = utcDay(at);
      // Background work stops for the day. A person's call still goes: once an administrator
      // has the limit raised it succeeds, and until then Attestr's own answer says what to do.
      await Promise.all([counters.backgroundDay.block(day, seconds), counters.dailyStop.block(day, seconds)]);
      getLogger().warn({ event: 'attestr.daily_limit', code: error.code, seconds }, 'Attestr daily limit reached');
      return;
    }
    if (!isRateCode(error.code)) return;
    let seconds: number;
    if (error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
      seconds = Math.ceil(error.retryAfterSeconds);
    } else {
      // Exponential with jitter, in whole seconds: 1, then 1–2, 2–4, 4–8 … up to a minute.
      const streak = await counters.streak.penalty(ONE, 1);
      const ceiling = Math.min(BACKOFF_BASE_SECONDS * 2 ** (streak.consumedPoints - 1), BACKOFF_MAX_SECONDS);
      seconds = Math.max(1, Math.ceil(ceiling / 2 + Math.random() * (ceiling / 2)));
      streakOpen = true;
    }
    await counters.backoff.block(ONE, seconds);
    getLogger().warn({ event: 'attestr.backoff', code: error.code, seconds }, 'Attestr rate limit: backing off');
  }

  async function admit(what: { method: string; path: string }): Promise<BudgetAdmission> {
    const { backedOff } = await take(what);
    return {
      async send(send) {
        let result;
        try {
          result = await send();
        } catch (error) {
          await learn(error, backedOff).catch(noteUnlearnt);
          throw error;
        }
        await learn(undefined, backedOff).catch(noteUnlearnt);
        return result;
      },
    };
  }

  return {
    admit,
    async call(what, send) {
      return (await admit(what)).send(send);
    },
    async take(what) {
      await take(what);
    },
    async getState(stateOptions = {}) {
      const at = now();
      const midnight = nextUtcMidnight(at);
      const resume = (until: number, seconds = false) =>
        describeMoment(until, { timeZone: stateOptions.timeZone, seconds });
      if ((await blockedFor(counters.dailyStop, utcDay(at))) > 0) {
        return {
          pausedUntil: midnight,
          reason: 'daily',
          message: `Attestr’s daily limit for this account is used up; background runs resume at ${resume(midnight)}.`,
        };
      }
      const used = await counters.backgroundDay.get(utcDay(at));
      if (used && used.consumedPoints >= backgroundDaily) {
        return {
          pausedUntil: midnight,
          reason: 'daily',
          message: `Background work has used its share of today’s Attestr calls; background runs resume at ${resume(midnight)}.`,
        };
      }
      const backoffMs = await blockedFor(counters.backoff);
      if (backoffMs > 0) {
        const until = at + backoffMs;
        return {
          pausedUntil: until,
          reason: 'rate',
          message: `Attestr asked the console to slow down; calls resume at ${resume(until, true)}.`,
        };
      }
      return { pausedUntil: null, reason: null, message: null };
    },
  };
}

/** The client with every call drawn from the budget. */
export interface BudgetedAttestrClient extends AttestrClient {
  /**
   * Takes an update's share of the budget now (waiting or refused like any call) and answers the
   * update to send later, which waits no more.
   */
  admitUpdate(): Promise<AttestrClient['updateProfile']>;
}

/** The client with every call drawn from the budget. */
export function withAttestrBudget(client: AttestrClient, budget: AttestrBudget): BudgetedAttestrClient {
  return {
    admitUpdate: async () => {
      const admission = await budget.admit({ method: 'PUT', path: 'factx/…' });
      return (input) => admission.send(() => client.updateProfile(input));
    },
    getProfile: (profileId) => budget.call({ method: 'GET', path: 'factx/…' }, () => client.getProfile(profileId)),
    updateProfile: (input) => budget.call({ method: 'PUT', path: 'factx/…' }, () => client.updateProfile(input)),
    createProfile: (fields) => budget.call({ method: 'POST', path: 'factx/…' }, () => client.createProfile(fields)),
    archiveProfile: (profileId) =>
      budget.call({ method: 'POST', path: 'factx/…/archive' }, () => client.archiveProfile(profileId)),
  };
}

// Per module graph, like the client: the errors it throws must be this graph's AttestrError.
let budget: AttestrBudget | undefined;

/** The console's budget, on its database and settings. */
export function getAttestrBudget(): AttestrBudget {
  const env = getEnv();
  budget ??= createAttestrBudget({
    handle: getDatabase(),
    limits: {
      perSecond: env.ATTESTR_RATE_LIMIT_PER_SEC,
      daily: env.ATTESTR_DAILY_LIMIT,
      interactiveShare: env.ATTESTR_INTERACTIVE_SHARE,
    },
  });
  return budget;
}

/** Whether background calls are paused now, and why: for pages that show a run's state. */
export function getBudgetState(options?: { timeZone?: string }): Promise<BudgetState> {
  return getAttestrBudget().getState(options);
}

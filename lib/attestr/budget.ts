import 'server-only';

import { budgetAdmission } from '@/lib/attestr/budget-admission';
import { sharedBackoff } from '@/lib/attestr/budget-backoff';
import { openBudgetCounters, type BudgetLimits } from '@/lib/attestr/budget-counters';
import { dailyCount } from '@/lib/attestr/budget-day';
import { secondWindows } from '@/lib/attestr/budget-second';
import type { AttestrClient } from '@/lib/attestr/client';
import { AttestrError } from '@/lib/attestr/errors';
import type { CallPriority } from '@/lib/attestr/priority';
import { getDatabase, type DatabaseHandle } from '@/lib/db/connection';
import { getEnv } from '@/lib/env';
import { isDailyCode, isRateCode } from '@/lib/errors/code-classes';
import { getLogger } from '@/lib/log';
import { nextUtcMidnight } from '@/lib/utc-day';

export type { BudgetLimits };

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
  /** The limits background work keeps to, and how much of today's allowance is used. */
  getAllowance(): Promise<BudgetAllowance>;
}

/** What background work may use, and what of today's calls is used, for estimates shown to people. */
export interface BudgetAllowance {
  /** Calls a second background work may make: all of them while nobody saves by hand… */
  perSecond: number;
  /** …and the rest of the people's share while someone does. */
  backgroundPerSecond: number;
  /** Background work's calls a UTC day, and how many of today's are used. */
  backgroundDaily: number;
  backgroundUsedToday: number;
  /** Today's calls of every kind still left under the daily limit. */
  leftToday: number;
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
  /** How a wait passes; tests move their clock instead. */
  sleep?: (ms: number) => Promise<void>;
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

/** The answer still reaches the caller when the budget's store could not note what it taught. */
function noteUnlearnt(error: unknown): void {
  getLogger().warn(
    { event: 'attestr.budget_store_failed', err: error instanceof Error ? error.name : String(error) },
    'the Attestr budget could not record an answer',
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAttestrBudget(options: BudgetOptions): AttestrBudget {
  const now = options.now ?? Date.now;
  const peopleWindowSeconds = options.peopleActiveWindowSeconds ?? PEOPLE_ACTIVE_WINDOW_SECONDS;
  const counters = openBudgetCounters({ handle: options.handle, limits: options.limits, peopleWindowSeconds });
  const second = secondWindows({ counters, peopleWindowSeconds });
  const day = dailyCount({ counters });
  const backoff = sharedBackoff({ counters });
  const take = budgetAdmission({
    now,
    sleep: options.sleep ?? sleep,
    interactiveMaxWaitMs: options.interactiveMaxWaitMs ?? INTERACTIVE_MAX_WAIT_MS,
    maxSleepMs: options.maxSleepMs ?? 5000,
    second,
    day,
    backoff,
  });

  /** What an answer teaches: a 429 backs every instance off, a daily limit stops background work. */
  async function learn(error: unknown, backedOff: boolean): Promise<void> {
    if (!(error instanceof AttestrError) || error.httpStatus !== 429 || typeof error.code !== 'number') {
      if (error === undefined) await backoff.succeeded(backedOff);
      return;
    }
    if (isDailyCode(error.code)) await day.stopBackgroundUntilTomorrow({ at: now(), code: error.code });
    else if (isRateCode(error.code)) await backoff.backOff(error);
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
    getState: (stateOptions = {}) => budgetState({ at: now(), day, backoff, timeZone: stateOptions.timeZone }),
    async getAllowance() {
      const used = await day.used(now());
      const { limits } = options;
      const backgroundUsedToday = Math.min(used.background, counters.backgroundDaily);
      return {
        perSecond: limits.perSecond,
        backgroundPerSecond: counters.backgroundPerSecond,
        backgroundDaily: counters.backgroundDaily,
        backgroundUsedToday,
        leftToday: Math.max(0, Math.min(limits.daily - used.all, counters.backgroundDaily - backgroundUsedToday)),
      };
    },
  };
}

/** Whether background calls are held back at `at`, and why, in words for the page. */
async function budgetState(input: {
  at: number;
  day: ReturnType<typeof dailyCount>;
  backoff: ReturnType<typeof sharedBackoff>;
  timeZone: string | undefined;
}): Promise<BudgetState> {
  const { at, timeZone } = input;
  const midnight = nextUtcMidnight(at);
  const resume = (until: number, seconds = false) => describeMoment(until, { timeZone, seconds });
  const dailyPause = await input.day.pause(at);
  if (dailyPause === 'attestr') {
    return {
      pausedUntil: midnight,
      reason: 'daily',
      message: `Attestr’s daily limit for this account is used up; background runs resume at ${resume(midnight)}.`,
    };
  }
  if (dailyPause === 'share') {
    return {
      pausedUntil: midnight,
      reason: 'daily',
      message: `Background work has used its share of today’s Attestr calls; background runs resume at ${resume(midnight)}.`,
    };
  }
  const backoffMs = await input.backoff.remainingMs();
  if (backoffMs > 0) {
    const until = at + backoffMs;
    return {
      pausedUntil: until,
      reason: 'rate',
      message: `Attestr asked the console to slow down; calls resume at ${resume(until, true)}.`,
    };
  }
  return { pausedUntil: null, reason: null, message: null };
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

/** What background work may use of Attestr, and what of today's allowance is left: for estimates. */
export function getBudgetAllowance(): Promise<BudgetAllowance> {
  return getAttestrBudget().getAllowance();
}

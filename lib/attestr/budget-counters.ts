import 'server-only';

import { openBudgetCounter, type BudgetCounter } from '@/lib/db/attestr-budget';
import type { DatabaseHandle } from '@/lib/db/connection';
import { interactiveReserve } from '@/lib/env';

export interface BudgetLimits {
  /** Calls per second for the whole console (ATTESTR_RATE_LIMIT_PER_SEC). */
  perSecond: number;
  /** Calls per UTC day (ATTESTR_DAILY_LIMIT). */
  daily: number;
  /** The share of each limit kept for people saving by hand (ATTESTR_INTERACTIVE_SHARE). */
  interactiveShare: number;
}

/** Why a call may not go yet: how long until it may, and the reason in words. */
export interface BudgetHold {
  ms: number;
  why: string;
}

/** The key of the counters that are not per window. */
export const ONE = 'all';
/** A back-off streak is forgotten after this long without a 429. */
const STREAK_SECONDS = 300;

export type BudgetCounters = ReturnType<typeof openBudgetCounters>;

/**
 * The budget's counters in the shared store, with the part of each limit background work may
 * use. Second keys live two seconds, day keys two days: the key names the window, so expiry
 * only clears old rows.
 */
export function openBudgetCounters(input: {
  handle: DatabaseHandle;
  limits: BudgetLimits;
  peopleWindowSeconds: number;
}) {
  const { handle, limits } = input;
  const share = { share: limits.interactiveShare };
  const backgroundPerSecond = Math.max(1, limits.perSecond - interactiveReserve({ limit: limits.perSecond, ...share }));
  const backgroundDaily = Math.max(1, limits.daily - interactiveReserve({ limit: limits.daily, ...share }));
  const counter = (keyPrefix: string, points: number, duration: number, clearsExpired = false) =>
    openBudgetCounter({ handle, keyPrefix: `attestr-${keyPrefix}`, points, duration, clearsExpired });
  return {
    backgroundPerSecond,
    backgroundDaily,
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
    peopleActive: counter('people-active', 1, input.peopleWindowSeconds),
  };
}

/** A rejected consume: rate-limiter-flexible rejects with its result, or with an Error of the store. */
export async function admitted(counter: BudgetCounter, key: string): Promise<boolean> {
  try {
    await counter.consume(key, 1);
    return true;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return false;
  }
}

/** How much longer a blocked key stays blocked, in ms; 0 when it is not. */
export async function blockedFor(blocker: BudgetCounter, key = ONE): Promise<number> {
  const state = await blocker.get(key);
  return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
}

import 'server-only';

import { admitted, blockedFor, type BudgetCounters, type BudgetHold } from '@/lib/attestr/budget-counters';
import type { CallPriority } from '@/lib/attestr/priority';
import { getLogger } from '@/lib/log';
import { nextUtcMidnight, utcDay } from '@/lib/utc-day';

/**
 * The count of the UTC day: the console's daily limit, of which background work has its share,
 * and the stop Attestr's own daily limit puts on background work until the next UTC day.
 */
export function dailyCount(input: { counters: BudgetCounters }) {
  const { counters } = input;

  return {
    /** Takes a place in the day of `at`, or says how long until the next UTC day. */
    async take(priority: CallPriority, at: number): Promise<BudgetHold | null> {
      const day = utcDay(at);
      const toMidnight = nextUtcMidnight(at) - at;
      if (priority === 'background' && !(await admitted(counters.backgroundDay, day))) {
        return { ms: toMidnight, why: 'the share of today’s calls for background work is used' };
      }
      if (!(await admitted(counters.day, day))) return { ms: toMidnight, why: 'today’s calls are used' };
      return null;
    },

    /**
     * Attestr said its daily limit is used up: background work stops for the day. A person's call
     * still goes: once an administrator has the limit raised it succeeds, and until then Attestr's
     * own answer says what to do.
     */
    async stopBackgroundUntilTomorrow(input: { at: number; code: number }): Promise<void> {
      const { at, code } = input;
      const seconds = Math.max(1, Math.ceil((nextUtcMidnight(at) - at) / 1000));
      const day = utcDay(at);
      await Promise.all([counters.backgroundDay.block(day, seconds), counters.dailyStop.block(day, seconds)]);
      getLogger().warn({ event: 'attestr.daily_limit', code, seconds }, 'Attestr daily limit reached');
    },

    /** The calls of the UTC day of `at` so far: all of them, and background work's. */
    async used(at: number): Promise<{ all: number; background: number }> {
      const day = utcDay(at);
      const [all, background] = await Promise.all([counters.day.get(day), counters.backgroundDay.get(day)]);
      return { all: all?.consumedPoints ?? 0, background: background?.consumedPoints ?? 0 };
    },

    /** Why background work waits for the next UTC day, if it does: Attestr's limit or its share. */
    async pause(at: number): Promise<'attestr' | 'share' | null> {
      if ((await blockedFor(counters.dailyStop, utcDay(at))) > 0) return 'attestr';
      const used = await counters.backgroundDay.get(utcDay(at));
      return used && used.consumedPoints >= counters.backgroundDaily ? 'share' : null;
    },
  };
}

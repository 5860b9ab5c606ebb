import 'server-only';

import { admitted, ONE, type BudgetCounters, type BudgetHold } from '@/lib/attestr/budget-counters';
import type { CallPriority } from '@/lib/attestr/priority';

/**
 * No call starts this close to the end of a second, so none arrives in the next one: room for
 * the way to Attestr on a busy machine or network (20 ms was seen to be too little). The second's
 * N calls still fit in the 900 ms before it.
 */
const SECOND_GUARD_MS = 100;

/**
 * The per-second windows: the whole console's N calls a calendar second, of which background
 * work has only its share while people are calling (a person's call in the last
 * `peopleWindowSeconds`, on any instance).
 */
export function secondWindows(input: { counters: BudgetCounters; peopleWindowSeconds: number }) {
  const { counters, peopleWindowSeconds } = input;
  // When this process last set the people-active mark (the store's clock): a person's calls
  // renew it at most ten times a window, not one write each, so it lasts at least nine tenths
  // of the window after their last call.
  let markedAt = -Infinity;

  return {
    /** Notes that a person is calling, so background work on every instance leaves the reserve. */
    async markPeopleActive(): Promise<void> {
      const at = Date.now();
      if (at - markedAt < (peopleWindowSeconds * 1000) / 10) return;
      await counters.peopleActive.set(ONE, 1, peopleWindowSeconds);
      markedAt = at;
    },

    /** Takes a place in the second of `at`, or says how long until the next one. */
    async take(priority: CallPriority, at: number): Promise<BudgetHold | null> {
      const toNextSecond = 1000 - (at % 1000);
      if (toNextSecond < SECOND_GUARD_MS) return { ms: toNextSecond, why: 'this second’s calls are used' };
      const second = String(Math.floor(at / 1000));
      // While nobody is calling, background work may use the whole second: one read instead of
      // the background counter's write.
      if (
        priority === 'background' &&
        (await counters.peopleActive.get(ONE)) !== null &&
        !(await admitted(counters.backgroundSecond, second))
      ) {
        return { ms: toNextSecond, why: 'the share of this second for background work is used' };
      }
      if (!(await admitted(counters.second, second))) return { ms: toNextSecond, why: 'this second’s calls are used' };
      return null;
    },
  };
}

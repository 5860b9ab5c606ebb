import 'server-only';

import { blockedFor, ONE, type BudgetCounters } from '@/lib/attestr/budget-counters';
import type { AttestrError } from '@/lib/attestr/errors';
import { getLogger } from '@/lib/log';

const BACKOFF_BASE_SECONDS = 1;
const BACKOFF_MAX_SECONDS = 60;

/**
 * The back-off every instance shares after Attestr's rate limit: as long as a Retry-After says,
 * else exponentially longer for each 429 in a row, until a call succeeds.
 */
export function sharedBackoff(input: { counters: BudgetCounters }) {
  const { counters } = input;
  // A 429 this process backed off from: its next success ends the streak.
  let streakOpen = false;

  return {
    /** How much longer every instance holds back, in ms; 0 when it does not. */
    remainingMs: (): Promise<number> => blockedFor(counters.backoff),

    /** Attestr answered a rate limit: every instance holds back. */
    async backOff(error: AttestrError): Promise<void> {
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
    },

    /** A call succeeded: if it came after a back-off, the streak is over. */
    async succeeded(backedOff: boolean): Promise<void> {
      if (!streakOpen && !backedOff) return;
      streakOpen = false;
      await counters.streak.delete(ONE);
    },
  };
}

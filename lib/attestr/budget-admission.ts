import 'server-only';

import type { sharedBackoff } from '@/lib/attestr/budget-backoff';
import type { dailyCount } from '@/lib/attestr/budget-day';
import type { secondWindows } from '@/lib/attestr/budget-second';
import { consoleError } from '@/lib/attestr/errors';
import { currentBudgetWaitUntil, currentCallPriority, type CallPriority } from '@/lib/attestr/priority';

/**
 * Admission of one call: it waits out a shared back-off, then takes its place in the second and
 * in the day, waiting its turn in short sleeps (the shared counters are read again after each).
 * A person's call waits at most `interactiveMaxWaitMs`, else it is refused with how long to
 * wait; background work waits as long as it takes unless its context set a deadline.
 */
export function budgetAdmission(input: {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  interactiveMaxWaitMs: number;
  maxSleepMs: number;
  second: ReturnType<typeof secondWindows>;
  day: ReturnType<typeof dailyCount>;
  backoff: ReturnType<typeof sharedBackoff>;
}) {
  const { now, sleep, second, day, backoff } = input;

  return async function take(what: {
    method: string;
    path: string;
    priority?: CallPriority;
  }): Promise<{ backedOff: boolean }> {
    const priority = what.priority ?? currentCallPriority();
    // Before anything else, so background work on every instance leaves the reserve from the
    // next second on, even while this call waits its turn.
    if (priority === 'interactive') await second.markPeopleActive();
    let backedOff = false;
    // One deadline on the whole wait, however many short waits it is made of: a person's call
    // waits at most interactiveMaxWaitMs in all (less when the save it belongs to has waited
    // already), background work as long as it takes unless its context set a deadline.
    const outer = currentBudgetWaitUntil();
    const deadline =
      priority === 'background' ? outer : Math.min(Date.now() + input.interactiveMaxWaitMs, outer ?? Infinity);
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
      await sleep(Math.min(ms, input.maxSleepMs) + Math.random() * 10);
    };
    for (;;) {
      const backoffMs = await backoff.remainingMs();
      if (backoffMs > 0) {
        backedOff = true;
        await wait(backoffMs, 'Attestr asked the console to slow down');
        continue;
      }
      const at = now();
      const hold = (await second.take(priority, at)) ?? (await day.take(priority, at));
      if (hold === null) return { backedOff };
      await wait(hold.ms, hold.why);
    }
  };
}

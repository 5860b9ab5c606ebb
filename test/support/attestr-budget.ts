import { BACKOFF_KEY, type AttestrBudget } from '@/lib/attestr/budget';
import { runInBackground } from '@/lib/attestr/priority';
import { openBudgetCounter } from '@/lib/db/attestr-budget';
import type { DatabaseHandle } from '@/lib/db/connection';

/**
 * Holds every instance's Attestr calls back for `seconds`, as a 429 with that Retry-After seen
 * by another instance would; `release()` lets them go again.
 */
export async function holdBackAttestrCalls(input: { handle: DatabaseHandle; seconds: number }) {
  const separator = BACKOFF_KEY.lastIndexOf(':');
  const counter = openBudgetCounter({
    handle: input.handle,
    keyPrefix: BACKOFF_KEY.slice(0, separator),
    points: 1,
    duration: 1,
  });
  const key = BACKOFF_KEY.slice(separator + 1);
  await counter.block(key, input.seconds);
  return { release: () => counter.delete(key) };
}

/**
 * Starts `takes` background takes of `budget` together at the start of a second: how many were
 * admitted in that second (the per-second room background work has now).
 */
export async function backgroundTakesInOneSecond(input: { budget: AttestrBudget; takes: number }): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
  const second = Math.floor(Date.now() / 1000);
  const admittedIn = await runInBackground(() =>
    Promise.all(
      Array.from({ length: input.takes }, async () => {
        await input.budget.take({ method: 'GET', path: 'factx/…' });
        return Math.floor(Date.now() / 1000);
      }),
    ),
  );
  return admittedIn.filter((at) => at === second).length;
}

import { BACKOFF_KEY } from '@/lib/attestr/budget';
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

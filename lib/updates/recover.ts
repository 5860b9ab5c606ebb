import 'server-only';

import { markInterruptedAttempts } from '@/lib/db/update-attempts';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

const SWEEP_EVERY_MS = 15_000;

/**
 * How long a save can keep its attempt pending: the update and the read back after it, each
 * bounded by the Attestr timeout, and a margin. A pending attempt older than that belongs to
 * no live process.
 */
function longestPendingMs(): number {
  return 2 * getEnv().ATTESTR_TIMEOUT_MS + 5_000;
}

async function sweep(startedBefore: number): Promise<void> {
  const count = await markInterruptedAttempts({ startedBefore, now: Date.now() });
  if (count > 0) {
    getLogger().warn(
      { event: 'update.interrupted', count },
      'updates interrupted before their outcome was known are marked unknown',
    );
  }
}

/**
 * Attempts a crash left 'pending' become 'unknown' and stay visible, to be checked at Attestr.
 * Another process may be mid-save on the same database: on PostgreSQL any instance, and on
 * SQLite too while a restart overlaps the process it replaces (both open the file; only one
 * runs bulk jobs). So only attempts older than any save can last are marked, at start and then
 * every 15 seconds; a younger one marked now would keep 'unknown' although its save goes on.
 */
export async function recoverInterruptedAttempts(): Promise<void> {
  await sweep(Date.now() - longestPendingMs());
  const timer = setInterval(() => {
    sweep(Date.now() - longestPendingMs()).catch((error: unknown) =>
      getLogger().error({ event: 'update.sweep_failed', err: String(error) }, 'could not mark interrupted updates'),
    );
  }, SWEEP_EVERY_MS);
  timer.unref();
}

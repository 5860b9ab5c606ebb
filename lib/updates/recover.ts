import 'server-only';

import { hostname } from 'node:os';

import { beatProcess, forgetProcesses, listProcesses, type ProcessRecord } from '@/lib/db/processes';
import { markInterruptedAttempts } from '@/lib/db/update-attempts';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';
import { isProcessRunning } from '@/lib/process-alive';

/** How often every process beats and sweeps (lib/updates/interrupted-save-jobs.ts). */
export const BEAT_EVERY_MS = 5_000;
/** A process that has not beaten for this long is gone, wherever it ran. */
const GONE_AFTER_MS = 20_000;

/**
 * This process, the same in every module graph Next loads: its pid and the moment it started
 * name it, so a restarted console on the same pid is another process.
 */
export const thisProcess: Pick<ProcessRecord, 'id' | 'host' | 'pid' | 'startedAt'> = {
  id: `${hostname().slice(0, 80)}:${process.pid}:${Math.round(performance.timeOrigin)}`,
  host: hostname(),
  pid: process.pid,
  startedAt: Math.round(performance.timeOrigin),
};

/**
 * How long a save can keep its attempt pending: the update and the read back after it, each
 * bounded by the Attestr timeout, and a margin. A pending attempt older than that belongs to
 * no live process, whatever its owner.
 */
function longestPendingMs(): number {
  return 2 * getEnv().ATTESTR_TIMEOUT_MS + 5_000;
}

/**
 * An attempt still in progress after its update's answer, however late, would have come: its
 * outcome is to be checked at Attestr rather than waited for.
 */
export function isOverdue(attempt: { outcome: string; createdAt: number }, now = Date.now()): boolean {
  return attempt.outcome === 'pending' && now - attempt.createdAt > getEnv().ATTESTR_TIMEOUT_MS;
}

/** Gone: silent for too long, or, on this machine, its pid no longer runs. */
export function goneProcesses(processes: readonly ProcessRecord[], now: number): string[] {
  return processes
    .filter((other) => other.id !== thisProcess.id)
    .filter(
      (other) =>
        other.heartbeatAt < now - GONE_AFTER_MS ||
        (other.host === thisProcess.host && (other.pid === thisProcess.pid || !isProcessRunning(other.pid))),
    )
    .map((other) => other.id);
}

/**
 * One look: this process beats, then the pending attempts of gone processes, and any older than
 * a save can last, are marked unknown, to be checked at Attestr.
 */
export async function sweepInterruptedAttempts(now = Date.now()): Promise<number> {
  await beatProcess({ ...thisProcess, heartbeatAt: now });
  const gone = goneProcesses(await listProcesses(), now);
  const count = await markInterruptedAttempts({ startedBefore: now - longestPendingMs(), ownedBy: gone, now });
  await forgetProcesses(gone);
  if (count > 0) {
    getLogger().warn(
      { event: 'update.interrupted', count },
      'updates interrupted before their outcome was known are marked unknown',
    );
  }
  return count;
}

/**
 * Attempts a crash left 'pending' become 'unknown' and stay visible, to be checked at Attestr.
 * Every process beats in the database every five seconds (the jobs loop's interrupted-save
 * sweep, lib/updates/interrupted-save-jobs.ts); another process may be mid-save on the same
 * database (on PostgreSQL any instance, on SQLite a restart overlapping the process it
 * replaces), so only a gone process's attempts are marked at once: one on this machine whose pid
 * no longer runs, or one silent for twenty seconds. Any attempt older than a save can last is
 * marked too. This is the first sweep, made at start-up before requests are taken.
 */
export async function recoverInterruptedAttempts(): Promise<void> {
  await sweepInterruptedAttempts();
}

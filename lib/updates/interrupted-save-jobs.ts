import 'server-only';

import type { JobKind } from '@/lib/jobs/kind';
import { getLogger } from '@/lib/log';
import { BEAT_EVERY_MS, sweepInterruptedAttempts } from '@/lib/updates/recover';

/**
 * The interrupted-save sweep: every process beats in the database and marks unknown the
 * attempts that gone processes left pending (lib/updates/recover.ts). Each process does it for
 * itself: its heartbeat is what tells the others it lives.
 */
export function interruptedSaveJobs(): JobKind {
  return {
    name: 'interrupted-saves',
    scope: 'process',
    everyMs: BEAT_EVERY_MS,
    async tend(ctx) {
      try {
        await sweepInterruptedAttempts(ctx.now());
      } catch (error) {
        getLogger().error(
          { event: 'update.sweep_failed', err: error instanceof Error ? error.name : String(error) },
          'could not mark interrupted updates',
        );
      }
    },
  };
}

import 'server-only';

import { getBudgetAllowance } from '@/lib/attestr/budget';
import { DomainError } from '@/lib/errors/domain-error';
import type { BulkEstimate } from '@/lib/shared/bulk-types';
import { can } from '@/lib/shared/permissions';
import { ATTESTR_CALLS_PER_SAVE, type Actor } from '@/lib/updates/save';

/** A dry run reads each profile once. */
const CALLS_PER_READ = 1;

/**
 * What starting a bulk update of `lines` lines will ask of Attestr: its calls (each line a save,
 * or in a dry run a read), how long they take at background work's rate, and how much of
 * today's allowance for background work they use. Read-only: nothing is taken from the budget.
 */
export async function estimateBulkRun(input: { actor: Actor; lines: number; dryRun: boolean }): Promise<BulkEstimate> {
  if (!can(input.actor.role, 'bulk:update')) throw new DomainError('forbidden', 'FORBIDDEN');
  const allowance = await getBudgetAllowance();
  const callsPerLine = input.dryRun ? CALLS_PER_READ : ATTESTR_CALLS_PER_SAVE;
  const calls = input.lines * callsPerLine;
  return {
    lines: input.lines,
    dryRun: input.dryRun,
    callsPerLine,
    calls,
    seconds: {
      fastest: calls / allowance.perSecond,
      whilePeopleSave: calls / allowance.backgroundPerSecond,
    },
    allowance: {
      daily: allowance.backgroundDaily,
      usedToday: allowance.backgroundUsedToday,
      leftToday: allowance.leftToday,
    },
    sharePercent: (100 * calls) / allowance.backgroundDaily,
  };
}

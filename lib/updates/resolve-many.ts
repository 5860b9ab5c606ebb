import 'server-only';

import { attemptScope } from '@/lib/audit/scope';
import { countOpenAttempts, listOpenAttemptKeys, type AttemptCursor } from '@/lib/db/update-attempts';
import { DomainError } from '@/lib/errors/domain-error';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { RESOLVE_SELECTED_MAX } from '@/lib/shared/inbox-view';
import { can } from '@/lib/shared/permissions';
import { resolveAttempt } from '@/lib/updates/retry';
import type { Actor } from '@/lib/updates/save';

/** Open failures read from the database at a time by "Resolve all". */
const BATCH = 200;
/** The most one call of "Resolve all" resolves; `remaining` tells the caller to call again. */
export const RESOLVE_ALL_PER_CALL = 2_000;

export type ResolveManyTarget =
  /** Updates a person ticked, by id. */
  | { attemptIds: readonly string[] }
  /** Every open failure of the page's filter created at or before `upTo` (when the page was shown). */
  | { filter: InboxFilter; upTo: number };

export interface ResolveManyResult {
  /** Updates resolved by this call, each recorded as a single resolve is. */
  resolved: number;
  /** Updates named that were not open any more (resolved meanwhile, found applied) or not the viewer's. */
  skipped: number;
  /** Open failures of the filter still left (more than one call's worth); 0 for a selection. */
  remaining: number;
}

/**
 * Resolves many open failures with one note, each exactly as a single resolve is (`resolveAttempt`:
 * who, when, the note), within the viewer's scope: a selection of ids, or the open failures of a
 * filter, read in batches, oldest first. Whoever may retry updates may resolve them.
 */
export async function resolveMany(input: {
  actor: Actor;
  note: string;
  target: ResolveManyTarget;
}): Promise<ResolveManyResult> {
  const { actor, note, target } = input;
  const scope = attemptScope(actor);
  if (!scope || !can(actor.role, 'update:retry')) throw new DomainError('forbidden', 'FORBIDDEN');
  const tally = { resolved: 0, skipped: 0 };
  const resolveOne = async (attemptId: string) => {
    try {
      await resolveAttempt({ actor, attemptId, note, kind: 'resolved' });
      tally.resolved += 1;
    } catch (error) {
      // Resolved by someone else a moment before, or never the viewer's: the others still go.
      if (error instanceof DomainError && (error.kind === 'invalid_state' || error.kind === 'not_found')) {
        tally.skipped += 1;
      } else throw error;
    }
  };

  if ('attemptIds' in target) {
    if (target.attemptIds.length > RESOLVE_SELECTED_MAX) throw new DomainError('refused', 'VALIDATION_FAILED');
    for (const attemptId of new Set(target.attemptIds)) await resolveOne(attemptId);
    return { ...tally, remaining: 0 };
  }

  const { filter, upTo } = target;
  let after: AttemptCursor | undefined;
  while (tally.resolved + tally.skipped < RESOLVE_ALL_PER_CALL) {
    const limit = Math.min(BATCH, RESOLVE_ALL_PER_CALL - tally.resolved - tally.skipped);
    const keys = await listOpenAttemptKeys({ filter, actorId: scope.actorId, createdUpTo: upTo, after, limit });
    for (const key of keys) await resolveOne(key.id);
    if (keys.length < limit) break;
    after = keys.at(-1);
  }
  const remaining = await countOpenAttempts({ filter, actorId: scope.actorId, createdUpTo: upTo });
  return { ...tally, remaining };
}

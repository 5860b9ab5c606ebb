import 'server-only';

import { findAttempt, findAttemptReview, recordAttemptResolved } from '@/lib/db/update-attempts';
import { isOpenAttempt } from '@/lib/audit/open-attempt';

/**
 * Earlier tries of a piece of work that are still open in the updates inbox are resolved by its
 * success: each try stays in the audit trail, and nobody is asked to act on one that a later
 * try made good.
 */
export async function resolveEarlierTries(input: {
  earlier: readonly string[];
  savedAs: string;
  note: string;
  by: string;
  at: number;
}): Promise<void> {
  for (const id of input.earlier) {
    const attempt = await findAttempt({ id });
    if (!attempt || !isOpenAttempt(attempt, await findAttemptReview({ attemptId: id }))) continue;
    await recordAttemptResolved({
      attemptId: id,
      resolution: 'retried',
      note: input.note,
      by: input.by,
      at: input.at,
      resolvedByAttempt: input.savedAs,
    });
  }
}

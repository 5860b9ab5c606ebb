import type { AttemptRecord, AttemptReview } from '@/lib/db/update-attempts';

/**
 * Whether an attempt still waits for a person: it failed, or its outcome is unknown, and
 * nobody has resolved it and no check found the change at Attestr.
 */
export function isOpenAttempt(
  attempt: Pick<AttemptRecord, 'outcome'>,
  review: Pick<AttemptReview, 'resolvedAt' | 'settledOutcome'> | undefined,
): boolean {
  if (attempt.outcome !== 'failed' && attempt.outcome !== 'unknown') return false;
  return review?.resolvedAt == null && review?.settledOutcome !== 'succeeded';
}

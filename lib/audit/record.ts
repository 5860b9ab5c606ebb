import 'server-only';

import type { AttestrError } from '@/lib/attestr/errors';
import type { AttemptSource } from '@/lib/db/schema';
import {
  finishAttempt,
  recordAttemptFinished,
  recordAttemptStarted,
  type AttemptOutcomeRecord,
  type NewAttempt,
} from '@/lib/db/update-attempts';
import { getLogger } from '@/lib/log';

/** An attempt as it is on record: `sent` once it was recorded as sent (pending). */
export interface AttemptOnRecord {
  attempt: NewAttempt;
  sent: boolean;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error));

/** Records an attempt as sent: pending, owned by the process sending it, until its outcome. */
export async function recordSending(input: { attempt: NewAttempt; ownerProcess: string }): Promise<void> {
  await recordAttemptStarted(input);
}

/**
 * Records an attempt's outcome: one recorded as sent is settled, one that ended before it was
 * sent is recorded whole. Answers false when a sent attempt's outcome could not be written (the
 * database failed, or the attempt was settled otherwise meanwhile), which is logged as an
 * error: the attempt then stays pending or unknown, to be checked at Attestr, never silently
 * wrong.
 */
export async function recordOutcome(on: AttemptOnRecord, outcome: AttemptOutcomeRecord): Promise<boolean> {
  if (!on.sent) {
    await recordAttemptFinished({ attempt: on.attempt, outcome });
    return true;
  }
  const id = on.attempt.id;
  try {
    if (await finishAttempt({ id, outcome })) return true;
    getLogger().error(
      { event: 'update.outcome_unmatched', attemptId: id, outcome: outcome.outcome },
      'an update’s outcome matched no attempt on its way',
    );
  } catch (error) {
    getLogger().error(
      { event: 'update.outcome_not_recorded', attemptId: id, outcome: outcome.outcome, err: errorName(error) },
      'an update’s outcome could not be recorded',
    );
  }
  return false;
}

/** The log line of every finished update, named by its attempt: never its values. */
export function logAttemptFinished(input: {
  attemptId: string;
  profileId: string;
  source: AttemptSource;
  outcome: string;
  code?: string | number;
  tracingId?: string | null;
  ms?: number;
}): void {
  getLogger().info({ event: 'update.finished', ...input }, 'profile update finished');
}

/** What an attempt records of Attestr's error (or the exchange's), to answer it again later. */
export function outcomeOfAttestrError(error: AttestrError): Omit<AttemptOutcomeRecord, 'outcome' | 'finishedAt'> {
  return {
    httpStatus: error.httpStatus ?? null,
    errorSource: error.source,
    errorCode: String(error.code),
    message: error.message,
    details: error.details ?? null,
    tracingId: error.tracingId ?? null,
  };
}

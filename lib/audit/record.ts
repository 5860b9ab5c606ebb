import 'server-only';

import type { AttestrError } from '@/lib/attestr/errors';
import type { AttemptSource } from '@/lib/db/schema';
import {
  finishAttempt,
  inAttemptsTransaction,
  recordAttemptFinished,
  recordAttemptStarted,
  type AttemptOutcomeRecord,
  type NewAttempt,
} from '@/lib/db/update-attempts';
import { getLogger } from '@/lib/log';
import { closeSupersededFailures } from '@/lib/audit/superseded';

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
 * Writes an outcome; a success, in one transaction with the open failures of the profile it
 * completes (closeSupersededFailures), so that a failure closes itself exactly when the save
 * that made it good is on record. Answers whether the outcome was written.
 */
async function writeOutcome(on: AttemptOnRecord, outcome: AttemptOutcomeRecord): Promise<boolean> {
  const write = async (db?: Parameters<typeof finishAttempt>[0]['db']) => {
    if (on.sent) return finishAttempt({ id: on.attempt.id, outcome, db });
    await recordAttemptFinished({ attempt: on.attempt, outcome, db });
    return true;
  };
  if (outcome.outcome !== 'succeeded') return write();
  return inAttemptsTransaction(async (db) => {
    if (!(await write(db))) return false;
    await closeSupersededFailures({ db, success: on.attempt, at: outcome.finishedAt });
    return true;
  });
}

/**
 * Records an attempt's outcome: one recorded as sent is settled, one that ended before it was
 * sent is recorded whole. Answers false when a sent attempt's outcome could not be written (the
 * database failed, or the attempt was settled otherwise meanwhile), which is logged as an
 * error: the attempt then stays pending or unknown, to be checked at Attestr, never silently
 * wrong.
 */
export async function recordOutcome(on: AttemptOnRecord, outcome: AttemptOutcomeRecord): Promise<boolean> {
  if (!on.sent) return writeOutcome(on, outcome);
  const id = on.attempt.id;
  try {
    if (await writeOutcome(on, outcome)) return true;
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

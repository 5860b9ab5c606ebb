import 'server-only';

import type { Kysely, Selectable } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type {
  AttemptOutcome,
  AttemptResolution,
  AttemptSource,
  Database,
  UpdateAttemptReviewTable,
  UpdateAttemptTable,
} from '@/lib/db/schema';
import type { ProfileField } from '@/lib/profiles/schema';

type Values = Record<ProfileField, string>;
type FieldMessages = Partial<Record<ProfileField, string>>;

/** An attempt as the console reads it: JSON columns parsed. */
export interface AttemptRecord {
  id: string;
  requestHash: string;
  profileId: string;
  profileTag: string | null;
  actorId: string;
  actorRole: string;
  source: AttemptSource;
  reason: string | null;
  retryOf: string | null;
  changedFields: ProfileField[];
  requested: Partial<Values>;
  base: Partial<Values>;
  before: Values | null;
  sent: Values | null;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  errorSource: string | null;
  errorCode: string | null;
  message: string | null;
  details: string | null;
  fieldErrors: FieldMessages | null;
  tracingId: string | null;
  latencyMs: number | null;
  after: Values | null;
  createdAt: number;
  finishedAt: number | null;
}

/** The outcome of a finished attempt, written once. */
export interface AttemptOutcomeRecord {
  outcome: Exclude<AttemptOutcome, 'pending'>;
  httpStatus?: number | null;
  errorSource?: string | null;
  errorCode?: string | null;
  message?: string | null;
  details?: string | null;
  fieldErrors?: FieldMessages | null;
  tracingId?: string | null;
  latencyMs?: number | null;
  after?: Values | null;
  finishedAt: number;
}

export type NewAttempt = Omit<
  AttemptRecord,
  'outcome' | keyof Omit<AttemptOutcomeRecord, 'outcome' | 'finishedAt'> | 'finishedAt'
>;

export interface AttemptReview {
  settledOutcome: 'succeeded' | 'failed' | 'conflict' | null;
  checkedValues: Values | null;
  checkedAt: number | null;
  checkedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  note: string | null;
  resolution: AttemptResolution | null;
  resolvedByAttempt: string | null;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
const parsed = <T>(value: string | null): T | null => (value === null ? null : (JSON.parse(value) as T));

function outcomeColumns(outcome: AttemptOutcomeRecord) {
  return {
    outcome: outcome.outcome,
    http_status: outcome.httpStatus ?? null,
    error_source: outcome.errorSource ?? null,
    error_code: outcome.errorCode ?? null,
    message: outcome.message ?? null,
    details: outcome.details ?? null,
    field_errors: json(outcome.fieldErrors),
    tracing_id: outcome.tracingId ?? null,
    latency_ms: outcome.latencyMs === undefined || outcome.latencyMs === null ? null : Math.round(outcome.latencyMs),
    after: json(outcome.after),
    finished_at: outcome.finishedAt,
  };
}

const PENDING = {
  outcome: 'pending',
  http_status: null,
  error_source: null,
  error_code: null,
  message: null,
  details: null,
  field_errors: null,
  tracing_id: null,
  latency_ms: null,
  after: null,
  finished_at: null,
} as const;

function toRecord(row: Selectable<UpdateAttemptTable>): AttemptRecord {
  return {
    id: row.id,
    requestHash: row.request_hash,
    profileId: row.profile_id,
    profileTag: row.profile_tag,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    source: row.source,
    reason: row.reason,
    retryOf: row.retry_of,
    changedFields: parsed<ProfileField[]>(row.changed_fields) ?? [],
    requested: parsed<Partial<Values>>(row.requested) ?? {},
    base: parsed<Partial<Values>>(row.base) ?? {},
    before: parsed<Values>(row.before),
    sent: parsed<Values>(row.sent),
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorSource: row.error_source,
    errorCode: row.error_code,
    message: row.message,
    details: row.details,
    fieldErrors: parsed<FieldMessages>(row.field_errors),
    tracingId: row.tracing_id,
    latencyMs: row.latency_ms,
    after: parsed<Values>(row.after),
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** The database to use: the caller's connection (a save holding its profile's lock) or the shared one. */
const dbOf = (db?: Kysely<Database>) => db ?? getDatabase().db;

function newAttemptColumns(attempt: NewAttempt) {
  return {
    id: attempt.id,
    request_hash: attempt.requestHash,
    profile_id: attempt.profileId,
    profile_tag: attempt.profileTag,
    actor_id: attempt.actorId,
    actor_role: attempt.actorRole,
    source: attempt.source,
    reason: attempt.reason,
    retry_of: attempt.retryOf,
    changed_fields: JSON.stringify(attempt.changedFields),
    requested: JSON.stringify(attempt.requested),
    base: JSON.stringify(attempt.base),
    before: json(attempt.before),
    sent: json(attempt.sent),
    created_at: attempt.createdAt,
  };
}

export async function findAttempt(input: { id: string; db?: Kysely<Database> }): Promise<AttemptRecord | undefined> {
  const row = await dbOf(input.db)
    .selectFrom('update_attempt')
    .selectAll()
    .where('id', '=', input.id)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Writes an attempt before anything is sent: its outcome is 'pending' until `finishAttempt`. */
export async function recordAttemptStarted(input: { attempt: NewAttempt; db?: Kysely<Database> }): Promise<void> {
  await dbOf(input.db)
    .insertInto('update_attempt')
    .values({ ...newAttemptColumns(input.attempt), ...PENDING })
    .execute();
}

/** Writes an attempt that ended before anything was sent (refused, a conflict, a failed read). */
export async function recordAttemptFinished(input: {
  attempt: NewAttempt;
  outcome: AttemptOutcomeRecord;
  db?: Kysely<Database>;
}): Promise<void> {
  await dbOf(input.db)
    .insertInto('update_attempt')
    .values({ ...newAttemptColumns(input.attempt), ...outcomeColumns(input.outcome) })
    .execute();
}

/**
 * Completes a pending attempt with its outcome. Answers false when it was no longer pending (a
 * recovery marked it unknown meanwhile): the first outcome written stands.
 */
export async function finishAttempt(input: {
  id: string;
  outcome: AttemptOutcomeRecord;
  db?: Kysely<Database>;
}): Promise<boolean> {
  const result = await dbOf(input.db)
    .updateTable('update_attempt')
    .set(outcomeColumns(input.outcome))
    .where('id', '=', input.id)
    .where('outcome', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Attempts left 'pending' by a process that died mid-way become 'unknown': the update may or
 * may not have reached Attestr. `startedBefore` bounds which are old enough to be certain no
 * live process still owns them.
 */
export async function markInterruptedAttempts(input: { startedBefore: number; now: number }): Promise<number> {
  const result = await getDatabase()
    .db.updateTable('update_attempt')
    .set({
      outcome: 'unknown',
      details: 'The console stopped before this update’s outcome was known.',
      finished_at: input.now,
    })
    .where('outcome', '=', 'pending')
    .where('created_at', '<', input.startedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A profile's attempts, newest first. */
export async function listProfileAttempts(input: { profileId: string; limit?: number }): Promise<AttemptRecord[]> {
  const rows = await getDatabase()
    .db.selectFrom('update_attempt')
    .selectAll()
    .where('profile_id', '=', input.profileId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit ?? 50)
    .execute();
  return rows.map(toRecord);
}

function toReview(row: Selectable<UpdateAttemptReviewTable>): AttemptReview {
  return {
    settledOutcome: row.settled_outcome,
    checkedValues: parsed<Values>(row.checked_values),
    checkedAt: row.checked_at === null ? null : Number(row.checked_at),
    checkedBy: row.checked_by,
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
    resolvedBy: row.resolved_by,
    note: row.note,
    resolution: row.resolution,
    resolvedByAttempt: row.resolved_by_attempt,
  };
}

export async function findAttemptReview(input: { attemptId: string }): Promise<AttemptReview | undefined> {
  const row = await getDatabase()
    .db.selectFrom('update_attempt_review')
    .selectAll()
    .where('attempt_id', '=', input.attemptId)
    .executeTakeFirst();
  return row ? toReview(row) : undefined;
}

/** Records what a check at Attestr found for an attempt whose outcome was unknown. */
export async function recordAttemptChecked(input: {
  attemptId: string;
  settledOutcome: 'succeeded' | 'failed' | 'conflict';
  values: Values;
  by: string;
  at: number;
}): Promise<void> {
  const columns = {
    settled_outcome: input.settledOutcome,
    checked_values: JSON.stringify(input.values),
    checked_at: input.at,
    checked_by: input.by,
  };
  await getDatabase()
    .db.insertInto('update_attempt_review')
    .values({ attempt_id: input.attemptId, resolved_at: null, resolved_by: null, note: null, ...columns })
    .onConflict((conflict) => conflict.column('attempt_id').doUpdateSet(columns))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Resolving attempts: a retry that saved, a note, an archived profile that cannot change.
// ---------------------------------------------------------------------------------------------

/**
 * Records that a person resolved an attempt, beside it. Answers false when it was resolved
 * already (by someone else a moment before): the first resolution stands.
 */
export async function recordAttemptResolved(input: {
  attemptId: string;
  resolution: AttemptResolution;
  note: string;
  by: string;
  at: number;
  /** For 'retried': the attempt that sent it again. */
  resolvedByAttempt?: string | null;
}): Promise<boolean> {
  const columns = {
    resolved_at: input.at,
    resolved_by: input.by,
    note: input.note,
    resolution: input.resolution,
    resolved_by_attempt: input.resolvedByAttempt ?? null,
  };
  const result = await getDatabase()
    .db.insertInto('update_attempt_review')
    .values({
      attempt_id: input.attemptId,
      settled_outcome: null,
      checked_values: null,
      checked_at: null,
      checked_by: null,
      ...columns,
    })
    .onConflict((conflict) =>
      conflict.column('attempt_id').doUpdateSet(columns).where('update_attempt_review.resolved_at', 'is', null),
    )
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** The attempts that sent this one again, oldest first. */
export async function listRetriesOf(input: { attemptId: string }): Promise<AttemptRecord[]> {
  const rows = await getDatabase()
    .db.selectFrom('update_attempt')
    .selectAll()
    .where('retry_of', '=', input.attemptId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toRecord);
}

import 'server-only';

import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type {
  AttemptOutcome,
  AttemptResolution,
  AttemptSource,
  Database,
  UpdateAttemptReviewTable,
  UpdateAttemptTable,
} from '@/lib/db/schema';
import type { ProfileField, ProfileValues } from '@/lib/shared/profile-fields';
import { RETRYABLE_ERROR_CODES, withoutAnyOutcome, type InboxFilter } from '@/lib/shared/inbox-filter';
import type { AttemptCursor, InboxAttempt } from '@/lib/shared/inbox-view';

export type { AttemptCursor, InboxAttempt };

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
  /** The bulk job whose line this attempt sent. */
  bulkJobId: string | null;
  changedFields: ProfileField[];
  requested: Partial<ProfileValues>;
  base: Partial<ProfileValues>;
  before: ProfileValues | null;
  sent: ProfileValues | null;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  errorSource: string | null;
  errorCode: string | null;
  message: string | null;
  details: string | null;
  fieldErrors: FieldMessages | null;
  tracingId: string | null;
  latencyMs: number | null;
  after: ProfileValues | null;
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
  after?: ProfileValues | null;
  finishedAt: number;
}

export type NewAttempt = Omit<
  AttemptRecord,
  'outcome' | keyof Omit<AttemptOutcomeRecord, 'outcome' | 'finishedAt'> | 'finishedAt' | 'bulkJobId'
> & { bulkJobId?: string | null };

export interface AttemptReview {
  settledOutcome: 'succeeded' | 'failed' | 'conflict' | null;
  checkedValues: ProfileValues | null;
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
    bulkJobId: row.bulk_job_id,
    changedFields: parsed<ProfileField[]>(row.changed_fields) ?? [],
    requested: parsed<Partial<ProfileValues>>(row.requested) ?? {},
    base: parsed<Partial<ProfileValues>>(row.base) ?? {},
    before: parsed<ProfileValues>(row.before),
    sent: parsed<ProfileValues>(row.sent),
    outcome: row.outcome,
    httpStatus: row.http_status,
    errorSource: row.error_source,
    errorCode: row.error_code,
    message: row.message,
    details: row.details,
    fieldErrors: parsed<FieldMessages>(row.field_errors),
    tracingId: row.tracing_id,
    latencyMs: row.latency_ms,
    after: parsed<ProfileValues>(row.after),
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
    bulk_job_id: attempt.bulkJobId ?? null,
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
export async function recordAttemptStarted(input: {
  attempt: NewAttempt;
  /** The process sending it, whose end marks the attempt interrupted at once. */
  ownerProcess?: string;
  db?: Kysely<Database>;
}): Promise<void> {
  await dbOf(input.db)
    .insertInto('update_attempt')
    .values({ ...newAttemptColumns(input.attempt), ...PENDING, owner_process: input.ownerProcess ?? null })
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

/** The code of an attempt marked unknown because its process was gone before its outcome came. */
export const INTERRUPTED_CODE = 'UPDATE_INTERRUPTED';

/**
 * Completes a sent attempt with its outcome. An attempt marked interrupted meanwhile (its
 * process was taken for gone) takes the outcome too: the answer that came is the truth. Answers
 * false when the attempt was neither (nothing written).
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
    .where((eb) =>
      eb.or([
        eb('outcome', '=', 'pending'),
        eb.and([eb('outcome', '=', 'unknown'), eb('error_code', '=', INTERRUPTED_CODE)]),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The columns of an attempt taken for interrupted: unknown, until its answer comes after all. */
function interrupted(input: { details: string; now: number }) {
  return {
    outcome: 'unknown',
    error_source: 'console',
    error_code: INTERRUPTED_CODE,
    details: input.details,
    finished_at: input.now,
  } as const;
}

/**
 * Attempts left 'pending' by a process that died mid-way become 'unknown': the update may or
 * may not have reached Attestr. Those of the processes named in `ownedBy` (known to be gone)
 * are marked whatever their age; any other only when it started before `startedBefore`, old
 * enough that no live save can still own it.
 */
export async function markInterruptedAttempts(input: {
  startedBefore: number;
  ownedBy?: readonly string[];
  now: number;
}): Promise<number> {
  const owners = input.ownedBy ?? [];
  const result = await getDatabase()
    .db.updateTable('update_attempt')
    .set(interrupted({ details: 'The console stopped before this update’s outcome was known.', now: input.now }))
    .where('outcome', '=', 'pending')
    .where((eb) =>
      owners.length > 0
        ? eb.or([eb('created_at', '<', input.startedBefore), eb('owner_process', 'in', owners)])
        : eb('created_at', '<', input.startedBefore),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * One pending attempt marked interrupted (unknown), as the sweep marks those of gone processes:
 * for a check at Attestr of an attempt whose answer is overdue. Answers whether it was pending.
 */
export async function markAttemptInterrupted(input: { id: string; now: number }): Promise<boolean> {
  const details = 'No answer had come long after the Attestr timeout when it was checked at Attestr.';
  const result = await getDatabase()
    .db.updateTable('update_attempt')
    .set(interrupted({ details, now: input.now }))
    .where('id', '=', input.id)
    .where('outcome', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A profile's attempts, newest first: everyone's, or one person's (`actorId`). */
export async function listProfileAttempts(input: {
  profileId: string;
  actorId?: string;
  limit?: number;
}): Promise<AttemptRecord[]> {
  let query = getDatabase().db.selectFrom('update_attempt').selectAll().where('profile_id', '=', input.profileId);
  if (input.actorId !== undefined) query = query.where('actor_id', '=', input.actorId);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit ?? 50)
    .execute();
  return rows.map(toRecord);
}

function toReview(row: Selectable<UpdateAttemptReviewTable>): AttemptReview {
  return {
    settledOutcome: row.settled_outcome,
    checkedValues: parsed<ProfileValues>(row.checked_values),
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
  values: ProfileValues;
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
  /** For 'retried': the attempt that sent it again; for 'superseded': the save that completed it. */
  resolvedByAttempt?: string | null;
  db?: Kysely<Database>;
}): Promise<boolean> {
  const columns = {
    resolved_at: input.at,
    resolved_by: input.by,
    note: input.note,
    resolution: input.resolution,
    resolved_by_attempt: input.resolvedByAttempt ?? null,
  };
  const result = await dbOf(input.db)
    .insertInto('update_attempt_review')
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

/**
 * Runs `work` in one transaction on the shared database: an attempt's outcome and what it
 * settles of other attempts are written together or not at all.
 */
export async function inAttemptsTransaction<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return getDatabase().db.transaction().execute(work);
}

/** A profile's open failures (failed or unknown, not resolved) that began at or before `upTo`, oldest first. */
export async function listOpenAttemptsOfProfile(input: {
  profileId: string;
  upTo: number;
  db?: Kysely<Database>;
}): Promise<AttemptRecord[]> {
  // Read through the profile's own attempts (its index), then kept to those still open.
  const rows = await dbOf(input.db)
    .selectFrom('update_attempt as a')
    .innerJoin('update_attempt_open as o', 'o.attempt_id', 'a.id')
    .selectAll('a')
    .where('a.profile_id', '=', input.profileId)
    .where('a.created_at', '<=', input.upTo)
    .where('a.outcome', 'in', ['failed', 'unknown'])
    .orderBy('a.created_at', 'asc')
    .orderBy('a.id', 'asc')
    .execute();
  return rows.map(toRecord);
}

/** A profile's succeeded attempts that began at or after `since`, oldest first. */
export async function listSucceededAttemptsOfProfile(input: {
  profileId: string;
  since: number;
  db?: Kysely<Database>;
}): Promise<AttemptRecord[]> {
  const rows = await dbOf(input.db)
    .selectFrom('update_attempt')
    .selectAll()
    .where('profile_id', '=', input.profileId)
    .where('outcome', '=', 'succeeded')
    .where('created_at', '>=', input.since)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toRecord);
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

// ---------------------------------------------------------------------------------------------
// The updates page: every attempt under the page's filters, newest first, a page at a time.

/** Whose attempts: everyone's, or one person's own (the support role's scope). */
export interface AttemptScope {
  actorId?: string;
}

const DAY_MS = 86_400_000;
/** The last character a tag can start with: `tag < prefix + this` bounds a prefix as a range. */
const TAG_PREFIX_END = '\u{10FFFF}';

type InboxTables = Database & { a: UpdateAttemptTable; o: Database['update_attempt_open'] };
/** Attempts as `a` (and, for open failures, `o`: the table of open ones) with the filters applied. */
export type AttemptsQuery = SelectQueryBuilder<InboxTables, 'a', object>;

const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/**
 * The attempts an inbox filter and scope match, as a query to select from: the updates page,
 * its CSV export and a "Retry all" run read the same ones. Open failures are read from the
 * table of open ones (kept by triggers), so their newest come first through an index.
 */
export function attemptsMatching(db: Kysely<Database>, asked: InboxFilter, scope: AttemptScope): AttemptsQuery {
  const filter = withoutAnyOutcome(asked);
  const open = filter.outcome === 'open';
  const key = keyColumns(filter);
  let query = (open
    ? db.selectFrom('update_attempt_open as o').innerJoin('update_attempt as a', 'a.id', 'o.attempt_id')
    : db.selectFrom('update_attempt as a')) as unknown as AttemptsQuery;
  if (scope.actorId !== undefined) query = query.where(sql.ref<string>(key.actorId), '=', scope.actorId);
  if (filter.who !== undefined) query = query.where(sql.ref<string>(key.actorId), '=', filter.who);
  if (filter.outcome !== undefined && filter.outcome !== 'open' && filter.outcome !== 'all') {
    query = query.where('a.outcome', '=', filter.outcome);
  }
  if (filter.code !== undefined) query = query.where('a.error_code', '=', filter.code);
  if (filter.source !== undefined) query = query.where('a.source', '=', filter.source);
  if (filter.from !== undefined) query = query.where(sql.ref<number>(key.createdAt), '>=', dayStart(filter.from));
  if (filter.to !== undefined) query = query.where(sql.ref<number>(key.createdAt), '<', dayStart(filter.to) + DAY_MS);
  const q = filter.q;
  if (q !== undefined) {
    // One list of ids from three index lookups (a union, not an OR): each engine then reads
    // just those attempts, rather than walking every attempt newest first to test each one.
    const tagPrefix = (column: string) =>
      sql<boolean>`${sql.ref(column)} >= ${q} and ${sql.ref(column)} < ${q + TAG_PREFIX_END}`;
    query = query.where('a.id', 'in', (eb) =>
      eb
        .selectFrom('update_attempt as x')
        .select('x.id')
        .where('x.profile_id', '=', q)
        .union(
          eb
            .selectFrom('update_attempt as x')
            .innerJoin('profile_index as pi', 'pi.profile_id', 'x.profile_id')
            .select('x.id')
            .where((inner) => inner.or([inner('pi.number', '=', q), tagPrefix('pi.tag')])),
        )
        .union(eb.selectFrom('update_attempt as x').select('x.id').where(tagPrefix('x.profile_tag'))),
    );
  }
  return query;
}

/**
 * A bulk job's failed line (failed or unknown), written with literals as the partial index
 * `update_attempt_bulk_failed` is, so that both engines can read the lines from it.
 */
export const BULK_FAILURE = sql<boolean>`a.bulk_job_id is not null and a.outcome in ('failed', 'unknown')`;

/** The columns a filter's attempts are ordered and paged on: the open table's own for open failures. */
export function keyColumns(filter: InboxFilter) {
  return filter.outcome === 'open'
    ? { createdAt: 'o.created_at', id: 'o.attempt_id', actorId: 'o.actor_id' }
    : { createdAt: 'a.created_at', id: 'a.id', actorId: 'a.actor_id' };
}

/**
 * One page of the attempts a filter matches, newest first, after `after` (keyset on
 * (created_at, id), never an offset, so a page costs the same deep in the list as at its top).
 * `next` is where the following page starts, or null on the last page.
 */
export async function listAttempts(input: {
  filter: InboxFilter;
  actorId?: string;
  after?: AttemptCursor;
  limit: number;
  /** Leave out bulk jobs' failed lines: the page shows them a row per job (listBulkFailureGroups). */
  withoutBulkFailures?: boolean;
  /** Only this bulk job's failed lines. */
  bulkJobFailures?: string;
  db?: Kysely<Database>;
}): Promise<{ attempts: InboxAttempt[]; next: AttemptCursor | null }> {
  const key = keyColumns(input.filter);
  let query = attemptsMatching(dbOf(input.db), input.filter, { actorId: input.actorId });
  if (input.withoutBulkFailures) query = query.where(sql<boolean>`not (${BULK_FAILURE})`);
  if (input.bulkJobFailures !== undefined) {
    query = query.where('a.bulk_job_id', '=', input.bulkJobFailures).where(BULK_FAILURE);
  }
  if (input.after) {
    query = query.where(
      sql<boolean>`(${sql.ref(key.createdAt)}, ${sql.ref(key.id)}) < (${input.after.createdAt}, ${input.after.id})`,
    );
  }
  const rows = await query
    .leftJoin('profile_index as p', 'p.profile_id', 'a.profile_id')
    .leftJoin('user as u', 'u.id', 'a.actor_id')
    .leftJoin('update_attempt_open as still', 'still.attempt_id', 'a.id')
    .select([
      'a.id',
      'a.created_at',
      'a.profile_id',
      'a.profile_tag',
      'a.actor_id',
      'a.actor_role',
      'a.source',
      'a.changed_fields',
      'a.outcome',
      'a.error_code',
      'a.message',
      'a.tracing_id',
      'a.reason',
      'a.before',
      'a.sent',
      'p.number as index_number',
      'p.tag as index_tag',
      'p.name as index_name',
      'u.name as actor_name',
      'still.attempt_id as open_id',
    ])
    .orderBy(sql.ref(key.createdAt), 'desc')
    .orderBy(sql.ref(key.id), 'desc')
    .limit(input.limit + 1)
    .execute();
  const attempts = rows.slice(0, input.limit).map((row): InboxAttempt => {
    const named =
      parsed<Partial<ProfileValues>>(row.sent)?.name || parsed<Partial<ProfileValues>>(row.before)?.name || null;
    return {
      id: row.id,
      createdAt: Number(row.created_at),
      profileId: row.profile_id,
      profileNumber: row.index_number,
      profileTag: row.index_tag ?? row.profile_tag,
      profileName: row.index_name ?? named,
      actorId: row.actor_id,
      actorName: row.actor_name,
      actorRole: row.actor_role,
      source: row.source,
      changedFields: parsed<ProfileField[]>(row.changed_fields) ?? [],
      outcome: row.outcome,
      errorCode: row.error_code,
      message: row.message,
      tracingId: row.tracing_id,
      reason: row.reason,
      open: row.open_id !== null,
    };
  });
  const last = attempts.at(-1);
  return { attempts, next: rows.length > input.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

/**
 * The open failures a filter shows that may go through if sent again (an unknown outcome, or a
 * code in RETRYABLE_ERROR_CODES): what a "Retry all" run takes. A filter on an outcome other
 * than failed or unknown has none (null).
 */
function retryableMatching(input: { filter: InboxFilter; actorId?: string }): AttemptsQuery | null {
  return (
    openMatching(input)?.where((eb) =>
      eb.or([eb('a.outcome', '=', 'unknown'), eb('a.error_code', 'in', [...RETRYABLE_ERROR_CODES])]),
    ) ?? null
  );
}

/**
 * The open failures a filter shows (failed or unknown, neither resolved nor found applied),
 * created at or before `createdUpTo` when given. A filter on an outcome other than failed or
 * unknown has none (null).
 */
function openMatching(input: {
  filter: InboxFilter;
  actorId?: string;
  createdUpTo?: number;
  db?: Kysely<Database>;
}): AttemptsQuery | null {
  const { outcome } = withoutAnyOutcome(input.filter);
  if (outcome !== undefined && outcome !== 'open' && outcome !== 'failed' && outcome !== 'unknown') return null;
  let query = attemptsMatching(dbOf(input.db), { ...input.filter, outcome: 'open' }, { actorId: input.actorId });
  if (outcome === 'failed' || outcome === 'unknown') query = query.where('a.outcome', '=', outcome);
  if (input.createdUpTo !== undefined) query = query.where(sql.ref<number>('o.created_at'), '<=', input.createdUpTo);
  return query;
}

/** How many open failures a filter shows, created at or before `createdUpTo` when given. */
export async function countOpenAttempts(input: {
  filter: InboxFilter;
  actorId?: string;
  createdUpTo?: number;
  db?: Kysely<Database>;
}): Promise<number> {
  const query = openMatching(input);
  if (!query) return 0;
  const row = await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A page of the open failures a filter shows, oldest first, strictly after `after`. */
export async function listOpenAttemptKeys(input: {
  filter: InboxFilter;
  actorId?: string;
  createdUpTo?: number;
  after?: AttemptCursor;
  limit: number;
  db?: Kysely<Database>;
}): Promise<AttemptCursor[]> {
  let query = openMatching(input);
  if (!query) return [];
  const { after } = input;
  if (after) query = query.where(sql<boolean>`(o.created_at, o.attempt_id) > (${after.createdAt}, ${after.id})`);
  const rows = await query
    .select([sql.ref<string>('o.attempt_id').as('id'), sql.ref<number | string>('o.created_at').as('created_at')])
    .orderBy(sql.ref('o.created_at'), 'asc')
    .orderBy(sql.ref('o.attempt_id'), 'asc')
    .limit(input.limit)
    .execute();
  return rows.map((row) => ({ id: row.id, createdAt: Number(row.created_at) }));
}

/** The ids of the retryable open failures a filter shows, oldest first. */
export async function listRetryableAttemptIds(input: {
  filter: InboxFilter;
  actorId?: string;
  limit: number;
}): Promise<string[]> {
  const query = retryableMatching(input);
  if (!query) return [];
  const rows = await query
    .select('a.id')
    .orderBy(sql.ref('o.created_at'), 'asc')
    .orderBy(sql.ref('o.attempt_id'), 'asc')
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * How many open failures a filter shows that "Retry all" leaves out because sending them again
 * cannot help (failed with a code of `codes`: those of class `final`).
 */
export async function countOpenFailuresWithCodes(input: {
  filter: InboxFilter;
  actorId?: string;
  codes: readonly string[];
}): Promise<number> {
  const { outcome } = input.filter;
  if ((outcome !== undefined && outcome !== 'open' && outcome !== 'failed') || input.codes.length === 0) return 0;
  const row = await attemptsMatching(dbOf(), { ...input.filter, outcome: 'open' }, { actorId: input.actorId })
    .where('a.outcome', '=', 'failed')
    .where('a.error_code', 'in', [...input.codes])
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many retryable open failures a filter shows. */
export async function countRetryableAttempts(input: { filter: InboxFilter; actorId?: string }): Promise<number> {
  const query = retryableMatching(input);
  if (!query) return 0;
  const row = await query.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many failures are open (failed or unknown, not resolved, not found applied), everyone's or one person's. */
export async function countOpenFailures(input: { actorId?: string; db?: Kysely<Database> } = {}): Promise<number> {
  let query = dbOf(input.db)
    .selectFrom('update_attempt_open')
    .select((eb) => eb.fn.countAll<number | string>().as('count'));
  if (input.actorId !== undefined) query = query.where('actor_id', '=', input.actorId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The days a chart of failures covers: the filter's From–To, else the last `defaultDays` days, at most `maxDays`. */
export function failurePeriod(input: { filter: InboxFilter; now: number; defaultDays?: number; maxDays?: number }): {
  from: string;
  to: string;
  days: string[];
} {
  const maxDays = input.maxDays ?? 92;
  const toMs = input.filter.to ? dayStart(input.filter.to) : Math.floor(input.now / DAY_MS) * DAY_MS;
  let fromMs = input.filter.from ? dayStart(input.filter.from) : toMs - ((input.defaultDays ?? 14) - 1) * DAY_MS;
  if (toMs - fromMs >= maxDays * DAY_MS) fromMs = toMs - (maxDays - 1) * DAY_MS;
  const days: string[] = [];
  for (let day = fromMs; day <= toMs; day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  return { from: days[0] ?? '', to: days.at(-1) ?? '', days };
}

/**
 * Failures (failed or unknown outcomes) per UTC day and error code over the filter's period
 * (see failurePeriod), under the filter's other conditions. An outcome filter of 'open',
 * 'failed' or 'unknown' narrows the failures; any other outcome is not a failure and is set
 * aside. `code` is null for a failure without one.
 */
export async function failuresByCodePerDay(input: {
  filter: InboxFilter;
  actorId?: string;
  now?: number;
  db?: Kysely<Database>;
}): Promise<{ days: string[]; counts: { day: string; code: string | null; count: number }[] }> {
  const period = failurePeriod({ filter: input.filter, now: input.now ?? Date.now() });
  const narrows =
    input.filter.outcome === 'open' || input.filter.outcome === 'failed' || input.filter.outcome === 'unknown';
  const filter: InboxFilter = {
    ...input.filter,
    outcome: narrows ? input.filter.outcome : undefined,
    from: period.from,
    to: period.to,
  };
  let query = attemptsMatching(dbOf(input.db), filter, { actorId: input.actorId });
  if (!narrows) query = query.where('a.outcome', 'in', ['failed', 'unknown']);
  const day = sql<number>`${sql.ref(keyColumns(filter).createdAt)} / ${sql.lit(DAY_MS)}`;
  const rows = await query
    .select([day.as('day'), 'a.error_code as code', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy([day, 'a.error_code'])
    .execute();
  const counts = rows
    .map((row) => ({
      day: new Date(Number(row.day) * DAY_MS).toISOString().slice(0, 10),
      code: row.code,
      count: Number(row.count),
    }))
    .sort((x, y) => x.day.localeCompare(y.day) || (x.code ?? '').localeCompare(y.code ?? ''));
  return { days: period.days, counts };
}

import 'server-only';

import { setImmediate as nextTurn } from 'node:timers/promises';

import { sql, type Selectable } from 'kysely';

import {
  BULK_ROW_GROUP_STATES,
  type BulkJobState,
  type BulkPreviewState,
  type BulkRowGroup,
  type BulkRowState,
} from '@/lib/shared/bulk-types';
import { getDatabase } from '@/lib/db/connection';
import type { BulkJobTable, BulkRowTable } from '@/lib/db/schema';

export type BulkJobRecord = Selectable<BulkJobTable>;
export type BulkRowRecord = Selectable<BulkRowTable>;

const ROWS_PER_INSERT = 500;
const ROW_STATES: BulkRowState[] = [
  'pending',
  'sending',
  'succeeded',
  'unchanged',
  'failed',
  'conflict',
  'invalid',
  'skipped',
  'cancelled',
];
const PREVIEW_STATES: BulkPreviewState[] = ['changes', 'no_change', 'archived', 'not_found', 'failed'];
/** States in which a job's lines may still be claimed. */
export const WORKING_JOB_STATES: BulkJobState[] = ['dry_run', 'queued', 'running'];
const OPEN_JOB_STATES: BulkJobState[] = ['dry_run', 'checked', 'queued', 'running', 'paused'];

export interface NewBulkRow {
  line: number;
  profileId: string;
  cells: readonly string[];
  /** The fields the line sets; null for an invalid line. */
  set: Record<string, string> | null;
  /** Why the line is invalid; null for a line to send. */
  error: string | null;
}

/** Lines written in one transaction: SQLite's commit, and the checkpoint after it, stay short. */
const ROWS_PER_TRANSACTION = 5_000;
/** How long a job may stay 'storing' before it is taken for one whose writing stopped midway. */
const STORING_ABANDONED_MS = 60 * 60 * 1000;

/**
 * Writes a job and all its lines, the invalid ones settled already. A hundred thousand lines
 * written in one go, or committed at once, would hold SQLite, which runs on the server's own
 * thread, for seconds: the job is written first as 'storing' (seen by no page and no runner),
 * its lines a few hundred a statement and a few thousand a transaction with the event loop let
 * through between two, and only then is it moved to its first state. Lines written before a
 * failure are deleted with the job; a process that dies midway leaves a 'storing' job that
 * `dropAbandonedStores` deletes later.
 */
export async function insertBulkJob(input: {
  id: string;
  createdBy: string;
  createdByRole: string;
  fileName: string;
  headers: readonly string[];
  fields: readonly string[];
  dryRun: boolean;
  retryOf: string | null;
  rows: readonly NewBulkRow[];
  at: number;
  /** A "Retry failed rows" job: the earlier job's failed lines left out because they cannot succeed. */
  leftOut?: number;
}): Promise<void> {
  const { db } = getDatabase();
  await db
    .insertInto('bulk_job')
    .values({
      id: input.id,
      created_by: input.createdBy,
      created_by_role: input.createdByRole,
      file_name: input.fileName,
      headers: JSON.stringify(input.headers),
      fields: JSON.stringify(input.fields),
      dry_run: input.dryRun ? 1 : 0,
      state: 'storing',
      message: null,
      paused_until: null,
      retry_of: input.retryOf,
      total: input.rows.length,
      created_at: input.at,
      started_at: input.dryRun ? null : input.at,
      first_sent_at: null,
      finished_at: null,
      purged_at: null,
      left_out: input.leftOut ?? 0,
    })
    .execute();
  try {
    for (let first = 0; first < input.rows.length; first += ROWS_PER_TRANSACTION) {
      const last = Math.min(first + ROWS_PER_TRANSACTION, input.rows.length);
      await db.transaction().execute(async (trx) => {
        for (let start = first; start < last; start += ROWS_PER_INSERT) {
          const values = input.rows.slice(start, Math.min(start + ROWS_PER_INSERT, last)).map((row) => ({
            job_id: input.id,
            line: row.line,
            profile_id: row.profileId,
            cells: JSON.stringify(row.cells),
            set_values: row.set ? JSON.stringify(row.set) : null,
            state: (row.error === null ? 'pending' : 'invalid') as BulkRowState,
            attempt_id: null,
            next_try_at: null,
            claimed_by: null,
            claim_until: null,
            result_code: row.error === null ? null : 'INVALID_LINE',
            result_message: row.error,
            preview_state: null,
            preview_current: null,
            preview_changes: null,
            finished_at: row.error === null ? null : input.at,
          }));
          await trx.insertInto('bulk_row').values(values).execute();
          await nextTurn();
        }
      });
      await nextTurn();
    }
    await db
      .updateTable('bulk_job')
      .set({ state: input.dryRun ? 'dry_run' : 'queued' })
      .where('id', '=', input.id)
      .where('state', '=', 'storing')
      .execute();
  } catch (error) {
    await deleteStoringJob({ id: input.id }).catch(() => undefined);
    throw error;
  }
}

async function deleteStoringJob(input: { id: string }): Promise<void> {
  await getDatabase()
    .db.transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('bulk_row').where('job_id', '=', input.id).execute();
      await trx.deleteFrom('bulk_job').where('id', '=', input.id).where('state', '=', 'storing').execute();
    });
}

/** Deletes the jobs whose writing stopped midway (the process died): answers how many. */
export async function dropAbandonedStores(input: { at: number }): Promise<number> {
  const jobs = await getDatabase()
    .db.selectFrom('bulk_job')
    .select('id')
    .where('state', '=', 'storing')
    .where('created_at', '<', input.at - STORING_ABANDONED_MS)
    .execute();
  for (const { id } of jobs) await deleteStoringJob({ id });
  return jobs.length;
}

/** A job as pages and runners know it: none while it is being stored. */
export async function findBulkJob(input: { id: string }): Promise<BulkJobRecord | undefined> {
  return getDatabase()
    .db.selectFrom('bulk_job')
    .selectAll()
    .where('id', '=', input.id)
    .where('state', '!=', 'storing')
    .executeTakeFirst();
}

/** Jobs newest first, everyone's or one person's. */
export async function listBulkJobRecords(input: { createdBy?: string; limit: number }): Promise<BulkJobRecord[]> {
  let query = getDatabase().db.selectFrom('bulk_job').selectAll().where('state', '!=', 'storing');
  if (input.createdBy !== undefined) query = query.where('created_by', '=', input.createdBy);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(input.limit).execute();
}

export interface BulkRowTally {
  byState: Record<BulkRowState, number>;
  /** Lines a dry run has read, by what it found. */
  byPreview: Record<BulkPreviewState, number>;
}

export async function tallyBulkRows(input: { jobId: string }): Promise<BulkRowTally> {
  const rows = await getDatabase()
    .db.selectFrom('bulk_row')
    .select(['state', 'preview_state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('job_id', '=', input.jobId)
    .groupBy(['state', 'preview_state'])
    .execute();
  const byState = Object.fromEntries(ROW_STATES.map((state) => [state, 0])) as Record<BulkRowState, number>;
  const byPreview = Object.fromEntries(PREVIEW_STATES.map((state) => [state, 0])) as Record<BulkPreviewState, number>;
  for (const row of rows) {
    byState[row.state] += Number(row.count);
    if (row.preview_state) byPreview[row.preview_state] += Number(row.count);
  }
  return { byState, byPreview };
}

/** The lines of a person's bulk updates that still wait to be sent (or are being sent). */
export async function countWaitingRowsOf(input: { userId: string }): Promise<number> {
  const row = await getDatabase()
    .db.selectFrom('bulk_row')
    .innerJoin('bulk_job', 'bulk_job.id', 'bulk_row.job_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('bulk_job.created_by', '=', input.userId)
    .where('bulk_job.state', 'in', OPEN_JOB_STATES)
    .where('bulk_row.state', 'in', ['pending', 'sending'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Lines settled since a moment: the job's current pace. */
export async function countRowsFinishedSince(input: { jobId: string; since: number }): Promise<number> {
  const row = await getDatabase()
    .db.selectFrom('bulk_row')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('job_id', '=', input.jobId)
    .where('finished_at', '>=', input.since)
    .where('state', 'not in', ['invalid', 'cancelled'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A page of lines in order, after a line. */
export async function listBulkRowRecords(input: {
  jobId: string;
  group: BulkRowGroup;
  after: number;
  limit: number;
}): Promise<BulkRowRecord[]> {
  let query = getDatabase()
    .db.selectFrom('bulk_row')
    .selectAll()
    .where('job_id', '=', input.jobId)
    .where('line', '>', input.after);
  if (input.group !== 'all') query = query.where('state', 'in', [...BULK_ROW_GROUP_STATES[input.group]]);
  return query.orderBy('line').limit(input.limit).execute();
}

/** Every line that did not get through, in order: for the download and for Retry failed rows. */
export async function listUnsuccessfulRows(input: { jobId: string }): Promise<BulkRowRecord[]> {
  return getDatabase()
    .db.selectFrom('bulk_row')
    .selectAll()
    .where('job_id', '=', input.jobId)
    .where('state', 'in', [...BULK_ROW_GROUP_STATES.failed, ...BULK_ROW_GROUP_STATES.skipped])
    .orderBy('line')
    .execute();
}

/**
 * The lines Retry failed rows would send again: in conflict, or failed but not with one of
 * `leaveOut` (errors sending again cannot mend), their values kept.
 */
export async function countRetryableRows(input: { jobId: string; leaveOut: readonly string[] }): Promise<number> {
  const row = await getDatabase()
    .db.selectFrom('bulk_row')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('job_id', '=', input.jobId)
    .where('state', 'in', ['failed', 'conflict'])
    .where('set_values', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'conflict'),
        eb('result_code', 'is', null),
        eb('result_code', 'not in', [...input.leaveOut]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Moves a job from one of `from` to `to` (a compare-and-set); answers whether it moved. */
export async function moveBulkJob(input: {
  id: string;
  from: readonly BulkJobState[];
  to: BulkJobState;
  set?: Partial<
    Pick<
      BulkJobRecord,
      | 'message'
      | 'paused_until'
      | 'started_at'
      | 'finished_at'
      | 'runaway_code'
      | 'runaway_count'
      | 'runaway_from_start'
    >
  >;
}): Promise<boolean> {
  const result = await getDatabase()
    .db.updateTable('bulk_job')
    .set({ state: input.to, ...input.set })
    .where('id', '=', input.id)
    .where('state', 'in', [...input.from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Sets why a job waits, and until when (the daily limit), or clears it. Only a job that still
 * works: a line in hand that meets the limit after a person cancelled or paused the job must not
 * replace what they were told.
 */
export async function setBulkJobWait(input: {
  id: string;
  message: string | null;
  pausedUntil: number | null;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('bulk_job')
    .set({ message: input.message, paused_until: input.pausedUntil })
    .where('id', '=', input.id)
    .where('state', 'in', WORKING_JOB_STATES)
    .execute();
}

/** Notes the first call of the update, once. */
export async function noteFirstSent(input: { id: string; at: number }): Promise<void> {
  await getDatabase()
    .db.updateTable('bulk_job')
    .set({ first_sent_at: input.at })
    .where('id', '=', input.id)
    .where('first_sent_at', 'is', null)
    .execute();
}

/**
 * Cancels a job: nothing more is sent, and every line not yet claimed is cancelled in the same
 * transaction. A line being sent finishes and records its true outcome.
 */
export async function cancelBulkJob(input: { id: string; at: number; message: string }): Promise<boolean> {
  return getDatabase()
    .db.transaction()
    .execute(async (trx) => {
      const moved = await trx
        .updateTable('bulk_job')
        .set({ state: 'cancelled', finished_at: input.at, message: input.message, paused_until: null })
        .where('id', '=', input.id)
        .where('state', 'in', OPEN_JOB_STATES)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      await trx
        .updateTable('bulk_row')
        .set({ state: 'cancelled', finished_at: input.at })
        .where('job_id', '=', input.id)
        .where('state', '=', 'pending')
        .execute();
      return true;
    });
}

/**
 * Start update after a dry run: lines the dry run found archived or missing are skipped with
 * the reason, the rest wait to be sent.
 */
export async function startCheckedJob(input: { id: string; at: number }): Promise<boolean> {
  return getDatabase()
    .db.transaction()
    .execute(async (trx) => {
      const moved = await trx
        .updateTable('bulk_job')
        .set({ state: 'queued', started_at: input.at, message: null })
        .where('id', '=', input.id)
        .where('state', '=', 'checked')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      for (const [preview, message] of [
        ['archived', 'Skipped: the dry run found this profile archived at Attestr, so it cannot be changed.'],
        ['not_found', 'Skipped: the dry run found no profile with this ID at Attestr.'],
      ] as const) {
        await trx
          .updateTable('bulk_row')
          .set({ state: 'skipped', result_message: message, result_code: null, finished_at: input.at })
          .where('job_id', '=', input.id)
          .where('state', '=', 'pending')
          .where('preview_state', '=', preview)
          .execute();
      }
      return true;
    });
}

/** The oldest job whose lines may be claimed now, if any. */
export async function nextWorkingJob(input: {
  now: number;
  skip?: readonly string[];
}): Promise<BulkJobRecord | undefined> {
  let query = getDatabase()
    .db.selectFrom('bulk_job')
    .selectAll()
    .where('state', 'in', WORKING_JOB_STATES)
    .where((eb) => eb.or([eb('paused_until', 'is', null), eb('paused_until', '<=', input.now)]));
  if (input.skip && input.skip.length > 0) query = query.where('id', 'not in', [...input.skip]);
  return query.orderBy('created_at').orderBy('id').executeTakeFirst();
}

/**
 * Claims the next line of a job for one attempt: a compare-and-set from 'pending' to
 * 'sending' that names the attempt (the job, the line and the try) before anything is sent.
 * On PostgreSQL the line is picked FOR UPDATE SKIP LOCKED, so instances claiming at the same
 * moment take different lines; SQLite runs one statement at a time. A dry run claims lines it
 * has not read yet; reading is not a try at sending, so the first update is still try 1.
 */
export async function claimBulkRow(input: {
  jobId: string;
  owner: string;
  now: number;
  claimUntil: number;
  phase: 'update' | 'dry_run';
}): Promise<BulkRowRecord | undefined> {
  const { db, engine } = getDatabase();
  const unread = input.phase === 'dry_run' ? sql`and preview_state is null` : sql``;
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  // The line is picked once, in a CTE: as `where (job_id, line) in (select … limit 1)`,
  // PostgreSQL may run the subquery again per row and claim several lines in one statement.
  const result = await sql<BulkRowRecord>`
    with picked (pick_job, pick_line) as (
      select job_id, line from bulk_row
      where job_id = ${input.jobId} and state = 'pending' ${unread}
        and (next_try_at is null or next_try_at <= ${input.now})
      order by line
      limit 1
      ${lock}
    )
    update bulk_row set
      state = 'sending',
      tries = ${input.phase === 'update' ? sql`tries + 1` : sql`tries`},
      attempt_id = ${input.phase === 'update' ? sql`job_id || '.' || cast(line as varchar(12)) || '.' || cast(tries + 1 as varchar(12))` : sql`attempt_id`},
      claimed_by = ${input.owner},
      claim_until = ${input.claimUntil}
    from picked
    where bulk_row.job_id = picked.pick_job and bulk_row.line = picked.pick_line and bulk_row.state = 'pending'
    returning ${engine === 'postgres' ? sql`bulk_row.*` : sql`*`}`.execute(db);
  if (result.rows.length > 1) throw new Error('a claim took more than one line');
  return result.rows[0];
}

/** Whether a job has lines that may be claimed later (waiting out a back-off). */
export async function hasWaitingRows(input: { jobId: string; phase: 'update' | 'dry_run' }): Promise<boolean> {
  let query = getDatabase()
    .db.selectFrom('bulk_row')
    .select('line')
    .where('job_id', '=', input.jobId)
    .where('state', 'in', ['pending', 'sending']);
  if (input.phase === 'dry_run') query = query.where('preview_state', 'is', null);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Records a line's outcome, only for the attempt that claimed it. */
export async function settleBulkRow(input: {
  jobId: string;
  line: number;
  attemptId: string;
  state: Exclude<BulkRowState, 'pending' | 'sending'>;
  code: string | null;
  message: string | null;
  at: number;
}): Promise<boolean> {
  const result = await getDatabase()
    .db.updateTable('bulk_row')
    .set({
      state: input.state,
      result_code: input.code,
      result_message: input.message,
      finished_at: input.at,
      claimed_by: null,
      claim_until: null,
    })
    .where('job_id', '=', input.jobId)
    .where('line', '=', input.line)
    .where('attempt_id', '=', input.attemptId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Gives a claimed line back, to be claimed again from `nextTryAt` (a new attempt), only for
 * the attempt that claimed it. A cancelled job's line is cancelled instead.
 */
export async function releaseBulkRow(input: {
  jobId: string;
  line: number;
  attemptId: string | null;
  failures: number;
  nextTryAt: number | null;
  code: string | null;
  message: string | null;
  at: number;
}): Promise<boolean> {
  const { db } = getDatabase();
  const job = await db.selectFrom('bulk_job').select('state').where('id', '=', input.jobId).executeTakeFirst();
  const cancelled = job?.state === 'cancelled';
  let query = db
    .updateTable('bulk_row')
    .set({
      state: cancelled ? 'cancelled' : 'pending',
      failures: input.failures,
      next_try_at: input.nextTryAt,
      result_code: input.code,
      result_message: input.message,
      claimed_by: null,
      claim_until: null,
      ...(cancelled ? { finished_at: input.at } : {}),
    })
    .where('job_id', '=', input.jobId)
    .where('line', '=', input.line)
    .where('state', '=', 'sending');
  query =
    input.attemptId === null ? query.where('attempt_id', 'is', null) : query.where('attempt_id', '=', input.attemptId);
  return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
}

/** A job's run of lines settled one after another with the same final error. */
export interface RunawayRun {
  code: string | null;
  count: number;
  /** The first line of the run and its profile ID. */
  line: number | null;
  profileId: string | null;
  /** Every line settled since the job started belongs to the run. */
  fromStart: boolean;
}

/**
 * Counts a settled line into its job's run of lines failed with the same final error, in one
 * statement, so that lines settled at once by several instances each see the count their own
 * line made: a line failed with `code` lengthens the run when it is of that code or else begins
 * a new one; any other outcome (`code` null) ends it. Answers the run as this line left it.
 */
export async function countRunawayLine(input: {
  jobId: string;
  code: string | null;
  line: number;
  profileId: string;
}): Promise<RunawayRun | undefined> {
  const { code } = input;
  const same = sql<boolean>`runaway_code is not null and runaway_code = ${code}`;
  const row = await getDatabase()
    .db.updateTable('bulk_job')
    .set(
      code === null
        ? { runaway_code: null, runaway_count: 0, runaway_line: null, runaway_profile: null, runaway_from_start: 0 }
        : {
            runaway_count: sql<number>`case when ${same} then runaway_count + 1 else 1 end`,
            runaway_line: sql<number>`case when ${same} then runaway_line else ${input.line} end`,
            runaway_profile: sql<string>`case when ${same} then runaway_profile else ${input.profileId} end`,
            // A new run began with the job's first line only when no line had settled before.
            runaway_from_start: sql<number>`case when ${same} or runaway_count = 0 then runaway_from_start else 0 end`,
            runaway_code: code,
          },
    )
    .where('id', '=', input.jobId)
    .returning(['runaway_code', 'runaway_count', 'runaway_line', 'runaway_profile', 'runaway_from_start'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.runaway_code,
    count: Number(row.runaway_count),
    line: row.runaway_line === null ? null : Number(row.runaway_line),
    profileId: row.runaway_profile,
    fromStart: Number(row.runaway_from_start) === 1,
  };
}

/** Keeps a claimed line claimed until later: its outcome is to be settled then. */
export async function extendBulkRowClaim(input: {
  jobId: string;
  line: number;
  attemptId: string;
  claimUntil: number;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('bulk_row')
    .set({ claim_until: input.claimUntil })
    .where('job_id', '=', input.jobId)
    .where('line', '=', input.line)
    .where('attempt_id', '=', input.attemptId)
    .where('state', '=', 'sending')
    .execute();
}

/**
 * What a dry run read for a line, recorded for the claim that read it. The line then waits for
 * Start update, unless the job was cancelled while it was read: then it is cancelled too, in
 * the same statement, as cancelling did to the lines that were waiting.
 */
export async function recordBulkPreview(input: {
  jobId: string;
  line: number;
  owner: string;
  preview: BulkPreviewState;
  current: Record<string, string> | null;
  changes: readonly string[];
  message: string | null;
  /** The code of a read that failed, Attestr's or the console's. */
  code?: string | null;
  at: number;
}): Promise<void> {
  const cancelled = sql`exists (select 1 from bulk_job where id = ${input.jobId} and state = 'cancelled')`;
  await getDatabase()
    .db.updateTable('bulk_row')
    .set({
      state: sql<BulkRowState>`case when ${cancelled} then 'cancelled' else 'pending' end`,
      finished_at: sql<number | null>`case when ${cancelled} then cast(${input.at} as bigint) else null end`,
      preview_state: input.preview,
      preview_current: input.current ? JSON.stringify(input.current) : null,
      preview_changes: JSON.stringify(input.changes),
      result_message: input.message,
      result_code: input.code ?? null,
      claimed_by: null,
      claim_until: null,
    })
    .where('job_id', '=', input.jobId)
    .where('line', '=', input.line)
    .where('claimed_by', '=', input.owner)
    .where('state', '=', 'sending')
    .execute();
}

/**
 * Lines claimed by an instance that is gone: a claim past its deadline, or (on SQLite, where
 * one process runs jobs) any claim of an earlier process.
 */
export async function listLapsedClaims(input: {
  now: number;
  notOwner?: string;
  limit: number;
}): Promise<BulkRowRecord[]> {
  let query = getDatabase().db.selectFrom('bulk_row').selectAll().where('state', '=', 'sending');
  query =
    input.notOwner !== undefined
      ? query.where((eb) =>
          eb.or([eb('claimed_by', '!=', input.notOwner as string), eb('claim_until', '<', input.now)]),
        )
      : query.where('claim_until', '<', input.now);
  return query.orderBy('job_id').orderBy('line').limit(input.limit).execute();
}

/** Takes over a lapsed claim (compare-and-set on its owner and deadline) to settle it. */
export async function takeOverClaim(input: {
  row: Pick<BulkRowRecord, 'job_id' | 'line' | 'claimed_by' | 'claim_until'>;
  owner: string;
  claimUntil: number;
}): Promise<boolean> {
  let query = getDatabase()
    .db.updateTable('bulk_row')
    .set({ claimed_by: input.owner, claim_until: input.claimUntil })
    .where('job_id', '=', input.row.job_id)
    .where('line', '=', input.row.line)
    .where('state', '=', 'sending');
  query =
    input.row.claimed_by === null
      ? query.where('claimed_by', 'is', null)
      : query.where('claimed_by', '=', input.row.claimed_by);
  query =
    input.row.claim_until === null
      ? query.where('claim_until', 'is', null)
      : query.where('claim_until', '=', input.row.claim_until);
  return Number((await query.executeTakeFirst()).numUpdatedRows) > 0;
}

/** Ends a job whose lines are all settled: 'dry_run' becomes 'checked', 'running' 'finished'. */
export async function endJobIfSettled(input: { id: string; at: number }): Promise<BulkJobState | null> {
  const { db } = getDatabase();
  const job = await findBulkJob({ id: input.id });
  if (!job) return null;
  if (job.state === 'dry_run') {
    if (await hasWaitingRows({ jobId: input.id, phase: 'dry_run' })) return null;
    return (await moveBulkJob({ id: input.id, from: ['dry_run'], to: 'checked', set: { message: null } }))
      ? 'checked'
      : null;
  }
  if (job.state !== 'running' && job.state !== 'queued') return null;
  const result = await db
    .updateTable('bulk_job')
    .set({ state: 'finished', finished_at: input.at, message: null, paused_until: null })
    .where('id', '=', input.id)
    .where('state', 'in', ['running', 'queued'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bulk_row')
            .select('line')
            .where('job_id', '=', input.id)
            .where('state', 'in', ['pending', 'sending']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? 'finished' : null;
}

/**
 * Empties the personal values of jobs that ended before `endedBefore`: the file's cells and
 * what each line set or read. The states, codes and counts stay, and so does the audit trail.
 */
export async function purgeEndedJobs(input: { endedBefore: number; at: number }): Promise<number> {
  const { db } = getDatabase();
  const jobs = await db
    .selectFrom('bulk_job')
    .select('id')
    .where('state', 'in', ['finished', 'cancelled'])
    .where('finished_at', '<', input.endedBefore)
    .where('purged_at', 'is', null)
    .execute();
  for (const { id } of jobs) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('bulk_row')
        .set({ cells: null, set_values: null, preview_current: null })
        .where('job_id', '=', id)
        .execute();
      await trx.updateTable('bulk_job').set({ purged_at: input.at }).where('id', '=', id).execute();
    });
  }
  return jobs.length;
}

export async function saveBulkMapping(input: { userId: string; mapping: unknown; at: number }): Promise<void> {
  const mapping = JSON.stringify(input.mapping);
  await getDatabase()
    .db.insertInto('bulk_mapping')
    .values({ user_id: input.userId, mapping, updated_at: input.at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ mapping, updated_at: input.at }))
    .execute();
}

export async function findBulkMapping(input: { userId: string }): Promise<unknown> {
  const row = await getDatabase()
    .db.selectFrom('bulk_mapping')
    .select('mapping')
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.mapping) as unknown) : null;
}

/**
 * The one process that runs shared background jobs (lib/jobs) on a SQLite file: takes the
 * lease when it is free, has lapsed, is this owner's, or belongs to a process of this machine
 * that is no longer alive.
 * Answers whether this owner holds it now.
 */
export async function takeRunnerLease(input: {
  owner: string;
  host: string;
  pid: number;
  now: number;
  leaseUntil: number;
  isAlive: (pid: number) => boolean;
}): Promise<boolean> {
  const { db } = getDatabase();
  return db.transaction().execute(async (trx) => {
    const lease = await trx.selectFrom('bulk_runner_lease').selectAll().where('name', '=', 'bulk').executeTakeFirst();
    const values = { owner: input.owner, host: input.host, pid: input.pid, lease_until: input.leaseUntil };
    if (!lease) {
      await trx
        .insertInto('bulk_runner_lease')
        .values({ name: 'bulk', ...values })
        .execute();
      return true;
    }
    const free =
      lease.owner === input.owner ||
      Number(lease.lease_until) < input.now ||
      (lease.host === input.host && !input.isAlive(lease.pid));
    if (!free) return false;
    await trx.updateTable('bulk_runner_lease').set(values).where('name', '=', 'bulk').execute();
    return true;
  });
}

/** The lease of this owner given up, as a process stops. */
export async function giveUpRunnerLease(input: { owner: string }): Promise<void> {
  await getDatabase().db.deleteFrom('bulk_runner_lease').where('owner', '=', input.owner).execute();
}

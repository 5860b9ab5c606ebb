import 'server-only';

import type { Selectable } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type { RetryRunItemTable, RetryRunState, RetryRunTable } from '@/lib/db/schema';

export type RetryRunRecord = Selectable<RetryRunTable>;
export type RetryRunItemRecord = Selectable<RetryRunItemTable>;

export interface RetryRunCounts {
  total: number;
  /** Not yet sent (pending), or being sent now. */
  remaining: number;
  succeeded: number;
  failed: number;
  conflict: number;
  unknown: number;
  skipped: number;
}

const ACTIVE: RetryRunState[] = ['running', 'stopping'];
const ITEMS_PER_INSERT = 500;

/** Writes a run and its attempts, in the order they will be retried, in one transaction. */
export async function createRetryRun(input: {
  id: string;
  createdBy: string;
  createdByRole: string;
  filter: unknown;
  attemptIds: readonly string[];
  at: number;
}): Promise<void> {
  await getDatabase()
    .db.transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('retry_run')
        .values({
          id: input.id,
          created_by: input.createdBy,
          created_by_role: input.createdByRole,
          filter: JSON.stringify(input.filter),
          state: 'running',
          message: null,
          paused_until: null,
          lease_owner: null,
          lease_until: null,
          stopped_by: null,
          created_at: input.at,
          finished_at: null,
        })
        .execute();
      for (let start = 0; start < input.attemptIds.length; start += ITEMS_PER_INSERT) {
        const rows = input.attemptIds.slice(start, start + ITEMS_PER_INSERT).map((attemptId, offset) => ({
          run_id: input.id,
          attempt_id: attemptId,
          position: start + offset,
          state: 'pending' as const,
          retry_attempt_id: null,
          next_try_at: null,
          result: null,
          result_code: null,
          finished_at: null,
        }));
        await trx.insertInto('retry_run_item').values(rows).execute();
      }
    });
}

export async function findRetryRun(input: { id: string }): Promise<RetryRunRecord | undefined> {
  return getDatabase().db.selectFrom('retry_run').selectAll().where('id', '=', input.id).executeTakeFirst();
}

/** The run still going (running or stopping), newest first; the console runs one at a time. */
export async function findActiveRetryRun(): Promise<RetryRunRecord | undefined> {
  return getDatabase()
    .db.selectFrom('retry_run')
    .selectAll()
    .where('state', 'in', ACTIVE)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The most recent run, going or ended. */
export async function findLatestRetryRun(): Promise<RetryRunRecord | undefined> {
  return getDatabase()
    .db.selectFrom('retry_run')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function countRetryRunItems(input: { runId: string }): Promise<RetryRunCounts> {
  const rows = await getDatabase()
    .db.selectFrom('retry_run_item')
    .select(['state', 'result', (eb) => eb.fn.countAll<number>().as('count')])
    .where('run_id', '=', input.runId)
    .groupBy(['state', 'result'])
    .execute();
  const counts: RetryRunCounts = {
    total: 0,
    remaining: 0,
    succeeded: 0,
    failed: 0,
    conflict: 0,
    unknown: 0,
    skipped: 0,
  };
  for (const row of rows) {
    const count = Number(row.count);
    counts.total += count;
    if (row.state !== 'done') counts.remaining += count;
    else if (row.result && row.result in counts) counts[row.result as keyof RetryRunCounts] += count;
  }
  return counts;
}

/**
 * Claims a going run for this instance until `leaseUntil`: one whose claim has lapsed, or
 * that it already holds. Answers the run, or undefined when there is none to claim. The claim
 * is a compare-and-set, so of several instances exactly one gets it.
 */
export async function claimRetryRun(input: {
  owner: string;
  now: number;
  leaseUntil: number;
}): Promise<RetryRunRecord | undefined> {
  const { db } = getDatabase();
  const candidate = await db
    .selectFrom('retry_run')
    .select(['id', 'lease_owner', 'lease_until'])
    .where('state', 'in', ACTIVE)
    .where((eb) =>
      eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', input.now), eb('lease_owner', '=', input.owner)]),
    )
    .orderBy('created_at')
    .executeTakeFirst();
  if (!candidate) return undefined;
  const claimed = await db
    .updateTable('retry_run')
    .set({ lease_owner: input.owner, lease_until: input.leaseUntil })
    .where('id', '=', candidate.id)
    .where((eb) =>
      candidate.lease_until === null
        ? eb('lease_until', 'is', null)
        : eb.and([eb('lease_until', '=', candidate.lease_until), eb('lease_owner', '=', candidate.lease_owner)]),
    )
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) return undefined;
  return findRetryRun({ id: candidate.id });
}

/** Extends this instance's claim; false when it no longer holds the run. */
export async function renewRetryRunLease(input: {
  runId: string;
  owner: string;
  leaseUntil: number;
}): Promise<boolean> {
  const result = await getDatabase()
    .db.updateTable('retry_run')
    .set({ lease_until: input.leaseUntil })
    .where('id', '=', input.runId)
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The run's next attempt to retry: one claimed but not finished first (a resumed run), then the next pending. */
export async function nextRetryRunItem(input: { runId: string }): Promise<RetryRunItemRecord | undefined> {
  return getDatabase()
    .db.selectFrom('retry_run_item')
    .selectAll()
    .where('run_id', '=', input.runId)
    .where('state', '<>', 'done')
    .orderBy('position')
    .executeTakeFirst();
}

/**
 * Claims an item for its next try (pending → sending), naming the try's attempt before anything
 * is sent: the first try's is `<run>.<position>`, a later one's `<run>.<position>.<try>`.
 * Answers the attempt id, or undefined if the item was not pending.
 */
export async function claimRetryRunItem(input: {
  runId: string;
  position: number;
  tries: number;
}): Promise<string | undefined> {
  const nextTry = input.tries + 1;
  const retryAttemptId = retryAttemptIdOf({ runId: input.runId, position: input.position, attempt: nextTry });
  const result = await getDatabase()
    .db.updateTable('retry_run_item')
    .set({ state: 'sending', retry_attempt_id: retryAttemptId, tries: nextTry })
    .where('run_id', '=', input.runId)
    .where('position', '=', input.position)
    .where('state', '=', 'pending')
    .where('tries', '=', input.tries)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? retryAttemptId : undefined;
}

/** The id of an item's retry attempt for its `attempt`-th try. */
export function retryAttemptIdOf(input: { runId: string; position: number; attempt: number }): string {
  const first = `${input.runId}.${input.position}`;
  return input.attempt <= 1 ? first : `${first}.${input.attempt}`;
}

/** Gives a claimed item back, to be tried again from `nextTryAt` (null: at once), as another attempt. */
export async function releaseRetryRunItem(input: {
  runId: string;
  position: number;
  failures: number;
  nextTryAt: number | null;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('retry_run_item')
    .set({ state: 'pending', failures: input.failures, next_try_at: input.nextTryAt })
    .where('run_id', '=', input.runId)
    .where('position', '=', input.position)
    .where('state', '=', 'sending')
    .execute();
}

export async function finishRetryRunItem(input: {
  runId: string;
  position: number;
  result: 'succeeded' | 'failed' | 'conflict' | 'unknown' | 'skipped';
  resultCode: string | null;
  at: number;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('retry_run_item')
    .set({ state: 'done', result: input.result, result_code: input.resultCode, finished_at: input.at })
    .where('run_id', '=', input.runId)
    .where('position', '=', input.position)
    .where('state', '<>', 'done')
    .execute();
}

export async function listRetryRunItems(input: { runId: string }): Promise<RetryRunItemRecord[]> {
  return getDatabase()
    .db.selectFrom('retry_run_item')
    .selectAll()
    .where('run_id', '=', input.runId)
    .orderBy('position')
    .execute();
}

/** Asks a going run to stop; the instance processing it stops after the retry in hand. */
export async function requestRetryRunStop(input: { runId: string; by: string }): Promise<boolean> {
  const result = await getDatabase()
    .db.updateTable('retry_run')
    .set({ state: 'stopping', stopped_by: input.by })
    .where('id', '=', input.runId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Says why a run waits (or clears it), and until when nothing is sent. */
export async function setRetryRunWait(input: {
  runId: string;
  message: string | null;
  pausedUntil: number | null;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('retry_run')
    .set({ message: input.message, paused_until: input.pausedUntil })
    .where('id', '=', input.runId)
    .execute();
}

/** Ends a run: 'finished' when every attempt had its turn, 'stopped' when a person stopped it. */
export async function endRetryRun(input: {
  runId: string;
  state: 'finished' | 'stopped';
  message: string | null;
  at: number;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('retry_run')
    .set({
      state: input.state,
      message: input.message,
      paused_until: null,
      lease_owner: null,
      lease_until: null,
      finished_at: input.at,
    })
    .where('id', '=', input.runId)
    .where('state', 'in', ACTIVE)
    .execute();
}

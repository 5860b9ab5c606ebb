import 'server-only';

import { getBudgetState } from '@/lib/attestr/budget';
import { runInBackground } from '@/lib/attestr/priority';
import {
  claimRetryRun,
  claimRetryRunItem,
  endRetryRun,
  finishRetryRunItem,
  nextRetryRunItem,
  releaseRetryRunItem,
  renewRetryRunLease,
  retryAttemptIdOf,
  setRetryRunWait,
  type RetryRunItemRecord,
  type RetryRunRecord,
} from '@/lib/db/retry-runs';
import { findAttempt } from '@/lib/db/update-attempts';
import { listUserNames } from '@/lib/db/users';
import { resolveEarlierTries } from '@/lib/audit/earlier-tries';
import type { JobContext, JobKind } from '@/lib/jobs/kind';
import type { Resolved } from '@/lib/jobs/policy';
import { decideAfterSave } from '@/lib/updates/save-error-decisions';
import { nextUtcMidnight } from '@/lib/utc-day';
import { getLogger } from '@/lib/log';
import { can } from '@/lib/shared/permissions';
import { DomainError } from '@/lib/errors/domain-error';
import { UpdateError } from '@/lib/updates/errors';
import { retryAttempt } from '@/lib/updates/retry';

/**
 * A "Retry all" run's items as a kind of job. A run is claimed whole (a lease on the run, a
 * compare-and-set, renewed while a retry is sent) so that its attempts are retried one at a
 * time, in order, by one instance; each item is claimed with its try's attempt id before
 * anything is sent, so that a run resumed after a crash never sends a retry twice.
 */

type ItemResult = Parameters<typeof finishRetryRunItem>[0]['result'];

interface RetryWork {
  run: RetryRunRecord;
  item: RetryRunItemRecord;
  retryAttemptId: string;
  failures: number;
}

function resultOfOutcome(outcome: string): ItemResult {
  if (outcome === 'succeeded' || outcome === 'conflict' || outcome === 'unknown') return outcome;
  return outcome === 'refused' ? 'skipped' : 'failed';
}

/** The code an item's result keeps: Attestr's, or the console's. */
function codeOf(error: unknown): string | null {
  if (error instanceof DomainError) return error.code;
  if (!(error instanceof UpdateError)) return 'INTERNAL';
  return error.attestr ? String(error.attestr.code) : error.code;
}

/** Whether the starter may still retry: their account exists and their role still allows it. */
async function starterMayStillRetry(run: RetryRunRecord): Promise<boolean> {
  const starter = (await listUserNames({ ids: [run.created_by] })).get(run.created_by);
  return starter !== undefined && can(starter.role, 'update:retry');
}

async function end(run: RetryRunRecord, state: 'finished' | 'stopped', at: number, message: string | null = null) {
  await endRetryRun({ runId: run.id, state, message, at });
  if (message === null) getLogger().info({ event: `retry_run.${state}`, runId: run.id }, `retry run ${state}`);
}

/**
 * The next item of a claimed run that may be sent, once the run is checked: 'ended' when the run
 * was ended here (stopped, or nothing left), 'held' when it waits (a limit, a pause).
 */
async function nextItemToSend(run: RetryRunRecord, now: number): Promise<RetryRunItemRecord | 'ended' | 'held'> {
  const waiting = run.paused_until !== null && Number(run.paused_until) > now;
  // A person's Stop holds even while the run waits out a limit.
  if (run.state === 'stopping' && waiting) {
    await end(run, 'stopped', now);
    return 'ended';
  }
  if (waiting) return 'held';
  if (run.paused_until !== null) await setRetryRunWait({ runId: run.id, message: null, pausedUntil: null });
  const item = await nextRetryRunItem({ runId: run.id });
  if (!item) {
    await end(run, 'finished', now);
    return 'ended';
  }
  if (run.state === 'stopping') {
    await end(run, 'stopped', now);
    return 'ended';
  }
  if (!(await starterMayStillRetry(run))) {
    await end(run, 'stopped', now, 'Stopped: the person who started it may no longer retry updates.');
    return 'ended';
  }
  // A daily limit holds background calls until the next UTC day: the run says so and waits,
  // rather than sleeping inside a call where a person's Stop could not reach it.
  const budget = await getBudgetState();
  if (budget.reason === 'daily' && budget.pausedUntil !== null) {
    await setRetryRunWait({ runId: run.id, message: budget.message, pausedUntil: budget.pausedUntil });
    return 'held';
  }
  return item;
}

/**
 * An item claimed before the process stopped: if the retry was recorded, its outcome stands and
 * nothing is sent again ('settled'); if it is still pending, the interrupted-save sweep settles
 * it first.
 */
async function resumeSendingItem(
  ctx: JobContext,
  run: RetryRunRecord,
  item: RetryRunItemRecord,
): Promise<RetryWork | undefined | 'settled'> {
  const retryAttemptId =
    item.retry_attempt_id ?? retryAttemptIdOf({ runId: run.id, position: item.position, attempt: 1 });
  const earlier = await findAttempt({ id: retryAttemptId });
  if (earlier?.outcome === 'pending') return undefined;
  if (earlier) {
    await finishRetryRunItem({
      runId: run.id,
      position: item.position,
      result: resultOfOutcome(earlier.outcome),
      resultCode: earlier.errorCode,
      at: ctx.now(),
    });
    return 'settled';
  }
  return { run, item, retryAttemptId, failures: item.failures };
}

/** Claims an item to send, with its try's attempt id; 'settled' when it needed no sending. */
async function claimItem(
  ctx: JobContext,
  run: RetryRunRecord,
  item: RetryRunItemRecord,
  now: number,
): Promise<RetryWork | undefined | 'settled'> {
  // Items go in order: one waiting out a back-off holds the run.
  if (item.next_try_at !== null && Number(item.next_try_at) > now) return undefined;
  if (item.state === 'sending') return resumeSendingItem(ctx, run, item);
  const retryAttemptId = await claimRetryRunItem({ runId: run.id, position: item.position, tries: item.tries });
  if (!retryAttemptId) return undefined;
  return { run, item: { ...item, tries: item.tries + 1 }, retryAttemptId, failures: item.failures };
}

/** Claims the next run with an item to send now, ending on the way the runs that are done. */
async function claimRetryWork(ctx: JobContext): Promise<RetryWork | undefined> {
  for (;;) {
    const now = ctx.now();
    const run = await claimRetryRun({ owner: ctx.owner, now, leaseUntil: ctx.claimUntil() });
    if (!run) return undefined;
    const item = await nextItemToSend(run, now);
    if (item === 'ended') continue;
    if (item === 'held') return undefined;
    const work = await claimItem(ctx, run, item, now);
    if (work !== 'settled') return work;
  }
}

async function renewRetryRun(ctx: JobContext, { run }: RetryWork): Promise<void> {
  await renewRetryRunLease({ runId: run.id, owner: ctx.owner, leaseUntil: ctx.claimUntil() });
}

/** Sends the retry in the background lane, records it, and marks the item's earlier tries as saved by it. */
async function sendRetry(ctx: JobContext, { run, item, retryAttemptId }: RetryWork): Promise<void> {
  await runInBackground(() =>
    retryAttempt({
      actor: { userId: run.created_by, role: run.created_by_role },
      attemptId: item.attempt_id,
      retryAttemptId,
    }),
  );
  await finishRetryRunItem({
    runId: run.id,
    position: item.position,
    result: 'succeeded',
    resultCode: null,
    at: ctx.now(),
  });
  await resolveEarlierTries({
    earlier: Array.from({ length: Math.max(0, item.tries - 1) }, (_, at) =>
      retryAttemptIdOf({ runId: run.id, position: item.position, attempt: at + 1 }),
    ),
    savedAs: retryAttemptId,
    note: `Sent again by "Retry all": saved as ${retryAttemptId}.`,
    by: run.created_by,
    at: ctx.now(),
  });
}

/** A daily limit reached by a try: the item goes back untouched and the run waits for the next UTC day. */
async function waitForNextDay(ctx: JobContext, { run, item }: RetryWork, code: string): Promise<void> {
  await releaseRetryRunItem({
    runId: run.id,
    position: item.position,
    failures: item.failures,
    nextTryAt: null,
  });
  const budget = code === 'ATTESTR_BUDGET_WAIT' ? await getBudgetState() : null;
  await setRetryRunWait({
    runId: run.id,
    message:
      budget?.message ??
      'Attestr’s daily limit for this account is used up. The run goes on by itself after midnight UTC.',
    pausedUntil: budget?.pausedUntil ?? nextUtcMidnight(ctx.now()),
  });
}

/** Records what a failed try came to: the item's result, a later try, or the run's wait. */
async function recordRetryOutcome(ctx: JobContext, work: RetryWork, outcome: Resolved, cause: unknown): Promise<void> {
  const { run, item } = work;
  const finish = (result: ItemResult, resultCode: string | null) =>
    finishRetryRunItem({ runId: run.id, position: item.position, result, resultCode, at: ctx.now() });
  switch (outcome.kind) {
    case 'settle':
      await finish(
        outcome.reason === 'conflict' ? 'conflict' : outcome.reason === 'failed' ? 'failed' : 'skipped',
        codeOf(cause),
      );
      return;
    case 'check':
      // The retry's outcome is unknown: it is in the updates inbox, to be checked there.
      await finish('unknown', codeOf(cause));
      return;
    case 'account':
    case 'given_up':
      await finish('failed', codeOf(cause));
      return;
    case 'again':
      await releaseRetryRunItem({
        runId: run.id,
        position: item.position,
        failures: outcome.failures,
        nextTryAt: outcome.nextTryAt,
      });
      return;
    case 'daily':
      await waitForNextDay(ctx, work, outcome.code);
      return;
  }
}

export function retryAllJobs(): JobKind<RetryWork> {
  return {
    name: 'retry-all',
    scope: 'shared',
    decide: decideAfterSave,
    claim: claimRetryWork,
    renew: renewRetryRun,
    run: sendRetry,
    onOutcome: recordRetryOutcome,
  };
}

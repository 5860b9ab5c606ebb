import 'server-only';

import { randomUUID } from 'node:crypto';

import { getBudgetState } from '@/lib/attestr/budget';
import { runInBackground } from '@/lib/attestr/priority';
import {
  claimRetryRun,
  claimRetryRunItem,
  countRetryRunItems,
  createRetryRun,
  endRetryRun,
  findActiveRetryRun,
  findLatestRetryRun,
  findRetryRun,
  finishRetryRunItem,
  nextRetryRunItem,
  renewRetryRunLease,
  requestRetryRunStop,
  setRetryRunWait,
  type RetryRunCounts,
  type RetryRunItemRecord,
  type RetryRunRecord,
} from '@/lib/db/retry-runs';
import type { RetryRunState } from '@/lib/db/schema';
import { findAttempt, listRetryableAttemptIds } from '@/lib/db/update-attempts';
import { listUserNames } from '@/lib/db/users';
import { getLogger } from '@/lib/log';
import { can } from '@/lib/shared/permissions';
import { timeOrderedId } from '@/lib/db/time-ordered-id';
import { UpdateError } from '@/lib/updates/errors';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { retryAttempt } from '@/lib/updates/retry';
import { attemptScope } from '@/lib/audit/scope';
import type { Actor } from '@/lib/updates/save';

/** At most this many failures are taken into one run; a person starts another for the rest. */
export const RETRY_RUN_MAX_ATTEMPTS = 10_000;
/** How long an instance's claim on a run lasts unless renewed (after every retry). */
const LEASE_MS = 30_000;
const DAILY_CODES = new Set(['4293', '4294']);

export interface RetryRunView {
  id: string;
  state: RetryRunState;
  startedBy: { id: string; name: string | null };
  startedAt: number;
  finishedAt: number | null;
  filter: InboxFilter;
  counts: RetryRunCounts;
  /** Why it waits, or how it ended, in plain words. */
  message: string | null;
  pausedUntil: number | null;
}

async function viewOf(run: RetryRunRecord): Promise<RetryRunView> {
  const [counts, names] = await Promise.all([
    countRetryRunItems({ runId: run.id }),
    listUserNames({ ids: [run.created_by] }),
  ]);
  return {
    id: run.id,
    state: run.state,
    startedBy: { id: run.created_by, name: names.get(run.created_by)?.name ?? null },
    startedAt: Number(run.created_at),
    finishedAt: run.finished_at === null ? null : Number(run.finished_at),
    filter: JSON.parse(run.filter) as InboxFilter,
    counts,
    message: run.message,
    pausedUntil: run.paused_until === null ? null : Number(run.paused_until),
  };
}

function mayRetry(actor: Actor): void {
  if (!can(actor.role, 'update:retry')) throw new UpdateError({ kind: 'refused', code: 'FORBIDDEN' });
}

/**
 * Starts a "Retry all" run over the open, retryable failures the filters show, taken as they
 * are now (in the order they failed). Nothing is sent here: the runner of one server
 * instance sends them in the background, within the shared Attestr budget.
 */
export async function startRetryAll(input: { actor: Actor; filter: InboxFilter }): Promise<RetryRunView> {
  mayRetry(input.actor);
  const scope = attemptScope(input.actor);
  if (!scope) throw new UpdateError({ kind: 'refused', code: 'FORBIDDEN' });
  const attemptIds = await listRetryableAttemptIds({
    filter: input.filter,
    ...scope,
    limit: RETRY_RUN_MAX_ATTEMPTS,
  });
  if (attemptIds.length === 0) throw new UpdateError({ kind: 'refused', code: 'NOTHING_TO_RETRY' });
  if (await findActiveRetryRun()) throw new UpdateError({ kind: 'refused', code: 'RETRY_RUN_ACTIVE' });
  const id = timeOrderedId();
  await createRetryRun({
    id,
    createdBy: input.actor.userId,
    createdByRole: input.actor.role,
    filter: input.filter,
    attemptIds,
    at: Date.now(),
  });
  getLogger().info({ event: 'retry_run.started', runId: id, count: attemptIds.length }, 'retry run started');
  wakeRunner();
  return viewOf((await findRetryRun({ id })) as RetryRunRecord);
}

/** Asks a run to stop: the retry in hand finishes, nothing more is sent. */
export async function stopRetryRun(input: { actor: Actor; runId: string }): Promise<RetryRunView> {
  mayRetry(input.actor);
  const run = await findRetryRun({ id: input.runId });
  if (!run) throw new UpdateError({ kind: 'not_found', code: 'RETRY_RUN_NOT_FOUND' });
  await requestRetryRunStop({ runId: run.id, by: input.actor.userId });
  wakeRunner();
  return viewOf((await findRetryRun({ id: run.id })) as RetryRunRecord);
}

export async function getRetryRun(input: { runId: string }): Promise<RetryRunView> {
  const run = await findRetryRun({ id: input.runId });
  if (!run) throw new UpdateError({ kind: 'not_found', code: 'RETRY_RUN_NOT_FOUND' });
  return viewOf(run);
}

/** The run going now, or else the latest one, for the updates page. */
export async function getCurrentRetryRun(): Promise<RetryRunView | null> {
  const run = (await findActiveRetryRun()) ?? (await findLatestRetryRun());
  return run ? viewOf(run) : null;
}

type ItemResult = Parameters<typeof finishRetryRunItem>[0]['result'];

function resultOfOutcome(outcome: string): ItemResult {
  if (outcome === 'succeeded' || outcome === 'conflict' || outcome === 'unknown') return outcome;
  return outcome === 'refused' ? 'skipped' : 'failed';
}

function nextUtcMidnight(now: number): number {
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

/** What one retry came to: the item's result, and whether the run must wait before the next. */
async function retryOne(
  run: RetryRunRecord,
  item: RetryRunItemRecord,
): Promise<{ result: ItemResult; code: string | null } | 'wait'> {
  const retryAttemptId = item.retry_attempt_id ?? `${run.id}.${item.position}`;
  if (item.state === 'sending') {
    // Claimed before the process stopped: if the retry was recorded, its outcome stands and
    // nothing is sent again; if it is still pending, the recovery sweep settles it first.
    const earlier = await findAttempt({ id: retryAttemptId });
    if (earlier?.outcome === 'pending') return 'wait';
    if (earlier) return { result: resultOfOutcome(earlier.outcome), code: earlier.errorCode };
  } else if (!(await claimRetryRunItem({ runId: run.id, position: item.position, retryAttemptId }))) {
    return 'wait';
  }
  try {
    await runInBackground(() =>
      retryAttempt({
        actor: { userId: run.created_by, role: run.created_by_role },
        attemptId: item.attempt_id,
        retryAttemptId,
      }),
    );
    return { result: 'succeeded', code: null };
  } catch (error) {
    if (!(error instanceof UpdateError)) throw error;
    const code = error.attestr ? String(error.attestr.code) : error.code;
    if (error.kind === 'conflict') return { result: 'conflict', code };
    if (error.kind === 'unknown') return { result: 'unknown', code };
    if (error.kind === 'failed') return { result: 'failed', code };
    if (error.kind === 'in_progress') return 'wait';
    return { result: 'skipped', code };
  }
}

/** Whether the starter may still retry: their account exists and their role still allows it. */
async function starterMayStillRetry(run: RetryRunRecord): Promise<boolean> {
  const starter = (await listUserNames({ ids: [run.created_by] })).get(run.created_by);
  return starter !== undefined && can(starter.role, 'update:retry');
}

/**
 * Works on the runs this instance can claim until none is left to do now: each run's attempts
 * are retried one at a time, in order, each claimed before it is sent so that a run resumed
 * after a crash never sends a retry twice. Answers 'ended' when a run ended (another may be
 * waiting), 'idle' when there is nothing to do now.
 */
export async function workOnRetryRuns(input: { owner: string; now?: () => number }): Promise<'ended' | 'idle'> {
  const now = input.now ?? Date.now;
  const run = await claimRetryRun({ owner: input.owner, now: now(), leaseUntil: now() + LEASE_MS });
  if (!run) return 'idle';
  // A person's Stop holds even while the run waits out a limit.
  if (run.state === 'stopping') {
    await endRetryRun({ runId: run.id, state: 'stopped', message: null, at: now() });
    return 'ended';
  }
  if (run.paused_until !== null && Number(run.paused_until) > now()) return 'idle';
  if (run.paused_until !== null) await setRetryRunWait({ runId: run.id, message: null, pausedUntil: null });

  for (;;) {
    const current = await findRetryRun({ id: run.id });
    if (!current || (current.state !== 'running' && current.state !== 'stopping')) return 'ended';
    if (current.lease_owner !== input.owner) return 'idle';
    const item = await nextRetryRunItem({ runId: run.id });
    if (!item) {
      await endRetryRun({ runId: run.id, state: 'finished', message: null, at: now() });
      getLogger().info({ event: 'retry_run.finished', runId: run.id }, 'retry run finished');
      return 'ended';
    }
    if (current.state === 'stopping') {
      await endRetryRun({ runId: run.id, state: 'stopped', message: null, at: now() });
      getLogger().info({ event: 'retry_run.stopped', runId: run.id }, 'retry run stopped');
      return 'ended';
    }
    if (!(await starterMayStillRetry(current))) {
      await endRetryRun({
        runId: run.id,
        state: 'stopped',
        message: 'Stopped: the person who started it may no longer retry updates.',
        at: now(),
      });
      return 'ended';
    }
    // A daily limit holds background calls until the next UTC day: the run says so and waits,
    // rather than sleeping inside a call where a person's Stop could not reach it.
    const budget = await getBudgetState();
    if (budget.reason === 'daily' && budget.pausedUntil !== null) {
      await setRetryRunWait({ runId: run.id, message: budget.message, pausedUntil: budget.pausedUntil });
      return 'idle';
    }
    const outcome = await retryOne(current, item);
    if (outcome === 'wait') return 'idle';
    await finishRetryRunItem({
      runId: run.id,
      position: item.position,
      result: outcome.result,
      resultCode: outcome.code,
      at: now(),
    });
    if (outcome.code !== null && DAILY_CODES.has(outcome.code)) {
      const until = nextUtcMidnight(now());
      await setRetryRunWait({
        runId: run.id,
        message: 'Attestr’s daily limit for this account is used up. The run goes on by itself after midnight UTC.',
        pausedUntil: until,
      });
      return 'idle';
    }
    if (!(await renewRetryRunLease({ runId: run.id, owner: input.owner, leaseUntil: now() + LEASE_MS }))) return 'idle';
  }
}

const holder = globalThis as typeof globalThis & {
  __retryRunner?: { wake: () => void; stop: () => void };
};

/** Nudges this process's runner to look for work now rather than at its next tick. */
function wakeRunner(): void {
  holder.__retryRunner?.wake();
}

/**
 * Starts this process's runner: it looks for a run to work on every few seconds (and at once
 * when one is started or stopped here). One per process; on PostgreSQL every instance runs
 * one and a lease gives each run to exactly one of them.
 */
export function startRetryRunner(input: { everyMs?: number } = {}): () => void {
  if (holder.__retryRunner) return holder.__retryRunner.stop;
  const owner = randomUUID();
  let working = false;
  let again = false;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (working) {
      again = true;
      return;
    }
    working = true;
    try {
      do {
        again = false;
        // A run that ended may leave another waiting: look again until there is nothing to do.
        while (!stopped && (await workOnRetryRuns({ owner })) === 'ended');
      } while (again && !stopped);
    } catch (error) {
      getLogger().error({ event: 'retry_run.failed', err: String(error) }, 'the retry runner hit an error');
    } finally {
      working = false;
    }
  };
  const timer = setInterval(() => void tick(), input.everyMs ?? 3_000);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    delete holder.__retryRunner;
  };
  holder.__retryRunner = { wake: () => void tick(), stop };
  return stop;
}

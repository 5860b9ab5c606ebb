import 'server-only';

import {
  countRetryRunItems,
  createRetryRun,
  findActiveRetryRun,
  findLatestRetryRun,
  findRetryRun,
  requestRetryRunStop,
  type RetryRunCounts,
  type RetryRunRecord,
} from '@/lib/db/retry-runs';
import type { RetryRunState } from '@/lib/db/schema';
import { listRetryableAttemptIds } from '@/lib/db/update-attempts';
import { listUserNames } from '@/lib/db/users';
import { wakeJobs } from '@/lib/jobs/wake';
import { getLogger } from '@/lib/log';
import { can } from '@/lib/shared/permissions';
import { timeOrderedId } from '@/lib/db/time-ordered-id';
import { DomainError } from '@/lib/errors/domain-error';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { attemptScope } from '@/lib/audit/scope';
import type { Actor } from '@/lib/updates/save';

/** At most this many failures are taken into one run; a person starts another for the rest. */
export const RETRY_RUN_MAX_ATTEMPTS = 10_000;

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
  if (!can(actor.role, 'update:retry')) throw new DomainError('forbidden', 'FORBIDDEN');
}

/**
 * Starts a "Retry all" run over the open, retryable failures the filters show, taken as they
 * are now (in the order they failed). Nothing is sent here: the jobs loop of one server
 * instance sends them in the background (lib/updates/retry-all-jobs.ts), within the shared Attestr budget.
 */
export async function startRetryAll(input: { actor: Actor; filter: InboxFilter }): Promise<RetryRunView> {
  mayRetry(input.actor);
  const scope = attemptScope(input.actor);
  if (!scope) throw new DomainError('forbidden', 'FORBIDDEN');
  const attemptIds = await listRetryableAttemptIds({
    filter: input.filter,
    ...scope,
    limit: RETRY_RUN_MAX_ATTEMPTS,
  });
  if (attemptIds.length === 0) throw new DomainError('invalid_state', 'NOTHING_TO_RETRY');
  if (await findActiveRetryRun()) throw new DomainError('conflict', 'RETRY_RUN_ACTIVE');
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
  wakeJobs('retry-all');
  return viewOf((await findRetryRun({ id })) as RetryRunRecord);
}

/** Asks a run to stop: the retry in hand finishes, nothing more is sent. */
export async function stopRetryRun(input: { actor: Actor; runId: string }): Promise<RetryRunView> {
  mayRetry(input.actor);
  const run = await findRetryRun({ id: input.runId });
  if (!run) throw new DomainError('not_found', 'RETRY_RUN_NOT_FOUND');
  await requestRetryRunStop({ runId: run.id, by: input.actor.userId });
  wakeJobs('retry-all');
  return viewOf((await findRetryRun({ id: run.id })) as RetryRunRecord);
}

export async function getRetryRun(input: { runId: string }): Promise<RetryRunView> {
  const run = await findRetryRun({ id: input.runId });
  if (!run) throw new DomainError('not_found', 'RETRY_RUN_NOT_FOUND');
  return viewOf(run);
}

/** The run going now, or else the latest one, for the updates page. */
export async function getCurrentRetryRun(): Promise<RetryRunView | null> {
  const run = (await findActiveRetryRun()) ?? (await findLatestRetryRun());
  return run ? viewOf(run) : null;
}

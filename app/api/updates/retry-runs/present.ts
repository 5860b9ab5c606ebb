import type { RetryRunBody } from '@/lib/api/types';
import type { RetryRunView } from '@/lib/updates/retry-run';

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

export function retryRunBody(run: RetryRunView): RetryRunBody {
  return {
    id: run.id,
    state: run.state,
    startedBy: run.startedBy,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: iso(run.finishedAt),
    filter: run.filter,
    counts: run.counts,
    message: run.message,
    pausedUntil: iso(run.pausedUntil),
  };
}

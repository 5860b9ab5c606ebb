'use client';

import { useInfiniteQuery, type InfiniteData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ColumnMapping } from '@/lib/bulk/rows';
import type { BulkEstimate, BulkJobView, BulkRowGroup, BulkRowView } from '@/lib/shared/bulk-types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

type JobAnswer = { job: BulkJobView };
type RowsAnswer = { rows: BulkRowView[]; next: number | null };

export type BulkJobAction = 'pause' | 'resume' | 'cancel' | 'start' | 'retry-failed';

const jobPath = (jobId: string) => `/api/bulk/jobs/${encodeURIComponent(jobId)}`;
const jobKey = (jobId: string) => ['bulk-job', jobId] as const;
const rowsKey = (jobId: string) => ['bulk-rows', jobId] as const;

/**
 * How often a job is asked for again: every second while it moves, now and then while it
 * waits, and no more once it ended (a line still being sent when it was cancelled is waited for).
 */
export function bulkJobPollInterval(job: Pick<BulkJobView, 'state' | 'counts'> | undefined): number | false {
  switch (job?.state) {
    case 'queued':
    case 'running':
    case 'dry_run':
      return 1_000;
    case 'paused':
    case 'checked':
      return 5_000;
    case 'finished':
    case 'cancelled':
      return job.counts.remaining > 0 ? 1_000 : false;
    default:
      return false;
  }
}

export function useBulkJobQuery(initial: BulkJobView) {
  return useQuery<JobAnswer, ApiRequestError>({
    queryKey: jobKey(initial.id),
    queryFn: () => callApi<JobAnswer>(jobPath(initial.id)),
    initialData: { job: initial },
    refetchInterval: (query) => bulkJobPollInterval(query.state.data?.job),
  });
}

/** A job's lines of one group, page by page; refreshed while the job moves. */
export function useBulkRowsQuery(input: {
  jobId: string;
  group: BulkRowGroup;
  refetchInterval: number | false;
  initial?: RowsAnswer;
}) {
  return useInfiniteQuery<RowsAnswer, ApiRequestError, InfiniteData<RowsAnswer>, readonly unknown[], number | null>({
    queryKey: [...rowsKey(input.jobId), input.group],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ group: input.group, limit: '100' });
      if (pageParam !== null) query.set('after', String(pageParam));
      return callApi<RowsAnswer>(`${jobPath(input.jobId)}/rows?${query}`);
    },
    initialPageParam: null,
    getNextPageParam: (last) => last.next,
    initialData: input.initial ? { pages: [input.initial], pageParams: [null] } : undefined,
    refetchInterval: input.refetchInterval,
  });
}

/** What starting `lines` lines (or a dry run of them) would ask of Attestr, as the server counts it. */
export function useBulkEstimateQuery(input: { lines: number; dryRun: boolean; enabled: boolean }) {
  return useQuery<{ estimate: BulkEstimate }, ApiRequestError>({
    queryKey: ['bulk-estimate', input.lines, input.dryRun],
    queryFn: () =>
      callApi<{ estimate: BulkEstimate }>(
        `/api/bulk/estimate?${new URLSearchParams({ lines: String(input.lines), dryRun: String(input.dryRun) })}`,
      ),
    enabled: input.enabled && input.lines > 0,
    staleTime: 0,
  });
}

/** Pause, resume, cancel, start after a dry run, or send the failed lines again (a new job). */
export function useBulkJobAction(jobId: string) {
  const client = useQueryClient();
  return useMutation<JobAnswer, ApiRequestError, BulkJobAction>({
    mutationFn: (action) => callApi<JobAnswer>(`${jobPath(jobId)}/${action}`, { method: 'POST' }),
    onSuccess: (answer, action) => {
      if (action === 'retry-failed') return;
      client.setQueryData(jobKey(jobId), answer);
      void client.invalidateQueries({ queryKey: rowsKey(jobId) });
    },
  });
}

export interface NewBulkJob {
  fileName: string;
  csv: string;
  mapping: ColumnMapping;
  dryRun: boolean;
}

export function useCreateBulkJob() {
  return useMutation<JobAnswer, ApiRequestError, NewBulkJob>({
    mutationFn: (body) => callApi<JobAnswer>('/api/bulk/jobs', { method: 'POST', body }),
  });
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { RetryRunBody } from '@/lib/shared/api-types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

type RunAnswer = { run: RetryRunBody };
const runKey = ['retry-run'] as const;
const isGoing = (run: RetryRunBody | null | undefined) => run?.state === 'running' || run?.state === 'stopping';

/** The run going now (or the latest), refreshed every second while it goes. */
export function useRetryRunQuery(initial: RetryRunBody | null) {
  return useQuery<{ run: RetryRunBody | null }, ApiRequestError>({
    queryKey: runKey,
    queryFn: () => callApi<{ run: RetryRunBody | null }>('/api/updates/retry-runs'),
    initialData: { run: initial },
    refetchInterval: (query) => (isGoing(query.state.data?.run) ? 1_000 : false),
  });
}

export function useStartRetryRun() {
  const client = useQueryClient();
  return useMutation<RunAnswer, ApiRequestError, Record<string, string>>({
    mutationFn: (filter) => callApi<RunAnswer>('/api/updates/retry-runs', { method: 'POST', body: { filter } }),
    onSuccess: (answer) => client.setQueryData(runKey, answer),
  });
}

export function useStopRetryRun() {
  const client = useQueryClient();
  return useMutation<RunAnswer, ApiRequestError, string>({
    mutationFn: (runId) =>
      callApi<RunAnswer>(`/api/updates/retry-runs/${encodeURIComponent(runId)}/stop`, { method: 'POST' }),
    onSuccess: (answer) => client.setQueryData(runKey, answer),
  });
}

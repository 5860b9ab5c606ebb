'use client';

import { useMutation, useQuery } from '@tanstack/react-query';

import type {
  BulkFailureLinesResponse,
  CheckAttemptResponse,
  ResolveAttemptResponse,
  ResolveManyResponse,
  RetryAttemptResponse,
} from '@/lib/shared/api-types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

const updatePath = (attemptId: string, action: 'retry' | 'check' | 'resolve') =>
  `/api/updates/${encodeURIComponent(attemptId)}/${action}`;

/** Sends an update again; `retryAttemptId` is the new attempt's id, the same for a resend of one press. */
export function useRetryAttempt(attemptId: string) {
  return useMutation<RetryAttemptResponse, ApiRequestError, { retryAttemptId: string }>({
    mutationFn: (input) => callApi(updatePath(attemptId, 'retry'), { method: 'POST', body: input }),
  });
}

/** Reads the profile at Attestr and settles an update whose outcome is unknown; sends nothing. */
export function useCheckAttempt(attemptId: string) {
  return useMutation<CheckAttemptResponse, ApiRequestError, void>({
    mutationFn: () => callApi(updatePath(attemptId, 'check'), { method: 'POST' }),
  });
}

/** Resolves an update without sending it: with a note, or as one that cannot change. */
export function useResolveAttempt(attemptId: string) {
  return useMutation<ResolveAttemptResponse, ApiRequestError, { note: string; kind: 'resolved' | 'cannot_change' }>({
    mutationFn: (input) => callApi(updatePath(attemptId, 'resolve'), { method: 'POST', body: input }),
  });
}

/** What "Resolve selected" or "Resolve all" sends: the ticked updates, or the page's filter as counted at `upTo`. */
export type ResolveManyInput =
  { attemptIds: string[]; note: string } | { filter: Record<string, string>; upTo: number; note: string };

/**
 * Resolves many updates with one note. "Resolve all" is answered a share at a time (`remaining`
 * says what is left), so this calls again until the filter's open failures are all dealt with,
 * and answers the sums.
 */
export function useResolveMany() {
  return useMutation<ResolveManyResponse, ApiRequestError, ResolveManyInput>({
    mutationFn: async (input) => {
      const total: ResolveManyResponse = { resolved: 0, skipped: 0, remaining: 0 };
      for (;;) {
        const answer = await callApi<ResolveManyResponse>('/api/updates/resolutions', { method: 'POST', body: input });
        total.resolved += answer.resolved;
        total.skipped += answer.skipped;
        total.remaining = answer.remaining;
        if (answer.remaining === 0 || answer.resolved + answer.skipped === 0) return total;
      }
    },
  });
}

/** A bulk job's failed lines under the updates page's filter (the newest of them), read when its row opens. */
export function useBulkFailureLines(input: { jobId: string; filterQuery: string; enabled: boolean }) {
  return useQuery<BulkFailureLinesResponse, ApiRequestError>({
    queryKey: ['bulk-failures', input.jobId, input.filterQuery],
    queryFn: () =>
      callApi<BulkFailureLinesResponse>(
        `/api/updates/bulk-jobs/${encodeURIComponent(input.jobId)}${input.filterQuery ? `?${input.filterQuery}` : ''}`,
      ),
    enabled: input.enabled,
  });
}

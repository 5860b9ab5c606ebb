'use client';

import { useMutation } from '@tanstack/react-query';

import type { CheckAttemptResponse, ResolveAttemptResponse, RetryAttemptResponse } from '@/lib/shared/api-types';
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

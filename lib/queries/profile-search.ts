'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';

import type { ProfileSearchResponse } from '@/lib/shared/api-types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

/** Searches start at this many characters: one letter matches too much to be useful. */
export const SEARCH_MIN_LENGTH = 2;

/** "Find a profile": the console's index, and Attestr for an id it has not seen. */
export function useProfileSearch(query: string) {
  const q = query.trim();
  return useQuery<ProfileSearchResponse, ApiRequestError>({
    queryKey: ['profile-search', q],
    // A POST: what people type (emails, mobiles) stays out of addresses and logs.
    queryFn: () => callApi<ProfileSearchResponse>('/api/profiles/search', { method: 'POST', body: { q } }),
    enabled: q.length >= SEARCH_MIN_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

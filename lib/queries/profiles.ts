'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { GetProfileResponse, UpdateProfileResponse } from '@/lib/api/types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';
import type { ProfileFields } from '@/lib/profiles/schema';

export const profileQueryKey = (profileId: string) => ['profile', profileId] as const;

const profilePath = (profileId: string) => `/api/profiles/${encodeURIComponent(profileId)}`;

export function useProfileQuery(profileId: string, initialData: GetProfileResponse) {
  return useQuery<GetProfileResponse, ApiRequestError>({
    queryKey: profileQueryKey(profileId),
    queryFn: () => callApi<GetProfileResponse>(profilePath(profileId)),
    initialData,
  });
}

/**
 * Saves a profile. The cached profile is updated by `applySaved`, which the form calls once it
 * has reset itself to the saved values, so the refresh never races the form's own reset.
 */
export function useUpdateProfile(profileId: string) {
  const queryClient = useQueryClient();
  const mutation = useMutation<UpdateProfileResponse, ApiRequestError, ProfileFields>({
    mutationFn: (values) => callApi<UpdateProfileResponse>(profilePath(profileId), { method: 'PUT', body: values }),
  });
  const applySaved = (result: UpdateProfileResponse) =>
    queryClient.setQueryData<GetProfileResponse>(profileQueryKey(profileId), (previous) =>
      previous
        ? { ...previous, profile: { ...previous.profile, ...result.profile, updated: Date.parse(result.savedAt) } }
        : previous,
    );
  return { ...mutation, applySaved };
}

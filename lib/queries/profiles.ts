'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';

import type { GetProfileResponse, UpdateProfileResponse } from '@/lib/api/types';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';
import type { ProfileField, ProfileFields } from '@/lib/profiles/schema';

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
 * Saves a profile; the form calls `save`, then `applySaved` once it has reset itself to the
 * saved values, so the refresh of the cached profile never races the form's own reset. The
 * form's submitting state is the saving state, so no mutation object is kept (react-query's
 * would add a kilobyte to the page for nothing the form uses).
 */
export function useUpdateProfile(profileId: string) {
  const queryClient = useQueryClient();
  return {
    /** `base`: the profile's values the form started from, so the server can merge (lib/profiles/merge.ts). */
    save: (values: ProfileFields, base: Record<ProfileField, string>) =>
      callApi<UpdateProfileResponse>(profilePath(profileId), { method: 'PUT', body: { ...values, base } }),
    /** Reloads the profile after someone else changed it; the form keeps what the person typed. */
    reload: () => queryClient.invalidateQueries({ queryKey: profileQueryKey(profileId) }),
    applySaved: (result: UpdateProfileResponse) =>
      queryClient.setQueryData<GetProfileResponse>(profileQueryKey(profileId), (previous) =>
        previous
          ? { ...previous, profile: { ...previous.profile, ...result.profile, updated: Date.parse(result.savedAt) } }
          : previous,
      ),
  };
}

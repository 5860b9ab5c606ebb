'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';

import type {
  ApiProfile,
  CheckAttemptResponse,
  GetProfileResponse,
  ProfileHistoryResponse,
  UpdateProfileResponse,
} from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

export const profileQueryKey = (profileId: string) => ['profile', profileId] as const;
/** A profile's History: refetched after a save, a failed save and a check at Attestr. */
export const profileHistoryQueryKey = (profileId: string) => ['profile-history', profileId] as const;

const profilePath = (profileId: string) => `/api/profiles/${encodeURIComponent(profileId)}`;

export function useProfileHistoryQuery(profileId: string, initialData: ProfileHistoryResponse) {
  return useQuery<ProfileHistoryResponse, ApiRequestError>({
    queryKey: profileHistoryQueryKey(profileId),
    queryFn: () => callApi<ProfileHistoryResponse>(`${profilePath(profileId)}/history`),
    initialData,
    // Fresh from the page's own render; it moves when this tab saves or checks.
    staleTime: 30_000,
  });
}

export function useProfileQuery(profileId: string, initialData: GetProfileResponse) {
  return useQuery<GetProfileResponse, ApiRequestError>({
    queryKey: profileQueryKey(profileId),
    queryFn: () => callApi<GetProfileResponse>(profilePath(profileId)),
    initialData,
  });
}

/**
 * A new attempt id for a save, sent as its Idempotency-Key: the same save sent twice (a
 * network retry) gets the first outcome back instead of a second update. Made from
 * getRandomValues, which, unlike randomUUID, also exists on a console served over plain HTTP.
 */
export function newAttemptId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
    /** `base`: the values the person started from, so the server can merge (lib/updates/plan.ts). */
    save: (input: { values: ProfileValues; base: ProfileValues; reason: string; attemptId: string }) =>
      callApi<UpdateProfileResponse>(profilePath(profileId), {
        method: 'PUT',
        body: { ...input.values, base: input.base, ...(input.reason.trim() ? { reason: input.reason } : {}) },
        headers: { 'Idempotency-Key': input.attemptId },
      }),
    /** Asks the console to read the profile at Attestr and settle a save whose outcome is unknown. */
    check: (attemptId: string) =>
      callApi<CheckAttemptResponse>(`/api/updates/${encodeURIComponent(attemptId)}/check`, { method: 'POST' }),
    /** The History has a new entry or outcome: after a save (saved or not) and a check at Attestr. */
    refreshHistory: () => queryClient.invalidateQueries({ queryKey: profileHistoryQueryKey(profileId) }),
    /** Reloads the profile after someone else changed it; the form keeps what the person typed. */
    reload: () => queryClient.invalidateQueries({ queryKey: profileQueryKey(profileId) }),
    applySaved: (input: { profile: Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'>; at: string }) =>
      queryClient.setQueryData<GetProfileResponse>(profileQueryKey(profileId), (previous) =>
        previous
          ? { ...previous, profile: { ...previous.profile, ...input.profile, updated: Date.parse(input.at) } }
          : previous,
      ),
  };
}

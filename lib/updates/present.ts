import type { ApiProfile, UpdateProfileResponse } from '@/lib/api/types';
import type { ProfileValues } from '@/lib/updates/plan';
import type { SaveProfileResult } from '@/lib/updates/save';

/** A profile's basic info, as the console's API answers it, from its four values. */
export function profileSummary(input: {
  profileId: string;
  values: ProfileValues;
}): Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'> {
  const { values } = input;
  return {
    id: input.profileId,
    tag: values.tag,
    name: values.name,
    email: values.email || null,
    mobile: values.mobile || null,
  };
}

/** A confirmed save as the console's API answers it: the form's save and a retry alike. */
export function savedResponse(saved: SaveProfileResult): UpdateProfileResponse {
  return {
    attemptId: saved.attemptId,
    profile: profileSummary({ profileId: saved.profileId, values: saved.held ?? saved.sent }),
    before: saved.before,
    sent: saved.sent,
    held: saved.held,
    changed: saved.changed,
    ...(saved.changedMeanwhile.length > 0 ? { changedMeanwhile: saved.changedMeanwhile } : {}),
    ...(saved.heldDifferently.length > 0 ? { heldDifferently: saved.heldDifferently } : {}),
    savedAt: new Date(saved.savedAt).toISOString(),
    ...(saved.tracingId ? { tracingId: saved.tracingId } : {}),
    ...(saved.replayed ? { replayed: true as const } : {}),
  };
}

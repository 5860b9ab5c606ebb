/** Shapes a save's, a check's and a retry run's domain results as the console's /api answers them and its pages show them. */
import type { ApiProfile, RetryRunBody, UpdateProfileResponse } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import type { RetryRunView } from '@/lib/updates/retry-run';
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

const isoOrNull = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** A "Retry all" run as the console's API and the updates page show it. */
export function retryRunBody(run: RetryRunView): RetryRunBody {
  return {
    id: run.id,
    state: run.state,
    startedBy: run.startedBy,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: isoOrNull(run.finishedAt),
    filter: run.filter,
    counts: run.counts,
    message: run.message,
    pausedUntil: isoOrNull(run.pausedUntil),
  };
}

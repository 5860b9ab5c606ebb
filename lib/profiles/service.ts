import 'server-only';

import { ApiError } from '@/lib/api/errors';
import type { ApiProfile, UpdateProfileResponse } from '@/lib/api/types';
import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import type { SessionUser } from '@/lib/auth/session';
import { recordUpdateFinished, recordUpdateStarted } from '@/lib/db/profile-updates';
import { editableFields } from '@/lib/permissions';
import { changedFields, mergeEdits, type MergedEdits } from '@/lib/profiles/merge';
import {
  PROFILE_FIELD_LABELS,
  toFormValues,
  toWireFields,
  type ProfileField,
  type ProfileFields,
} from '@/lib/profiles/schema';

/** Reads a profile from Attestr, in the shape the console's pages and API use. */
export async function getProfile(profileId: string): Promise<{ profile: ApiProfile; tracingId?: string }> {
  const client = await getAttestrClient();
  const { tracingId, itemCount: _items, queryCount: _queries, ...profile } = await client.getProfile(profileId);
  return { profile, ...(tracingId ? { tracingId } : {}) };
}

/** Refuses a change to a field the user's role may not change. */
function assertChangesAllowed(input: { user: SessionUser; changed: readonly ProfileField[] }) {
  const editable = editableFields(input.user.role);
  const refused = input.changed.filter((field) => !editable.includes(field));
  if (refused.length > 0) {
    throw new ApiError('FIELD_NOT_ALLOWED', {
      fieldErrors: Object.fromEntries(
        refused.map((field) => [field, `Your role cannot change ${PROFILE_FIELD_LABELS[field]}`]),
      ) as Partial<Record<ProfileField, string>>,
    });
  }
}

/** How a failure is written on the update's record. */
function failureOutcome(error: unknown) {
  if (error instanceof AttestrError) {
    return { status: 'failed', source: error.source, code: String(error.code), tracingId: error.tracingId } as const;
  }
  if (error instanceof ApiError) return { status: 'failed', source: 'console', code: error.code } as const;
  return { status: 'failed', source: 'console', code: 'INTERNAL' } as const;
}

/** The sentence beside a field someone else changed to another value meanwhile. */
function conflictMessage(current: string): string {
  return current
    ? `Someone else changed this to “${current}” after you opened the profile. Save again to replace it with yours.`
    : 'Someone else emptied this after you opened the profile. Save again to replace it with yours.';
}

/**
 * Saves a person's edits. Update Profile replaces the whole basic info, so the profile is read
 * first and merged (lib/profiles/merge.ts): what someone else saved meanwhile is kept, and a
 * field both changed is refused for the person to decide. The attempt is recorded before it is
 * sent and its outcome after; one that fails before it is sent is recorded as failed.
 */
export async function updateProfile(input: {
  user: SessionUser;
  profileId: string;
  fields: ProfileFields;
  /** The profile's values when the person opened it. */
  base: Record<ProfileField, string>;
}): Promise<UpdateProfileResponse> {
  assertChangesAllowed({ user: input.user, changed: changedFields({ mine: input.fields, base: input.base }) });
  const client = await getAttestrClient();
  let merged: MergedEdits | undefined;
  let recordId: string | undefined;
  let wire = toWireFields(input.fields);
  let tracingId: string | undefined;
  try {
    const current = await client.getProfile(input.profileId);
    // An archived profile takes no update: Attestr itself says so (40038), and that is recorded.
    if (!current.archived) merged = mergeEdits({ mine: input.fields, base: input.base, current: toFormValues(current) });
    if (merged) wire = toWireFields(merged.values);
    recordId = await recordUpdateStarted({ profileId: input.profileId, userId: input.user.id, fields: wire });
    if (merged && merged.conflicts.length > 0) {
      throw new ApiError('PROFILE_CHANGED', {
        fieldErrors: Object.fromEntries(
          merged.conflicts.map(({ field, current: value }) => [field, conflictMessage(value)]),
        ) as Partial<Record<ProfileField, string>>,
      });
    }
    ({ tracingId } = await client.updateProfile({ profileId: input.profileId, fields: wire }));
  } catch (error) {
    recordId ??= await recordUpdateStarted({ profileId: input.profileId, userId: input.user.id, fields: wire });
    await recordUpdateFinished({ id: recordId, outcome: failureOutcome(error) });
    throw error;
  }
  await recordUpdateFinished({ id: recordId, outcome: { status: 'succeeded', tracingId } });
  return {
    profile: {
      id: input.profileId,
      tag: wire.tag,
      name: wire.name,
      email: wire.email ?? null,
      mobile: wire.mobile ?? null,
    },
    savedAt: new Date().toISOString(),
    ...(merged && merged.changedMeanwhile.length > 0 ? { changedMeanwhile: merged.changedMeanwhile } : {}),
    ...(tracingId ? { tracingId } : {}),
  };
}

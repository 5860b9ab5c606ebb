import 'server-only';

import { ApiError } from '@/lib/api/errors';
import type { ApiProfile, UpdateProfileResponse } from '@/lib/api/types';
import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import type { SessionUser } from '@/lib/auth/session';
import { recordUpdateFinished, recordUpdateStarted } from '@/lib/db/profile-updates';
import { editableFields } from '@/lib/permissions';
import {
  PROFILE_FIELD_LABELS,
  PROFILE_FIELDS,
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

/**
 * Refuses a change to a field the user's role may not change. Roles that may change every
 * field skip this, and so the extra read from Attestr it needs.
 */
async function assertChangesAllowed(input: { user: SessionUser; profileId: string; fields: ProfileFields }) {
  const editable = editableFields(input.user.role);
  if (editable.length === PROFILE_FIELDS.length) return;
  const { profile } = await getProfile(input.profileId);
  const current = toFormValues(profile);
  const refused = PROFILE_FIELDS.filter((field) => !editable.includes(field) && current[field] !== input.fields[field]);
  if (refused.length > 0) {
    throw new ApiError('FIELD_NOT_ALLOWED', {
      fieldErrors: Object.fromEntries(
        refused.map((field) => [field, `Your role cannot change ${PROFILE_FIELD_LABELS[field]}`]),
      ) as Partial<Record<ProfileField, string>>,
    });
  }
}

/**
 * Sends the whole basic info to Update Profile (a replace), recording the attempt before it
 * is sent and its outcome after, and answers what was saved.
 */
export async function updateProfile(input: {
  user: SessionUser;
  profileId: string;
  fields: ProfileFields;
}): Promise<UpdateProfileResponse> {
  await assertChangesAllowed(input);
  const client = await getAttestrClient();
  const wire = toWireFields(input.fields);
  const recordId = await recordUpdateStarted({ profileId: input.profileId, userId: input.user.id, fields: wire });
  let tracingId: string | undefined;
  try {
    ({ tracingId } = await client.updateProfile({ profileId: input.profileId, fields: wire }));
  } catch (error) {
    await recordUpdateFinished({
      id: recordId,
      outcome:
        error instanceof AttestrError
          ? { status: 'failed', source: error.source, code: String(error.code), tracingId: error.tracingId }
          : { status: 'failed', source: 'console', code: 'INTERNAL' },
    });
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
    ...(tracingId ? { tracingId } : {}),
  };
}

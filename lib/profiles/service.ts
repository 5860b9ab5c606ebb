import 'server-only';

import type { ApiProfile, UpdateProfileResponse } from '@/lib/api/types';
import { getAttestrClient } from '@/lib/attestr/instance';
import { toWireFields, type ProfileFields } from '@/lib/profiles/schema';

/** Reads a profile from Attestr, in the shape the console's pages and API use. */
export async function getProfile(profileId: string): Promise<{ profile: ApiProfile; tracingId?: string }> {
  const client = await getAttestrClient();
  const { tracingId, itemCount: _items, queryCount: _queries, ...profile } = await client.getProfile(profileId);
  return { profile, ...(tracingId ? { tracingId } : {}) };
}

/** Sends the whole basic info to Update Profile (a replace), and answers what was saved. */
export async function updateProfile(input: {
  profileId: string;
  fields: ProfileFields;
}): Promise<UpdateProfileResponse> {
  const client = await getAttestrClient();
  const wire = toWireFields(input.fields);
  const { tracingId } = await client.updateProfile({ profileId: input.profileId, fields: wire });
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

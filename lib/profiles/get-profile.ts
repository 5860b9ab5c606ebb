import 'server-only';

import type { ApiProfile } from '@/lib/shared/api-types';
import { getAttestrClient } from '@/lib/attestr/instance';
import { noteAttestrAnswer, noteProfileSeen } from '@/lib/profiles/profile-index-notes';

/** Reads a profile from Attestr, in the shape the console's pages and API use; notes it in the index. */
export async function getProfile(profileId: string): Promise<{ profile: ApiProfile; tracingId?: string }> {
  const client = await getAttestrClient();
  let read: Awaited<ReturnType<typeof client.getProfile>>;
  try {
    read = await noteProfileSeen({ profile: await client.getProfile(profileId) });
  } catch (error) {
    await noteAttestrAnswer({ profileId, error });
    throw error;
  }
  const { tracingId, itemCount: _items, queryCount: _queries, ...profile } = read;
  return { profile, ...(tracingId ? { tracingId } : {}) };
}

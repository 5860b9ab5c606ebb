import 'server-only';

import type { ApiProfile } from '@/lib/api/types';
import { getAttestrClient } from '@/lib/attestr/instance';

/** Reads a profile from Attestr, in the shape the console's pages and API use. */
export async function getProfile(profileId: string): Promise<{ profile: ApiProfile; tracingId?: string }> {
  const client = await getAttestrClient();
  const { tracingId, itemCount: _items, queryCount: _queries, ...profile } = await client.getProfile(profileId);
  return { profile, ...(tracingId ? { tracingId } : {}) };
}

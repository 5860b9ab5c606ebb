import 'server-only';

import { listRecentProfiles } from '@/lib/db/recent-profiles';

/** The profiles a person opened last, newest first: their own list, never anyone else's. */
export async function recentProfilesOf(viewer: { userId: string }) {
  return listRecentProfiles({ userId: viewer.userId });
}

import 'server-only';

import type { Kysely } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type { IndexedProfile } from '@/lib/db/profile-index';
import type { Database } from '@/lib/db/schema';

/** A profile one person opened, with what the index knows of it. */
export interface RecentProfile extends IndexedProfile {
  openedAt: number;
}

/** How many profiles each person's list keeps; older ones are forgotten. */
const KEPT_PER_USER = 50;
const DEFAULT_LIMIT = 8;

/** Notes that a person opened a profile: it moves to the top of their list. */
export async function recordProfileOpened(input: {
  userId: string;
  profileId: string;
  at: number;
  db?: Kysely<Database>;
}): Promise<void> {
  const db = input.db ?? getDatabase().db;
  await db
    .insertInto('recent_profile')
    .values({ user_id: input.userId, profile_id: input.profileId, opened_at: input.at })
    .onConflict((conflict) => conflict.columns(['user_id', 'profile_id']).doUpdateSet({ opened_at: input.at }))
    .execute();
  await db
    .deleteFrom('recent_profile')
    .where('user_id', '=', input.userId)
    .where('opened_at', '<', (eb) =>
      eb
        .selectFrom('recent_profile')
        .select('opened_at')
        .where('user_id', '=', input.userId)
        .orderBy('opened_at', 'desc')
        .limit(1)
        .offset(KEPT_PER_USER - 1),
    )
    .execute();
}

/** The profiles a person opened, newest first. */
export async function listRecentProfiles(input: {
  userId: string;
  limit?: number;
  db?: Kysely<Database>;
}): Promise<RecentProfile[]> {
  const db = input.db ?? getDatabase().db;
  const rows = await db
    .selectFrom('recent_profile')
    .leftJoin('profile_index', 'profile_index.profile_id', 'recent_profile.profile_id')
    .select([
      'recent_profile.profile_id',
      'recent_profile.opened_at',
      'profile_index.number',
      'profile_index.tag',
      'profile_index.name',
      'profile_index.archived',
    ])
    .where('recent_profile.user_id', '=', input.userId)
    .orderBy('recent_profile.opened_at', 'desc')
    .orderBy('recent_profile.profile_id')
    .limit(input.limit ?? DEFAULT_LIMIT)
    .execute();
  return rows.map((row) => ({
    profileId: row.profile_id,
    number: row.number,
    tag: row.tag,
    name: row.name,
    archived: Number(row.archived) === 1,
    openedAt: row.opened_at,
  }));
}

import 'server-only';

import type { Kysely } from 'kysely';

import { AttestrError } from '@/lib/attestr/errors';
import { markProfileArchived, recordProfileSeen } from '@/lib/db/profile-index';
import { recordProfileOpened } from '@/lib/db/recent-profiles';
import type { Database } from '@/lib/db/schema';
import { getLogger } from '@/lib/log';
import { emailKey, mobileKey } from '@/lib/profiles/contact-keys';

/** What a read of a profile at Attestr shows the index. */
interface SeenProfile {
  id: string;
  number: string | null;
  tag: string;
  name: string;
  email: string | null;
  mobile: string | null;
  archived: boolean;
}

/** The index is a convenience: failing to write it never fails what the person asked for. */
async function quietly(event: string, profileId: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    getLogger().warn(
      { event, profileId, code: (error as { code?: unknown }).code },
      'the profile index was not updated',
    );
  }
}

/**
 * Notes a profile read from Attestr in the index, and answers it unchanged. Its email and mobile
 * are noted as keyed hashes only (lib/profiles/contact-keys.ts).
 */
export async function noteProfileSeen<P extends SeenProfile>(input: { profile: P; db?: Kysely<Database> }): Promise<P> {
  const { profile, db } = input;
  await quietly('profile_index.write_failed', profile.id, () =>
    recordProfileSeen({
      profileId: profile.id,
      number: profile.number,
      tag: profile.tag,
      name: profile.name,
      archived: profile.archived,
      emailKey: emailKey(profile.email),
      mobileKey: mobileKey(profile.mobile),
      at: Date.now(),
      ...(db ? { db } : {}),
    }),
  );
  return profile;
}

/** Notes what an error from Attestr says about a profile: a 40038 means it is archived. */
export async function noteAttestrAnswer(input: {
  profileId: string;
  error: unknown;
  db?: Kysely<Database>;
}): Promise<void> {
  const { profileId, error, db } = input;
  if (!(error instanceof AttestrError) || error.code !== 40038) return;
  await quietly('profile_index.write_failed', profileId, () =>
    markProfileArchived({ profileId, at: Date.now(), ...(db ? { db } : {}) }),
  );
}

/** Notes that a person opened a profile, for their "Recently opened" list. */
export async function noteProfileOpened(input: { userId: string; profileId: string }): Promise<void> {
  await quietly('recent_profile.write_failed', input.profileId, () =>
    recordProfileOpened({ userId: input.userId, profileId: input.profileId, at: Date.now() }),
  );
}

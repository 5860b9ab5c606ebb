import 'server-only';

import { AttestrError } from '@/lib/attestr/errors';
import { searchProfiles, type FoundProfile } from '@/lib/db/profile-index';
import { emailKey, mobileKey } from '@/lib/profiles/contact-keys';
import { isProfileId } from '@/lib/shared/profile-id';
import { getProfile } from '@/lib/profiles/get-profile';

/**
 * Attestr's ids are 18 characters. A shorter well-formed "id" is almost always a name or a
 * prefix being typed: asking Attestr for each keystroke would spend its limits for nothing.
 */
const ATTESTR_LOOKUP_MIN_LENGTH = 16;

export interface FindProfilesResult {
  results: FoundProfile[];
  /** True when the query looked like a profile id the index did not know, so Attestr was asked. */
  lookedUpAtAttestr: boolean;
}

/**
 * Finds profiles for what a person typed: in the console's index first (an email or a mobile
 * through their keyed hashes); a profile id the index does not hold is asked of Attestr (and,
 * found, indexed by the read). Attestr answering that it has no such profile (40018) is an
 * empty result, not an error.
 */
export async function findProfiles(input: { query: string; limit?: number }): Promise<FindProfilesResult> {
  const query = input.query.trim();
  const results = await searchProfiles({
    query,
    emailKey: emailKey(query),
    mobileKey: mobileKey(query),
    ...(input.limit ? { limit: input.limit } : {}),
  });
  const known = results.some((profile) => profile.profileId === query);
  if (known || query.length < ATTESTR_LOOKUP_MIN_LENGTH || !isProfileId(query)) {
    return { results, lookedUpAtAttestr: false };
  }
  try {
    const { profile } = await getProfile(query);
    const found: FoundProfile = {
      profileId: profile.id,
      number: profile.number,
      tag: profile.tag,
      name: profile.name,
      archived: profile.archived,
      matched: 'profile_id',
    };
    return { results: [found, ...results].slice(0, input.limit ?? results.length + 1), lookedUpAtAttestr: true };
  } catch (error) {
    if (error instanceof AttestrError && error.code === 40018) return { results, lookedUpAtAttestr: true };
    throw error;
  }
}

import 'server-only';

import { recordProfilesIfUnseen } from '@/lib/db/profile-index';

/**
 * The sandbox's seeded profiles, listed so a newcomer has something to open. Sandbox mode only:
 * the sandbox (sandbox/) is a development tool, loaded when asked for and never otherwise.
 */
export async function listSandboxDemoProfiles(): Promise<{ id: string; name: string; archived: boolean }[]> {
  const { sandboxSeedProfiles } = await import('@/sandbox/seed');
  return sandboxSeedProfiles.map((profile) => ({
    id: profile._id,
    name: profile.name,
    archived: Boolean(profile.archived),
  }));
}

/**
 * Puts the sandbox's seeded profiles in the profile index, so that a newcomer's first search
 * finds them. Sandbox mode only, at start-up; idempotent: a profile the index holds already
 * keeps what the console saw of it.
 */
export async function indexSandboxDemoProfiles(): Promise<void> {
  const { sandboxSeedProfiles } = await import('@/sandbox/seed');
  const at = Date.now();
  await recordProfilesIfUnseen({
    profiles: sandboxSeedProfiles.map((profile) => ({
      profileId: profile._id,
      number: profile.number,
      tag: profile.tag,
      name: profile.name,
      archived: Boolean(profile.archived),
      at,
    })),
  });
}

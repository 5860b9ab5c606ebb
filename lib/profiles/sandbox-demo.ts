import 'server-only';

import { sandboxSeedProfiles } from '@/lib/sandbox/seed';

/** The sandbox's seeded profiles, listed so a newcomer has something to open. Sandbox mode only. */
export function listSandboxDemoProfiles(): { id: string; name: string; archived: boolean }[] {
  return sandboxSeedProfiles.map((profile) => ({
    id: profile._id,
    name: profile.name,
    archived: Boolean(profile.archived),
  }));
}

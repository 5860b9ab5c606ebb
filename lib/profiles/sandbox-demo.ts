import 'server-only';

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

import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describeEachEngine('A console started in sandbox mode on a fresh data directory', (engine) => {
  let testConsole: TestConsole;

  beforeAll(async () => {
    // No ATTESTR_BASE_URL: sandbox mode, on an empty database of its own.
    testConsole = await startTestConsole({ engine });
  });
  afterAll(() => testConsole?.close());

  const search = async (query: string) => {
    const { findProfiles } = await import('@/lib/profiles/search');
    return (await findProfiles({ query })).results.map((found) => [found.profileId, found.name]);
  };

  it('finds Priya at the first search, and a second start keeps what the console saw since', async () => {
    const { startConsole } = await import('@/lib/startup');
    await startConsole();
    expect(await search('Priya')).toEqual([[SANDBOX_PROFILE_IDS.priya, 'Priya Nair']]);
    expect(await search('Rahul')).toEqual([[SANDBOX_PROFILE_IDS.archived, 'Rahul Mehta']]);

    // Seen since under another name: a restart's seeding leaves it as seen.
    const { recordProfileSeen } = await import('@/lib/db/profile-index');
    await recordProfileSeen({
      profileId: SANDBOX_PROFILE_IDS.priya,
      tag: 'AA-9',
      name: 'Priya Renamed',
      at: Date.now(),
    });
    await startConsole();
    expect(await search('Priya')).toEqual([[SANDBOX_PROFILE_IDS.priya, 'Priya Renamed']]);
    expect(await search('Gitanjali')).toHaveLength(1);
  });
});

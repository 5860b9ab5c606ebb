import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { FACTX, GITANJALI_LOADED, TEST_ACTORS } from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'profile-index-test-token-7d2a';
const { gitanjali, archived } = SANDBOX_PROFILE_IDS;
const loaded = GITANJALI_LOADED;
const { hr } = TEST_ACTORS;

describeEachEngine('what the console sees goes into the profile index', (engine) => {
  let testConsole: TestConsole;
  let sandbox: RunningSandbox;
  let service: typeof import('@/lib/profiles/get-profile');
  let save: typeof import('@/lib/updates/save');
  let check: typeof import('@/lib/updates/check-at-attestr');
  let index: typeof import('@/lib/db/profile-index');

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN });
    testConsole = await startTestConsole({
      engine,
      env: {
        ATTESTR_BASE_URL: sandbox.url,
        ATTESTR_AUTH_TOKEN: TOKEN,
        BETTER_AUTH_SECRET: 'profile-index-test-secret-0123456789abcdef',
      },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    service = await import('@/lib/profiles/get-profile');
    save = await import('@/lib/updates/save');
    check = await import('@/lib/updates/check-at-attestr');
    index = await import('@/lib/db/profile-index');
  });
  afterAll(async () => {
    await testConsole?.close();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    const { getDatabase } = await import('@/lib/db/connection');
    await getDatabase().db.deleteFrom('profile_index').execute();
  });

  const saveName = (name: string) =>
    save.saveProfile({
      actor: hr,
      profileId: gitanjali,
      values: { ...loaded, name },
      base: loaded,
      source: 'form',
      attemptId: randomUUID(),
    });

  it('a profile read from Attestr is found by its name', async () => {
    expect(await index.searchProfiles({ query: 'raheja' })).toEqual([]);
    await service.getProfile(gitanjali);
    expect(await index.searchProfiles({ query: 'raheja' })).toEqual([
      {
        profileId: gitanjali,
        number: '3801-575765-9695',
        tag: 'AA-1234',
        name: 'Gitanjali Raheja',
        archived: false,
        matched: 'name',
      },
    ]);
  });

  it('an archived profile read from Attestr is indexed as archived', async () => {
    await service.getProfile(archived);
    expect((await index.findIndexedProfile({ profileId: archived }))?.archived).toBe(true);
  });

  it('a save indexes what Attestr holds afterwards, read back', async () => {
    await saveName('Gita Raheja-Kapoor');
    expect((await index.searchProfiles({ query: 'kapoor' })).map((profile) => profile.name)).toEqual([
      'Gita Raheja-Kapoor',
    ]);
    expect(await index.searchProfiles({ query: 'gitanjali' })).toEqual([]);
  });

  it('an update Attestr refuses with 40038 marks the profile archived', async () => {
    sandbox.injectFault({ kind: 'error', code: 40038, method: 'PUT' });
    await expect(saveName('Gita')).rejects.toMatchObject({ kind: 'failed' });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(true);
  });

  it('a profile once refused as archived reads active again: search and recently opened say active', async () => {
    const { recordProfileOpened, listRecentProfiles } = await import('@/lib/db/recent-profiles');
    await recordProfileOpened({ userId: hr.userId, profileId: gitanjali, at: Date.now() });
    sandbox.injectFault({ kind: 'error', code: 40038, method: 'GET' });
    await expect(service.getProfile(gitanjali)).rejects.toMatchObject({ code: 40038 });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(true);

    await service.getProfile(gitanjali);
    expect((await index.searchProfiles({ query: 'raheja' })).map((profile) => profile.archived)).toEqual([false]);
    expect((await listRecentProfiles({ userId: hr.userId })).map((profile) => profile.archived)).toEqual([false]);
  });

  it('a 40038 from an update marks the profile archived until a read says otherwise', async () => {
    await service.getProfile(gitanjali);
    sandbox.injectFault({ kind: 'error', code: 40038, method: 'PUT' });
    await expect(saveName('Gita')).rejects.toMatchObject({ kind: 'failed' });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(true);
    await service.getProfile(gitanjali);
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(false);
  });

  it('a check at Attestr indexes what it read', async () => {
    const saved = await saveName('Gita');
    // Someone changes it at Attestr itself.
    await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tag: 'AA-1234', name: 'Gitanjali Desai' }),
    });
    await check.checkAttemptAtAttestr({ actor: hr, attemptId: saved.attemptId });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.name).toBe('Gitanjali Desai');
  });
});

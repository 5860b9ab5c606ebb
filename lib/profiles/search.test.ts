import { createHash } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { startTestConsole, type TestConsole } from '@/test/support/console';
import { FACTX } from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'profile-search-test-token-4c1f';
const { gitanjali, arjun } = SANDBOX_PROFILE_IDS;

describeEachEngine('finding a profile by email, mobile and number', (engine) => {
  let testConsole: TestConsole;
  let sandbox: RunningSandbox;
  let search: typeof import('@/lib/profiles/search');
  let service: typeof import('@/lib/profiles/get-profile');

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN });
    testConsole = await startTestConsole({
      engine,
      env: {
        ATTESTR_BASE_URL: sandbox.url,
        ATTESTR_AUTH_TOKEN: TOKEN,
        BETTER_AUTH_SECRET: 'profile-search-test-secret-0123456789abcdef',
        DEFAULT_PHONE_REGION: 'IN',
      },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    search = await import('@/lib/profiles/search');
    service = await import('@/lib/profiles/get-profile');
  });
  afterAll(async () => {
    await testConsole?.close();
    await sandbox?.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    const { getDatabase } = await import('@/lib/db/connection');
    await getDatabase().db.deleteFrom('profile_index').execute();
    // Gitanjali (gitanjali.raheja@gmail.com, +918888999978) and Arjun have been opened.
    await service.getProfile(gitanjali);
    await service.getProfile(arjun);
  });

  const find = async (query: string) =>
    (await search.findProfiles({ query })).results.map(({ profileId, matched }) => ({ profileId, matched }));

  it('finds a profile by its whole email, in any case, surrounding spaces ignored', async () => {
    for (const typed of ['gitanjali.raheja@gmail.com', '  Gitanjali.Raheja@GMAIL.com ']) {
      expect(await find(typed)).toEqual([{ profileId: gitanjali, matched: 'email' }]);
    }
    expect(await find('arjun.venkataraman@example.com')).toEqual([{ profileId: arjun, matched: 'email' }]);
    // Part of an address is not the address, nor are its parts a name's words.
    expect(await find('gitanjali.raheja@gmail')).toEqual([]);
    expect(await find('raheja@')).toEqual([]);
    expect(await find('raheja')).toEqual([{ profileId: gitanjali, matched: 'name' }]);
    expect(await find('raheja@gmail.com')).toEqual([]);
  });

  it('finds a profile by its mobile as a person types it, with or without the country code', async () => {
    for (const typed of ['88889 99978', '+91 88889 99978', '918888999978', '+918888999978', '088889-99978']) {
      expect(await find(typed)).toEqual([{ profileId: gitanjali, matched: 'mobile' }]);
    }
    expect(await find('+91 98450 12345')).toEqual([{ profileId: arjun, matched: 'mobile' }]);
    expect(await find('88889 99979')).toEqual([]);
  });

  it('finds a profile by its number with or without its dashes', async () => {
    for (const typed of ['3801-575765-9695', '38015757659695', '3801 575765 9695']) {
      expect(await find(typed)).toEqual([{ profileId: gitanjali, matched: 'number' }]);
    }
  });

  it('keeps no email or mobile in the index, only keyed hashes of them', async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const rows = await getDatabase().db.selectFrom('profile_index').selectAll().execute();
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows).toLowerCase();
    for (const personal of ['gitanjali.raheja', 'gmail', '@', '8888999978', 'example.com', '9845012345']) {
      expect(stored).not.toContain(personal);
    }
    const row = rows.find((r) => r.profile_id === gitanjali);
    expect(row?.email_key).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.mobile_key).toMatch(/^[0-9a-f]{64}$/);
    // Keyed: not a plain hash anyone could compute from a list of addresses.
    const plain = (value: string) => createHash('sha256').update(value).digest('hex');
    expect([plain('gitanjali.raheja@gmail.com'), plain('email:gitanjali.raheja@gmail.com')]).not.toContain(
      row?.email_key,
    );
  });

  it('follows a changed email and mobile at their next read', async () => {
    await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tag: 'AA-1234', name: 'Gitanjali Raheja', email: 'g.raheja@example.com' }),
    });
    // Not read since: the index still knows the old address.
    expect(await find('gitanjali.raheja@gmail.com')).toEqual([{ profileId: gitanjali, matched: 'email' }]);
    const { profile } = await service.getProfile(gitanjali);
    expect(await find('gitanjali.raheja@gmail.com')).toEqual([]);
    expect(await find('G.Raheja@example.com')).toEqual([{ profileId: gitanjali, matched: 'email' }]);
    // Whatever Attestr now holds as the mobile is what finds it.
    expect(await find('88889 99978')).toEqual(profile.mobile ? [{ profileId: gitanjali, matched: 'mobile' }] : []);
  });
});

import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

type IndexModule = typeof import('@/lib/db/profile-index');
type RecentModule = typeof import('@/lib/db/recent-profiles');

const AT = Date.parse('2026-12-02T09:00:00.000Z');

const PEOPLE = [
  { profileId: 'AX1LgghsxZsJZUwYvN', number: '3801-575765-9695', tag: 'AA-1234', name: 'Gitanjali Raheja' },
  { profileId: 'Bq7ZoeRahejaXy12Ab', number: '3801-111111-0001', tag: 'BB-77', name: 'Zoë Müller' },
  { profileId: 'Cz9plk3LmNoPqRsTuV', number: '3802-222222-0002', tag: 'AA-12', name: 'Rahul Khanna' },
  { profileId: 'Dm4stUvWxYz0123456', number: '3803-333333-0003', tag: 'HR-9', name: 'Émile Zola' },
];

/** One of PEOPLE, as a sighting to record again. */
const person = (n: number) => PEOPLE[n] as (typeof PEOPLE)[number];

describeEachEngine('the profile index', (engine) => {
  let testConsole: TestConsole;
  let index: IndexModule;
  let recent: RecentModule;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    index = await import('@/lib/db/profile-index');
    recent = await import('@/lib/db/recent-profiles');
  });
  afterAll(() => testConsole?.close());

  beforeEach(async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const { db } = getDatabase();
    await db.deleteFrom('recent_profile').execute();
    await db.deleteFrom('profile_index').execute();
    for (const person of PEOPLE) await index.recordProfileSeen({ ...person, at: AT });
  });

  const idsOf = (found: { profileId: string }[]) => found.map((profile) => profile.profileId);
  const [gitanjali, zoe, rahul, emile] = PEOPLE.map((person) => person.profileId) as [string, string, string, string];

  it('keeps what was seen last, never blanks a known number, and follows a read on archiving', async () => {
    await index.recordProfileSeen({
      profileId: gitanjali,
      number: null,
      tag: 'AA-1235',
      name: 'Gita Raheja',
      at: AT + 1,
    });
    expect(await index.findIndexedProfile({ profileId: gitanjali })).toEqual({
      profileId: gitanjali,
      number: '3801-575765-9695',
      tag: 'AA-1235',
      name: 'Gita Raheja',
      archived: false,
    });
    await index.markProfileArchived({ profileId: gitanjali, at: AT + 2 });
    await index.recordProfileSeen({
      profileId: gitanjali,
      tag: 'AA-1235',
      name: 'Gita Raheja',
      archived: true,
      at: AT + 3,
    });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(true);
    // A later read of it, active at Attestr, is the truth.
    await index.recordProfileSeen({
      profileId: gitanjali,
      tag: 'AA-1235',
      name: 'Gita Raheja',
      archived: false,
      at: AT + 4,
    });
    expect((await index.findIndexedProfile({ profileId: gitanjali }))?.archived).toBe(false);
    // The renamed profile is found by its new name only.
    expect(idsOf(await index.searchProfiles({ query: 'gita' }))).toEqual([gitanjali]);
    expect(idsOf(await index.searchProfiles({ query: 'gitanjali' }))).toEqual([]);
  });

  it('marks a profile never seen as archived, and knows nothing of one never seen at all', async () => {
    await index.markProfileArchived({ profileId: 'NeverSeenBefore123', at: AT });
    expect(await index.findIndexedProfile({ profileId: 'NeverSeenBefore123' })).toEqual({
      profileId: 'NeverSeenBefore123',
      number: null,
      tag: null,
      name: null,
      archived: true,
    });
    expect(await index.findIndexedProfile({ profileId: 'NoSuchProfile00000' })).toBeUndefined();
  });

  it('finds a profile by its id, number or tag, whole or by prefix', async () => {
    expect(idsOf(await index.searchProfiles({ query: gitanjali }))).toEqual([gitanjali]);
    expect(idsOf(await index.searchProfiles({ query: 'AX1Lgg' }))).toEqual([gitanjali]);
    expect(idsOf(await index.searchProfiles({ query: 'ax1lgg' }))).toEqual([]);
    expect(idsOf(await index.searchProfiles({ query: '3801-575765-9695' }))).toEqual([gitanjali]);
    // Ordered by number.
    expect(idsOf(await index.searchProfiles({ query: '3801-' }))).toEqual([zoe, gitanjali]);
    expect(idsOf(await index.searchProfiles({ query: 'hr-' }))).toEqual([emile]);
    // The characters LIKE treats as wildcards are plain characters here.
    expect(idsOf(await index.searchProfiles({ query: '3801_' }))).toEqual([]);
    expect(idsOf(await index.searchProfiles({ query: 'A%' }))).toEqual([]);
  });

  it('finds a profile by its number typed without its dashes, or with spaces', async () => {
    for (const typed of ['38015757659695', '3801 575765 9695', ' 3801-5757659695 ']) {
      expect(await index.searchProfiles({ query: typed })).toEqual([
        { ...PEOPLE[0], archived: false, matched: 'number' },
      ]);
    }
    // The start of a number, without dashes, finds the numbers starting with it.
    expect(idsOf(await index.searchProfiles({ query: '3801111' }))).toEqual([zoe]);
    expect(idsOf(await index.searchProfiles({ query: '3801' }))).toEqual([zoe, gitanjali]);
    expect(await index.searchProfiles({ query: '38015757659696' })).toEqual([]);
  });

  it('finds a profile by the keyed hash of its email or mobile, as its latest read holds them', async () => {
    await index.recordProfileSeen({ ...person(1), emailKey: 'email-key-zoe', mobileKey: 'mobile-key-zoe', at: AT + 1 });
    await index.recordProfileSeen({ ...person(2), emailKey: 'email-key-shared', at: AT + 1 });
    await index.recordProfileSeen({ ...person(3), emailKey: 'email-key-shared', at: AT + 1 });
    // What was typed plays no part: only the keys the caller computed of it.
    expect(await index.searchProfiles({ query: 'zoe@example.com', emailKey: 'email-key-zoe' })).toEqual([
      { ...PEOPLE[1], archived: false, matched: 'email' },
    ]);
    expect(await index.searchProfiles({ query: '+44 7700 900123', mobileKey: 'mobile-key-zoe' })).toEqual([
      { ...PEOPLE[1], archived: false, matched: 'mobile' },
    ]);
    // Two profiles with one address are both found.
    expect(idsOf(await index.searchProfiles({ query: 'x@y.z', emailKey: 'email-key-shared' }))).toEqual([rahul, emile]);
    expect(await index.searchProfiles({ query: 'x@y.z', emailKey: 'email-key-nobody' })).toEqual([]);

    // A later read without them (Attestr holds none now) is the truth.
    await index.recordProfileSeen({ ...person(1), emailKey: null, mobileKey: null, at: AT + 2 });
    expect(await index.searchProfiles({ query: 'zoe@example.com', emailKey: 'email-key-zoe' })).toEqual([]);
    expect(await index.searchProfiles({ query: '+44 7700 900123', mobileKey: 'mobile-key-zoe' })).toEqual([]);
  });

  it('ranks an exact id, number, email or mobile first, then tags, then names', async () => {
    await index.recordProfileSeen({ profileId: 'TagPrefix000000001', tag: 'PRIYA-2', name: 'Lakshmi Iyer', at: AT });
    await index.recordProfileSeen({ profileId: 'TagExact0000000001', tag: 'PRIYA', name: 'Meera Pillai', at: AT });
    await index.recordProfileSeen({ profileId: 'Name00000000000001', tag: 'NN-1', name: 'Priya Sharma', at: AT });
    await index.recordProfileSeen({ ...person(2), mobileKey: 'mobile-key-rahul', at: AT });
    await index.recordProfileSeen({ ...person(3), emailKey: 'email-key-emile', at: AT });
    const found = await index.searchProfiles({
      query: 'priya',
      emailKey: 'email-key-emile',
      mobileKey: 'mobile-key-rahul',
    });
    expect(found.map(({ profileId, matched }) => [profileId, matched])).toEqual([
      [emile, 'email'],
      [rahul, 'mobile'],
      ['TagExact0000000001', 'tag'],
      ['TagPrefix000000001', 'tag'],
      ['Name00000000000001', 'name'],
    ]);
    // The id and the number come before an email.
    expect(
      (await index.searchProfiles({ query: '3801-575765-9695', emailKey: 'email-key-emile' })).map((p) => p.matched),
    ).toEqual(['number', 'email']);
    expect(
      (await index.searchProfiles({ query: gitanjali, mobileKey: 'mobile-key-rahul' })).map((p) => p.matched),
    ).toEqual(['profile_id', 'mobile']);
  });

  it('finds a profile by the start of the words of its name, case and accents ignored', async () => {
    expect(idsOf(await index.searchProfiles({ query: 'Zoe' }))).toEqual([zoe]);
    expect(idsOf(await index.searchProfiles({ query: 'raheja' }))).toEqual([gitanjali]);
    expect(idsOf(await index.searchProfiles({ query: 'emile' }))).toEqual([emile]);
    expect(idsOf(await index.searchProfiles({ query: 'muller zo' }))).toEqual([zoe]);
    expect(idsOf(await index.searchProfiles({ query: 'ZOË MÜL' }))).toEqual([zoe]);
    // Both names have a word starting "rah"; ordered by name.
    expect(idsOf(await index.searchProfiles({ query: 'rah' }))).toEqual([gitanjali, rahul]);
    // A word inside another word is not a word's start.
    expect(idsOf(await index.searchProfiles({ query: 'eja' }))).toEqual([]);
    expect(idsOf(await index.searchProfiles({ query: 'zoe khanna' }))).toEqual([]);
    expect(await index.searchProfiles({ query: '   ' })).toEqual([]);
  });

  it('ranks an exact id, number or tag first, then prefixes, then names', async () => {
    // "AA-12" is Rahul's whole tag and the start of Gitanjali's.
    expect(idsOf(await index.searchProfiles({ query: 'aa-12' }))).toEqual([rahul, gitanjali]);
    // Zoë's id starts with "Bq7Zoe", and an id prefix comes before a name.
    await index.recordProfileSeen({ profileId: 'ZoeIdPrefix0000001', tag: 'ZZ-1', name: 'Anna Zoellner', at: AT });
    expect(idsOf(await index.searchProfiles({ query: 'Zoe' }))).toEqual(['ZoeIdPrefix0000001', zoe]);
  });

  it('records many sightings at once, by the same rules as one', async () => {
    await index.markProfileArchived({ profileId: zoe, at: AT });
    await index.markProfileArchived({ profileId: emile, at: AT });
    const many = Array.from({ length: 2500 }, (_, n) => ({
      profileId: `Bulk${String(n).padStart(14, '0')}`,
      tag: `BULK-${n}`,
      name: `Ångström Person${n}`,
      at: AT,
    }));
    await index.recordProfilesSeen({
      profiles: [
        { profileId: zoe, tag: 'BB-0', name: 'Zoë Before', at: AT },
        ...many,
        { profileId: zoe, number: null, tag: 'BB-78', name: 'Zoë Renamed', archived: true, at: AT + 1 },
        { profileId: emile, tag: 'HR-9', name: 'Émile Zola', archived: false, at: AT + 1 },
      ],
    });
    expect(await index.findIndexedProfile({ profileId: zoe })).toEqual({
      profileId: zoe,
      number: '3801-111111-0001',
      tag: 'BB-78',
      name: 'Zoë Renamed',
      archived: true,
    });
    // Émile, refused once as archived, read active since.
    expect((await index.findIndexedProfile({ profileId: emile }))?.archived).toBe(false);
    const found = await index.searchProfiles({ query: 'angstrom pers' });
    expect(found).toHaveLength(10);
    expect(found.every((profile) => profile.name?.startsWith('Ångström Person'))).toBe(true);
    expect(idsOf(await index.searchProfiles({ query: 'zoe ren' }))).toEqual([zoe]);
  });

  it('answers at most the limit asked for, ten by default', async () => {
    for (let n = 0; n < 15; n += 1) {
      await index.recordProfileSeen({
        profileId: `Many${String(n).padStart(14, '0')}`,
        tag: `MANY-${n}`,
        name: `Priya Sharma ${n}`,
        at: AT,
      });
    }
    expect(await index.searchProfiles({ query: 'priya' })).toHaveLength(10);
    expect(await index.searchProfiles({ query: 'priya', limit: 3 })).toHaveLength(3);
  });

  it('keeps each person’s recently opened profiles, newest first, with what the index knows', async () => {
    await recent.recordProfileOpened({ userId: 'user-a', profileId: gitanjali, at: AT + 1 });
    await recent.recordProfileOpened({ userId: 'user-a', profileId: zoe, at: AT + 2 });
    await recent.recordProfileOpened({ userId: 'user-b', profileId: emile, at: AT + 3 });
    await recent.recordProfileOpened({ userId: 'user-a', profileId: gitanjali, at: AT + 4 });
    await index.markProfileArchived({ profileId: zoe, at: AT + 5 });

    expect(await recent.listRecentProfiles({ userId: 'user-a' })).toEqual([
      { ...PEOPLE[0], archived: false, openedAt: AT + 4 },
      { ...PEOPLE[1], archived: true, openedAt: AT + 2 },
    ]);
    expect(idsOf(await recent.listRecentProfiles({ userId: 'user-b' }))).toEqual([emile]);
    expect(await recent.listRecentProfiles({ userId: 'user-c' })).toEqual([]);
    expect(idsOf(await recent.listRecentProfiles({ userId: 'user-a', limit: 1 }))).toEqual([gitanjali]);
  });

  it('forgets a person’s oldest profiles beyond fifty', async () => {
    for (let n = 0; n < 55; n += 1) {
      await recent.recordProfileOpened({
        userId: 'user-a',
        profileId: `Opened${String(n).padStart(12, '0')}`,
        at: AT + n,
      });
    }
    const kept = await recent.listRecentProfiles({ userId: 'user-a', limit: 100 });
    expect(kept).toHaveLength(50);
    expect(kept.at(-1)?.profileId).toBe('Opened000000000005');
  });
});

describeEachEngine('the profile search migration', (engine) => {
  let testConsole: TestConsole;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
  });
  afterAll(() => testConsole?.close());

  it('keeps the profiles indexed before it, and makes them searchable', async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const { migrations } = await import('@/lib/db/migrations');
    const { db } = getDatabase();
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableName: 'console_migration',
      migrationLockTableName: 'console_migration_lock',
    });
    expect((await migrator.migrateTo('2026-12-02-004-profile-index')).error).toBeUndefined();
    await db
      .insertInto('profile_index' as never)
      .values({
        profile_id: 'OldRow000000000001',
        number: '1-2-3',
        tag: 'OLD-1',
        name: 'Zoë Old',
        archived: 1,
        last_seen_at: AT,
      } as never)
      .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const index = await import('@/lib/db/profile-index');
    expect(await index.searchProfiles({ query: 'zoe' })).toEqual([
      {
        profileId: 'OldRow000000000001',
        number: '1-2-3',
        tag: 'OLD-1',
        name: 'Zoë Old',
        archived: true,
        matched: 'name',
      },
    ]);
    expect(await index.searchProfiles({ query: 'old-' })).toHaveLength(1);
    // Its number is found without its dashes at once; its email and mobile after its next read.
    expect((await index.searchProfiles({ query: '123' })).map((profile) => profile.matched)).toEqual(['number']);
  });
});

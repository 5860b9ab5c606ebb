import 'server-only';

import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

import { getDatabase, type DatabaseEngine } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';
import { foldText, wordsOf } from '@/lib/shared/fold';

/** A profile as the console last saw it at Attestr: a cache for finding it, never the truth. */
export interface IndexedProfile {
  profileId: string;
  number: string | null;
  tag: string | null;
  name: string | null;
  archived: boolean;
}

type Db = { db?: Kysely<Database> };

const COLUMNS = ['profile_id', 'number', 'tag', 'name', 'archived'] as const;
/** Prefix searches start at this many characters; one letter matches too much to be useful. */
const MIN_PREFIX_LENGTH = 2;
const DEFAULT_LIMIT = 10;

type IndexRow = {
  profile_id: string;
  number: string | null;
  tag: string | null;
  name: string | null;
  archived: number;
};

function toIndexed(row: IndexRow): IndexedProfile {
  return {
    profileId: row.profile_id,
    number: row.number,
    tag: row.tag,
    name: row.name,
    archived: Number(row.archived) === 1,
  };
}

/**
 * Notes what the console saw of a profile at Attestr (a read, a read back, a creation). A
 * number once known is never blanked by a sighting without one; a profile once archived stays
 * archived (archiving cannot be undone at Attestr), so `archived` false changes nothing.
 */
export async function recordProfileSeen(
  input: {
    profileId: string;
    number?: string | null;
    tag: string;
    name: string;
    archived?: boolean;
    at: number;
  } & Db,
): Promise<void> {
  const db = input.db ?? getDatabase().db;
  const seen = {
    tag: input.tag,
    name: input.name,
    tag_folded: foldText(input.tag),
    name_folded: foldText(input.name),
    last_seen_at: input.at,
  };
  await db
    .insertInto('profile_index')
    .values({ profile_id: input.profileId, number: input.number ?? null, archived: input.archived ? 1 : 0, ...seen })
    .onConflict((conflict) =>
      conflict.column('profile_id').doUpdateSet((eb) => ({
        ...seen,
        number: eb.fn.coalesce(eb.ref('excluded.number'), eb.ref('profile_index.number')),
        ...(input.archived ? { archived: 1 } : {}),
      })),
    )
    .execute();
}

/**
 * Many sightings at once (a bulk job, a seeded index), in one statement per chunk; the same
 * rules as recordProfileSeen.
 */
export async function recordProfilesSeen(
  input: { profiles: readonly Omit<Parameters<typeof recordProfileSeen>[0], 'db'>[] } & Db,
): Promise<void> {
  const db = input.db ?? getDatabase().db;
  // Eight columns a row: 1,000 rows keep each statement under SQLite's and PostgreSQL's parameter limits.
  const CHUNK = 1000;
  // One row per profile, its last sighting: PostgreSQL refuses a statement that upserts a row twice.
  const profiles = [...new Map(input.profiles.map((profile) => [profile.profileId, profile])).values()];
  for (let start = 0; start < profiles.length; start += CHUNK) {
    const rows = profiles.slice(start, start + CHUNK).map((profile) => ({
      profile_id: profile.profileId,
      number: profile.number ?? null,
      tag: profile.tag,
      name: profile.name,
      tag_folded: foldText(profile.tag),
      name_folded: foldText(profile.name),
      archived: profile.archived ? 1 : 0,
      last_seen_at: profile.at,
    }));
    await db
      .insertInto('profile_index')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('profile_id').doUpdateSet((eb) => ({
          tag: eb.ref('excluded.tag'),
          name: eb.ref('excluded.name'),
          tag_folded: eb.ref('excluded.tag_folded'),
          name_folded: eb.ref('excluded.name_folded'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          number: eb.fn.coalesce(eb.ref('excluded.number'), eb.ref('profile_index.number')),
          archived: sql<number>`case when ${eb.ref('excluded.archived')} = 1 then 1 else ${eb.ref('profile_index.archived')} end`,
        })),
      )
      .execute();
  }
}

/**
 * Adds profiles the index does not hold yet, leaving alone those it does (a seeded index: what
 * the console saw since stays). One statement per chunk.
 */
export async function recordProfilesIfUnseen(
  input: { profiles: readonly Omit<Parameters<typeof recordProfileSeen>[0], 'db'>[] } & Db,
): Promise<void> {
  const db = input.db ?? getDatabase().db;
  const profiles = [...new Map(input.profiles.map((profile) => [profile.profileId, profile])).values()];
  for (let start = 0; start < profiles.length; start += 1000) {
    await db
      .insertInto('profile_index')
      .values(
        profiles.slice(start, start + 1000).map((profile) => ({
          profile_id: profile.profileId,
          number: profile.number ?? null,
          tag: profile.tag,
          name: profile.name,
          tag_folded: foldText(profile.tag),
          name_folded: foldText(profile.name),
          archived: profile.archived ? 1 : 0,
          last_seen_at: profile.at,
        })),
      )
      .onConflict((conflict) => conflict.column('profile_id').doNothing())
      .execute();
  }
}

/** Notes that Attestr said the profile is archived (40038), whether or not it was seen before. */
export async function markProfileArchived(input: { profileId: string; at: number } & Db): Promise<void> {
  const db = input.db ?? getDatabase().db;
  await db
    .insertInto('profile_index')
    .values({
      profile_id: input.profileId,
      number: null,
      tag: null,
      name: null,
      tag_folded: null,
      name_folded: null,
      archived: 1,
      last_seen_at: input.at,
    })
    .onConflict((conflict) => conflict.column('profile_id').doUpdateSet({ archived: 1, last_seen_at: input.at }))
    .execute();
}

/** The profile as last seen, or undefined when the console has never seen it. */
export async function findIndexedProfile(input: { profileId: string } & Db): Promise<IndexedProfile | undefined> {
  const db = input.db ?? getDatabase().db;
  const row = await db
    .selectFrom('profile_index')
    .select(COLUMNS)
    .where('profile_id', '=', input.profileId)
    .executeTakeFirst();
  return row ? toIndexed(row) : undefined;
}

type PrefixColumn = 'profile_id' | 'number' | 'tag_folded';

/** `column` starts with `prefix`, in a form each engine answers from an index. */
function startsWith(engine: DatabaseEngine, column: PrefixColumn, prefix: string): Expression<SqlBool> {
  if (engine === 'postgres') {
    const pattern = `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    return sql<SqlBool>`${sql.ref(column)} like ${pattern}`;
  }
  // SQLite's LIKE ignores case and skips the index; a range on the binary order does not.
  return sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${`${prefix}\u{10FFFF}`})`;
}

/**
 * Profiles each of whose query words starts a word of the name, through each engine's own text
 * search. Unsorted in SQL, so that a short prefix matching thousands stops at `limit` instead of
 * sorting them all: SQLite takes the most recently indexed first.
 */
async function searchNames(input: { db: Kysely<Database>; engine: DatabaseEngine; words: string[]; limit: number }) {
  const { db, engine, words, limit } = input;
  if (engine === 'postgres') {
    const query = words.map((word) => `${word}:*`).join(' & ');
    // Planned apart from the limit: told that 10 rows will do, PostgreSQL would scan the table
    // hoping to meet them early, which for a rare prefix means reading every row.
    const found = await sql<IndexRow>`
      with matched as materialized (
        select profile_id, number, tag, name, archived from profile_index
        where name_words @@ to_tsquery('simple', ${query})
      )
      select * from matched limit ${limit}`.execute(db);
    return found.rows;
  }
  const query = words.map((word) => `"${word}"*`).join(' ');
  const found = await sql<IndexRow>`
    select p.profile_id, p.number, p.tag, p.name, p.archived
    from profile_index_name f join profile_index p on p.entry = f.rowid
    where profile_index_name match ${query}
    order by f.rowid desc
    limit ${limit}`.execute(db);
  return found.rows;
}

/**
 * Profiles in the index matching what a person typed: an exact id, number or tag first, then
 * ids, numbers and tags starting with it, then names whose words start with its words (case
 * and accents ignored: "zoe rah" finds "Zoë Raheja"). At most `limit` (10 by default).
 */
export async function searchProfiles(input: { query: string; limit?: number } & Db): Promise<IndexedProfile[]> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const query = input.query.trim();
  const folded = foldText(query) ?? '';
  if (query === '' || limit <= 0) return [];
  const { engine } = getDatabase();
  const db = input.db ?? getDatabase().db;
  const base = () => db.selectFrom('profile_index').select(COLUMNS);

  const searches = [
    base()
      .where((eb) => eb.or([eb('profile_id', '=', query), eb('number', '=', query), eb('tag_folded', '=', folded)]))
      .orderBy('profile_id')
      .limit(limit)
      .execute(),
  ];
  if (query.length >= MIN_PREFIX_LENGTH) {
    const prefixes: [PrefixColumn, string][] = [
      ['profile_id', query],
      ['number', query],
      ['tag_folded', folded],
    ];
    for (const [column, prefix] of prefixes) {
      searches.push(
        base()
          .where(startsWith(engine, column, prefix))
          .orderBy(column)
          .limit(limit)
          .execute(),
      );
    }
    // Words with a digit belong to ids, numbers and tags, never to names: no name search for them.
    const words = wordsOf(folded).filter((word) => !/\p{N}/u.test(word));
    if (words.length > 0) {
      const byName = (a: IndexRow, b: IndexRow) =>
        (foldText(a.name) ?? '').localeCompare(foldText(b.name) ?? '') || a.profile_id.localeCompare(b.profile_id);
      searches.push(searchNames({ db, engine, words, limit }).then((rows) => rows.sort(byName)));
    }
  }
  const found = new Map<string, IndexedProfile>();
  for (const rows of await Promise.all(searches)) {
    for (const row of rows) if (!found.has(row.profile_id)) found.set(row.profile_id, toIndexed(row));
  }
  return [...found.values()].slice(0, limit);
}

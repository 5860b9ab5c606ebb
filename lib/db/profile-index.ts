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

/** Why a profile was found: what the typed text matched. */
export type ProfileMatch = 'profile_id' | 'number' | 'email' | 'mobile' | 'tag' | 'name';

/** A profile found by a search, with what it matched. */
export interface FoundProfile extends IndexedProfile {
  matched: ProfileMatch;
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

/** The digits of a number ("3801-575765-9695" → "38015757659695"), or null when it has none. */
export function numberDigits(number: string | null | undefined): string | null {
  const digits = number?.replace(/[^0-9]/g, '') ?? '';
  return digits === '' ? null : digits;
}

/** What one sighting of a profile tells the index. */
export interface ProfileSighting {
  profileId: string;
  number?: string | null;
  tag: string;
  name: string;
  archived?: boolean;
  /** Keyed hashes of the profile's email and mobile (computed by the caller); none when left out. */
  emailKey?: string | null;
  mobileKey?: string | null;
  at: number;
}

function sightingRow(sighting: ProfileSighting) {
  return {
    profile_id: sighting.profileId,
    number: sighting.number ?? null,
    number_digits: numberDigits(sighting.number),
    tag: sighting.tag,
    name: sighting.name,
    tag_folded: foldText(sighting.tag),
    name_folded: foldText(sighting.name),
    email_key: sighting.emailKey ?? null,
    mobile_key: sighting.mobileKey ?? null,
    archived: sighting.archived ? 1 : 0,
    last_seen_at: sighting.at,
  };
}

/**
 * Notes what the console saw of a profile at Attestr (a read, a read back). A number once known
 * is never blanked by a sighting without one. Otherwise a read is the truth: its email and
 * mobile (as keyed hashes) replace those noted before, and a profile marked archived (by a
 * 40038) that reads active is active again.
 */
export async function recordProfileSeen(input: ProfileSighting & Db): Promise<void> {
  await recordProfilesSeen({ profiles: [input], ...(input.db ? { db: input.db } : {}) });
}

/**
 * Many sightings at once (a bulk job, a seeded index), in one statement per chunk; the same
 * rules as recordProfileSeen.
 */
export async function recordProfilesSeen(input: { profiles: readonly ProfileSighting[] } & Db): Promise<void> {
  const db = input.db ?? getDatabase().db;
  // Eleven columns a row: 1,000 rows keep each statement under SQLite's and PostgreSQL's parameter limits.
  const CHUNK = 1000;
  // One row per profile, its last sighting: PostgreSQL refuses a statement that upserts a row twice.
  const profiles = [...new Map(input.profiles.map((profile) => [profile.profileId, profile])).values()];
  for (let start = 0; start < profiles.length; start += CHUNK) {
    const rows = profiles.slice(start, start + CHUNK).map(sightingRow);
    await db
      .insertInto('profile_index')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('profile_id').doUpdateSet((eb) => ({
          tag: eb.ref('excluded.tag'),
          name: eb.ref('excluded.name'),
          tag_folded: eb.ref('excluded.tag_folded'),
          name_folded: eb.ref('excluded.name_folded'),
          email_key: eb.ref('excluded.email_key'),
          mobile_key: eb.ref('excluded.mobile_key'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          number: eb.fn.coalesce(eb.ref('excluded.number'), eb.ref('profile_index.number')),
          number_digits: eb.fn.coalesce(eb.ref('excluded.number_digits'), eb.ref('profile_index.number_digits')),
          archived: eb.ref('excluded.archived'),
        })),
      )
      .execute();
  }
}

/**
/**
 * Adds profiles the index does not hold yet, leaving alone those it does (a seeded index: what
 * the console saw since stays). One statement per chunk.
 */
export async function recordProfilesIfUnseen(input: { profiles: readonly ProfileSighting[] } & Db): Promise<void> {
  const db = input.db ?? getDatabase().db;
  const profiles = [...new Map(input.profiles.map((profile) => [profile.profileId, profile])).values()];
  for (let start = 0; start < profiles.length; start += 1000) {
    await db
      .insertInto('profile_index')
      .values(profiles.slice(start, start + 1000).map(sightingRow))
      .onConflict((conflict) => conflict.column('profile_id').doNothing())
      .execute();
  }
}

/**
 * Notes that Attestr said the profile is archived (40038), whether or not it was seen before;
 * it stays so until a read of the profile says otherwise.
 */
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
      email_key: null,
      mobile_key: null,
      number_digits: null,
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

type PrefixColumn = 'profile_id' | 'number' | 'number_digits' | 'tag_folded';

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

/** The digits of what was typed when it is a number being typed (digits, spaces, dashes), else null. */
function typedDigits(query: string): string | null {
  return /^[\d\s-]+$/.test(query) ? numberDigits(query) : null;
}

/**
 * Profiles in the index matching what a person typed, each with what it matched. First the
 * exact matches: the id, the number (with or without its dashes), the email and the mobile
 * (by the keyed hashes the caller computed of what was typed: `emailKey`, `mobileKey`), the
 * tag; then ids, numbers and tags starting with it; then names whose words start with its
 * words (case and accents ignored: "zoe rah" finds "Zoë Raheja"). At most `limit` (10 by default).
 */
export async function searchProfiles(
  input: { query: string; emailKey?: string | null; mobileKey?: string | null; limit?: number } & Db,
): Promise<FoundProfile[]> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const query = input.query.trim();
  const folded = foldText(query) ?? '';
  if (query === '' || limit <= 0) return [];
  const { engine } = getDatabase();
  const db = input.db ?? getDatabase().db;
  const digits = typedDigits(query);
  const base = () => db.selectFrom('profile_index').select(COLUMNS);
  const tagged = (matched: ProfileMatch) => (rows: IndexRow[]) => rows.map((row) => ({ row, matched }));

  const searches: Promise<{ row: IndexRow; matched: ProfileMatch }[]>[] = [
    base().where('profile_id', '=', query).limit(limit).execute().then(tagged('profile_id')),
    base()
      .where((eb) => eb.or([eb('number', '=', query), ...(digits ? [eb('number_digits', '=', digits)] : [])]))
      .orderBy('profile_id')
      .limit(limit)
      .execute()
      .then(tagged('number')),
  ];
  const keys: [ProfileMatch & ('email' | 'mobile'), 'email_key' | 'mobile_key', string | null | undefined][] = [
    ['email', 'email_key', input.emailKey],
    ['mobile', 'mobile_key', input.mobileKey],
  ];
  for (const [matched, column, key] of keys) {
    if (key)
      searches.push(base().where(column, '=', key).orderBy('profile_id').limit(limit).execute().then(tagged(matched)));
  }
  searches.push(
    base().where('tag_folded', '=', folded).orderBy('profile_id').limit(limit).execute().then(tagged('tag')),
  );
  if (query.length >= MIN_PREFIX_LENGTH) {
    const prefixes: [PrefixColumn, string, ProfileMatch][] = [
      ['profile_id', query, 'profile_id'],
      ['number', query, 'number'],
      ['tag_folded', folded, 'tag'],
    ];
    if (digits && digits.length >= MIN_PREFIX_LENGTH) prefixes.splice(2, 0, ['number_digits', digits, 'number']);
    for (const [column, prefix, matched] of prefixes) {
      searches.push(
        base()
          .where(startsWith(engine, column, prefix))
          .orderBy(column)
          .limit(limit)
          .execute()
          .then(tagged(matched)),
      );
    }
    // Words with a digit belong to ids, numbers and tags, never to names: no name search for them;
    // nor for an email address, whose parts ("priya", "example", "com") are not a name's words.
    const words = query.includes('@') ? [] : wordsOf(folded).filter((word) => !/\p{N}/u.test(word));
    if (words.length > 0) {
      const byName = (a: IndexRow, b: IndexRow) =>
        (foldText(a.name) ?? '').localeCompare(foldText(b.name) ?? '') || a.profile_id.localeCompare(b.profile_id);
      searches.push(
        searchNames({ db, engine, words, limit })
          .then((rows) => rows.sort(byName))
          .then(tagged('name')),
      );
    }
  }
  const found = new Map<string, FoundProfile>();
  for (const matches of await Promise.all(searches)) {
    for (const { row, matched } of matches) {
      if (!found.has(row.profile_id)) found.set(row.profile_id, { ...toIndexed(row), matched });
    }
  }
  return [...found.values()].slice(0, limit);
}

import 'server-only';

import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

import { getDatabase, type DatabaseEngine } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';
import { foldText, wordsOf } from '@/lib/profiles/fold';

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

function toIndexed(row: {
  profile_id: string;
  number: string | null;
  tag: string | null;
  name: string | null;
  archived: number;
}): IndexedProfile {
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

/** Every word of the name starts with one of the query's words, through each engine's text search. */
function nameHasWords(engine: DatabaseEngine, words: string[]): Expression<SqlBool> {
  if (engine === 'postgres') {
    const query = words.map((word) => `${word}:*`).join(' & ');
    return sql<SqlBool>`to_tsvector('simple', coalesce(name_folded, '')) @@ to_tsquery('simple', ${query})`;
  }
  const query = words.map((word) => `"${word}"*`).join(' ');
  return sql<SqlBool>`entry in (select rowid from profile_index_name where profile_index_name match ${query})`;
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
    const words = wordsOf(folded);
    if (words.length > 0) {
      searches.push(
        base().where(nameHasWords(engine, words)).orderBy('name_folded').orderBy('profile_id').limit(limit).execute(),
      );
    }
  }
  const found = new Map<string, IndexedProfile>();
  for (const rows of await Promise.all(searches)) {
    for (const row of rows) if (!found.has(row.profile_id)) found.set(row.profile_id, toIndexed(row));
  }
  return [...found.values()].slice(0, limit);
}

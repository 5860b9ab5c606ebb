import 'server-only';

import { setImmediate as nextTurn } from 'node:timers/promises';

import { sql, type Selectable } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type { ProfileImportItemState, ProfileImportItemTable, ProfileImportTable } from '@/lib/db/schema';

export type ProfileImportRecord = Selectable<ProfileImportTable>;
export type ProfileImportItemRecord = Selectable<ProfileImportItemTable>;

const ITEMS_PER_INSERT = 500;
/** Items written in one transaction: SQLite's commit, and the checkpoint after it, stay short. */
const ITEMS_PER_TRANSACTION = 5_000;
/** The states of an item that has been read: the import's progress. */
const READ_STATES: ProfileImportItemState[] = ['found', 'not_found', 'failed'];

/**
 * Writes an import and its profile IDs, a few hundred a statement and a few thousand a
 * transaction with the event loop let through between two, so a long list does not hold SQLite.
 * Items may be claimed as soon as they are written: the import ends only once all `total` are read.
 */
export async function insertProfileImport(input: {
  id: string;
  createdBy: string;
  fileName: string;
  profileIds: readonly string[];
  at: number;
}): Promise<void> {
  const { db } = getDatabase();
  await db
    .insertInto('profile_import')
    .values({
      id: input.id,
      created_by: input.createdBy,
      file_name: input.fileName,
      total: input.profileIds.length,
      message: null,
      paused_until: null,
      created_at: input.at,
      finished_at: input.profileIds.length === 0 ? input.at : null,
    })
    .execute();
  for (let start = 0; start < input.profileIds.length; start += ITEMS_PER_TRANSACTION) {
    const slice = input.profileIds.slice(start, start + ITEMS_PER_TRANSACTION);
    await db.transaction().execute(async (trx) => {
      for (let at = 0; at < slice.length; at += ITEMS_PER_INSERT) {
        await trx
          .insertInto('profile_import_item')
          .values(
            slice.slice(at, at + ITEMS_PER_INSERT).map((profileId, index) => ({
              import_id: input.id,
              position: start + at + index + 1,
              profile_id: profileId,
              state: 'pending' as const,
              next_try_at: null,
              claimed_by: null,
              claim_until: null,
              result_code: null,
              result_message: null,
              finished_at: null,
            })),
          )
          .execute();
      }
    });
    await nextTurn();
  }
}

export async function findProfileImport(input: { id: string }): Promise<ProfileImportRecord | undefined> {
  return getDatabase().db.selectFrom('profile_import').selectAll().where('id', '=', input.id).executeTakeFirst();
}

/** The most recent imports, newest first. */
export async function listProfileImportRecords(input: { limit: number }): Promise<ProfileImportRecord[]> {
  return getDatabase().db.selectFrom('profile_import').selectAll().orderBy('id', 'desc').limit(input.limit).execute();
}

/** How many of an import's items are in each state. */
export async function countImportItems(input: { importId: string }): Promise<Record<ProfileImportItemState, number>> {
  const rows = await getDatabase()
    .db.selectFrom('profile_import_item')
    .select(['state', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('import_id', '=', input.importId)
    .groupBy('state')
    .execute();
  const counts: Record<ProfileImportItemState, number> = { pending: 0, reading: 0, found: 0, not_found: 0, failed: 0 };
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

/** An import's items in one state, in the file's order, from after `after` (a position). */
export async function listImportItems(input: {
  importId: string;
  state: ProfileImportItemState;
  after?: number;
  limit: number;
}): Promise<ProfileImportItemRecord[]> {
  return getDatabase()
    .db.selectFrom('profile_import_item')
    .selectAll()
    .where('import_id', '=', input.importId)
    .where('state', '=', input.state)
    .where('position', '>', input.after ?? 0)
    .orderBy('position')
    .limit(input.limit)
    .execute();
}

/**
 * Claims the next item to read, for `owner` until `claimUntil`: the oldest import's first
 * pending item whose back-off is over, of an import not waiting out a limit. On PostgreSQL the
 * item is picked FOR UPDATE SKIP LOCKED, so two instances never claim the same one.
 */
export async function claimImportItem(input: {
  owner: string;
  now: number;
  claimUntil: number;
}): Promise<ProfileImportItemRecord | undefined> {
  const { db, engine } = getDatabase();
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  // Picked once, in a CTE: as a subquery of the update, PostgreSQL may run it again per row.
  const result = await sql<ProfileImportItemRecord>`
    with picked (pick_import, pick_position) as (
      select import_id, position from profile_import_item
      where state = 'pending'
        and (next_try_at is null or next_try_at <= ${input.now})
        and not exists (
          select 1 from profile_import
          where profile_import.id = profile_import_item.import_id and profile_import.paused_until > ${input.now}
        )
      order by import_id, position
      limit 1
      ${lock}
    )
    update profile_import_item set
      state = 'reading',
      claimed_by = ${input.owner},
      claim_until = ${input.claimUntil}
    from picked
    where profile_import_item.import_id = picked.pick_import
      and profile_import_item.position = picked.pick_position
      and profile_import_item.state = 'pending'
    returning ${engine === 'postgres' ? sql`profile_import_item.*` : sql`*`}`.execute(db);
  if (result.rows.length > 1) throw new Error('a claim took more than one import item');
  return result.rows[0];
}

type ClaimedItem = { importId: string; position: number; owner: string };

const claimed = (item: ClaimedItem) =>
  getDatabase()
    .db.updateTable('profile_import_item')
    .where('import_id', '=', item.importId)
    .where('position', '=', item.position)
    .where('claimed_by', '=', item.owner)
    .where('state', '=', 'reading');

/** Keeps a claimed item claimed while it is read. */
export async function extendImportItemClaim(input: ClaimedItem & { claimUntil: number }): Promise<void> {
  await claimed(input).set({ claim_until: input.claimUntil }).execute();
}

/** Records what reading a claimed item came to, only for the claim that read it. */
export async function settleImportItem(
  input: ClaimedItem & {
    state: Exclude<ProfileImportItemState, 'pending' | 'reading'>;
    failures?: number;
    code: string | null;
    message: string | null;
    at: number;
  },
): Promise<boolean> {
  const result = await claimed(input)
    .set({
      state: input.state,
      ...(input.failures === undefined ? {} : { failures: input.failures }),
      result_code: input.code,
      result_message: input.message,
      finished_at: input.at,
      claimed_by: null,
      claim_until: null,
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a claimed item back, to be read again from `nextTryAt` (now when null). */
export async function releaseImportItem(
  input: ClaimedItem & { failures: number; nextTryAt: number | null; code: string | null; message: string | null },
): Promise<void> {
  await claimed(input)
    .set({
      state: 'pending',
      failures: input.failures,
      next_try_at: input.nextTryAt,
      result_code: input.code,
      result_message: input.message,
      claimed_by: null,
      claim_until: null,
    })
    .execute();
}

/**
 * Gives back items whose claim lapsed (their process died mid-read) and, when `notOwner` is
 * given, every claim of another owner (on SQLite one process reads: any other claim is a dead
 * process's). A read changes nothing at Attestr, so the item is simply read again. Answers how many.
 */
export async function releaseLapsedImportClaims(input: { now: number; notOwner?: string }): Promise<number> {
  const result = await getDatabase()
    .db.updateTable('profile_import_item')
    .set({ state: 'pending', claimed_by: null, claim_until: null })
    .where('state', '=', 'reading')
    .where((eb) =>
      input.notOwner === undefined
        ? eb('claim_until', '<', input.now)
        : eb.or([eb('claim_until', '<', input.now), eb('claimed_by', '!=', input.notOwner)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Says why an import waits, and until when (null: it goes on). */
export async function setProfileImportWait(input: {
  id: string;
  message: string | null;
  pausedUntil: number | null;
}): Promise<void> {
  await getDatabase()
    .db.updateTable('profile_import')
    .set({ message: input.message, paused_until: input.pausedUntil })
    .where('id', '=', input.id)
    .execute();
}

/** Ends an import once every one of its items is read; answers whether it ended now. */
export async function finishProfileImportIfRead(input: { id: string; at: number }): Promise<boolean> {
  const { db } = getDatabase();
  const read = db
    .selectFrom('profile_import_item')
    .select((eb) => eb.fn.countAll<number>().as('read'))
    .where('import_id', '=', input.id)
    .where('state', 'in', READ_STATES);
  const result = await db
    .updateTable('profile_import')
    .set({ finished_at: input.at, message: null, paused_until: null })
    .where('id', '=', input.id)
    .where('finished_at', 'is', null)
    .where((eb) => eb(eb.ref('total'), '<=', read))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Imports not finished yet, oldest first. */
export async function listUnfinishedImports(): Promise<ProfileImportRecord[]> {
  return getDatabase()
    .db.selectFrom('profile_import')
    .selectAll()
    .where('finished_at', 'is', null)
    .orderBy('id')
    .execute();
}

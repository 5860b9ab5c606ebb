import 'server-only';

import { sql, type Kysely } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';
import { attemptsMatching, BULK_FAILURE, keyColumns, listAttempts } from '@/lib/db/update-attempts';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import type { AttemptCursor, BulkFailureGroup, InboxRow } from '@/lib/shared/inbox-view';

/**
 * The bulk jobs whose lines failed (failed or unknown) under a filter, a row per job standing
 * where its newest failed line stands (keyset on that line's (created_at, id), newest first),
 * strictly after `after`. `failed` counts the job's lines the filter shows.
 */
export async function listBulkFailureGroups(input: {
  filter: InboxFilter;
  actorId?: string;
  after?: AttemptCursor;
  limit: number;
  db?: Kysely<Database>;
}): Promise<BulkFailureGroup[]> {
  const db = input.db ?? getDatabase().db;
  const key = keyColumns(input.filter);
  const latestAt = sql<number | string>`max(${sql.ref(key.createdAt)})`;
  const latestId = sql<string>`max(${sql.ref(key.id)})`;
  let query = attemptsMatching(db, input.filter, { actorId: input.actorId })
    .where(BULK_FAILURE)
    .select([
      sql<string>`a.bulk_job_id`.as('job_id'),
      latestAt.as('latest_at'),
      latestId.as('latest_id'),
      (eb) => eb.fn.countAll<number | string>().as('failed'),
    ])
    .groupBy('a.bulk_job_id');
  if (input.after)
    query = query.having(sql<boolean>`(${latestAt}, ${latestId}) < (${input.after.createdAt}, ${input.after.id})`);
  const rows = await query
    .orderBy(sql`latest_at`, 'desc')
    .orderBy(sql`latest_id`, 'desc')
    .limit(input.limit)
    .execute();
  if (rows.length === 0) return [];
  const jobs = await db
    .selectFrom('bulk_job')
    .select(['id', 'file_name'])
    .where(
      'id',
      'in',
      rows.map((row) => row.job_id),
    )
    .execute();
  const names = new Map(jobs.map((job) => [job.id, job.file_name]));
  return rows.map((row) => ({
    jobId: row.job_id,
    fileName: names.get(row.job_id) ?? null,
    failed: Number(row.failed),
    latestAt: Number(row.latest_at),
    latestId: row.latest_id,
  }));
}

const keyOf = (row: InboxRow): AttemptCursor =>
  row.kind === 'attempt'
    ? { createdAt: row.attempt.createdAt, id: row.attempt.id }
    : { createdAt: row.group.latestAt, id: row.group.latestId };

const newerFirst = (x: InboxRow, y: InboxRow) => {
  const a = keyOf(x);
  const b = keyOf(y);
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
};

/**
 * One page of the updates list: the attempts a filter matches, newest first, with each bulk
 * job's failed lines folded into one row where its newest failed line stands. Keyset paging as
 * listAttempts, over both kinds of row, so a job's row comes once however many pages its lines span.
 */
export async function listInboxRows(input: {
  filter: InboxFilter;
  actorId?: string;
  after?: AttemptCursor;
  limit: number;
  db?: Kysely<Database>;
}): Promise<{ rows: InboxRow[]; next: AttemptCursor | null }> {
  const [page, groups] = await Promise.all([
    listAttempts({ ...input, withoutBulkFailures: true }),
    listBulkFailureGroups({ ...input, limit: input.limit + 1 }),
  ]);
  const merged: InboxRow[] = [
    ...page.attempts.map((attempt): InboxRow => ({ kind: 'attempt', attempt })),
    ...groups.map((group): InboxRow => ({ kind: 'bulk', group })),
  ].sort(newerFirst);
  const rows = merged.slice(0, input.limit);
  const more = merged.length > input.limit || page.next !== null;
  const last = rows.at(-1);
  return { rows, next: more && last ? keyOf(last) : null };
}

/** A bulk job's failed lines under a filter: the newest `limit`, and how many there are. */
export async function listBulkFailureLines(input: {
  filter: InboxFilter;
  actorId?: string;
  jobId: string;
  limit: number;
}) {
  const db = getDatabase().db;
  const [page, count] = await Promise.all([
    listAttempts({ filter: input.filter, actorId: input.actorId, bulkJobFailures: input.jobId, limit: input.limit }),
    attemptsMatching(db, input.filter, { actorId: input.actorId })
      .where('a.bulk_job_id', '=', input.jobId)
      .where(BULK_FAILURE)
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { attempts: page.attempts, total: Number(count.count) };
}

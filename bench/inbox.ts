// `npm run bench:inbox` (also the last part of `npm run bench`): the updates page's queries at
// scale. For each engine (SQLite; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names
// a server), a fresh database is seeded with 10,000 and with 1,000,000 attempts, and the first
// page and the next page of three filters are timed in-process, with their plans.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CompiledQuery, sql, type Kysely, type QueryResult, type RootOperationNode } from 'kysely';
import pg from 'pg';

import type { DatabaseHandle } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';
import type { InboxFilter } from '@/lib/shared/inbox-filter';

import { RESULTS_DIR } from './config';
import { inboxRatios, printInboxReport, type InboxTiming, type Percentiles } from './inbox-report';

const SIZES = (process.env.INBOX_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = Number(process.env.INBOX_RUNS ?? 100);
const PAGE = 50;
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
/** Attempts spread evenly over the year before NOW. */
const SPAN = 365 * DAY;
/** Each profile has about this many attempts at every size: more attempts come with more profiles. */
const ATTEMPTS_PER_PROFILE = 200;
const ACTORS = 20;
const profilesOf = (size: number) => Math.max(1, Math.floor(size / ATTEMPTS_PER_PROFILE));
const postgresServer = (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)?.trim() || undefined;

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-inbox-'));
Object.assign(process.env, {
  BETTER_AUTH_SECRET: 'bench-inbox-secret-0123456789abcdefghij',
  BETTER_AUTH_URL: 'http://localhost:3000',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});

const { openDatabase } = await import('@/lib/db/connection');
const { migrateConsoleTables } = await import('@/lib/db/migrate');
const { getAuth } = await import('@/lib/auth/auth');
const { getMigrations } = await import('better-auth/db/migration');
const { countOpenFailures, failuresByCodePerDay } = await import('@/lib/db/update-attempts');
// The page's own read: its attempts, with each bulk job's failed lines folded into one row.
const { listInboxRows } = await import('@/lib/db/update-inbox-rows');

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of the engine, migrated like the console's. */
async function freshDatabase(engine: 'sqlite' | 'postgres', size: number) {
  let handle: DatabaseHandle;
  let drop = async () => {};
  if (engine === 'postgres') {
    const name = `bench_inbox_${randomBytes(5).toString('hex')}`;
    await onServer(`create database ${name}`);
    const url = new URL(postgresServer as string);
    url.pathname = `/${name}`;
    handle = openDatabase({ databaseUrl: url.toString() });
    drop = () => onServer(`drop database if exists ${name} with (force)`);
  } else {
    handle = openDatabase({ sqliteFile: path.join(dataDir, `inbox-${size}.sqlite`) });
  }
  const { runMigrations } = await getMigrations({
    ...getAuth().options,
    database: { db: handle.db, type: handle.engine },
  });
  await runMigrations();
  await migrateConsoleTables(handle);
  return { handle, drop };
}

/** Row i's values as SQL over an integer column `i`, the same on both engines. */
function seedSelect(engine: 'sqlite' | 'postgres', size: number): string {
  const profile = `i % ${profilesOf(size)}`;
  const text = (expression: string) =>
    engine === 'postgres' ? `(${expression})::text` : `cast(${expression} as text)`;
  const pad = (expression: string, width: number) =>
    engine === 'postgres' ? `lpad((${expression})::text, ${width}, '0')` : `printf('%0${width}d', ${expression})`;
  // A scatter of i, so outcomes do not line up with actors or profiles.
  const h = `(((i * 7919) % 1000003) % 100)`;
  const outcome = `case when ${h} < 5 then 'failed' when ${h} = 5 then 'unknown' when ${h} < 8 then 'refused'
    when ${h} = 8 then 'conflict' else 'succeeded' end`;
  const code = `case when ${h} < 5 then (case (i / 100) % 4 when 0 then '4291' when 1 then '5001'
      when 2 then 'UPSTREAM_TIMEOUT' else '4005' end)
    when ${h} = 5 then 'UPSTREAM_TIMEOUT' when ${h} < 8 then 'VALIDATION_FAILED'
    when ${h} = 8 then 'PROFILE_CHANGED' else null end`;
  const createdAt = `${NOW - SPAN} + (i * ${Math.floor(SPAN / size)})`;
  return `select
    'bench-' || ${pad('i', 9)}, 'hash', 'bench-profile-' || ${text(profile)}, 'T' || ${pad(profile, 6)},
    'bench-user-' || ${text(`(i / 7) % ${ACTORS}`)},
    case i % 3 when 0 then 'ops' when 1 then 'hr' else 'support' end,
    case when i % 10 = 0 then 'retry' when i % 50 = 1 then 'bulk' else 'form' end,
    '["name"]', '{"name":"Bench"}', '{"name":"Before"}', '{"tag":"T","name":"Before","email":"","mobile":""}',
    '{"tag":"T","name":"Bench","email":"","mobile":""}',
    ${outcome}, ${code}, case when ${h} < 9 then 'trace-' || ${text('i')} else null end,
    ${createdAt}, ${createdAt} + 900,
    case when i % 50 = 1 then 'bench-job-' || ${text('i / 5000')} else null end`;
}

const ATTEMPT_COLUMNS = `id, request_hash, profile_id, profile_tag, actor_id, actor_role, source, changed_fields,
  requested, base, before, sent, outcome, error_code, tracing_id, created_at, finished_at, bulk_job_id`;

async function seed(db: Kysely<Database>, engine: 'sqlite' | 'postgres', size: number): Promise<void> {
  const chunk = 250_000;
  for (let start = 0; start < size; start += chunk) {
    const end = Math.min(size, start + chunk) - 1;
    const rows =
      engine === 'postgres'
        ? `from generate_series(${start}::bigint, ${end}) as g(i)`
        : `from (with recursive n(i) as (select ${start} union all select i + 1 from n where i < ${end}) select i from n)`;
    await sql.raw(`insert into update_attempt (${ATTEMPT_COLUMNS}) ${seedSelect(engine, size)} ${rows}`).execute(db);
  }
  // Failures older than a week are mostly dealt with: four in five resolved by a person.
  await sql
    .raw(
      `insert into update_attempt_review (attempt_id, resolved_at, resolved_by, note)
       select id, created_at + ${DAY}, actor_id, 'bench' from update_attempt
       where outcome in ('failed', 'unknown') and created_at < ${NOW - 7 * DAY} and (created_at / 1000) % 5 <> 0`,
    )
    .execute(db);
  const people = Array.from({ length: ACTORS }, (_, n) => n);
  await sql
    .raw(
      `insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt", role) values ${people
        .map(
          (n) =>
            `('bench-user-${n}', 'Bench Person ${n}', 'bench${n}@example.test', ${engine === 'postgres' ? 'false' : '0'},
              ${engine === 'postgres' ? 'now(), now()' : `${NOW}, ${NOW}`}, '${['ops', 'hr', 'support'][n % 3]}')`,
        )
        .join(', ')}`,
    )
    .execute(db);
  const profiles =
    engine === 'postgres'
      ? `from generate_series(0, ${profilesOf(size) - 1}) as g(i)`
      : `from (with recursive n(i) as (select 0 union all select i + 1 from n where i < ${profilesOf(size) - 1}) select i from n)`;
  const text = (expression: string) =>
    engine === 'postgres' ? `(${expression})::text` : `cast(${expression} as text)`;
  await sql
    .raw(
      `insert into profile_index (profile_id, number, tag, name, archived, last_seen_at)
       select 'bench-profile-' || ${text('i')}, '3801-' || ${text('100000 + i')},
         'T' || ${engine === 'postgres' ? `lpad(i::text, 6, '0')` : `printf('%06d', i)`},
         'Profile ' || ${text('i')}, 0, ${NOW} ${profiles}`,
    )
    .execute(db);
  await sql.raw(engine === 'postgres' ? 'vacuum analyze' : 'analyze').execute(db);
}

/** Every query a function sends, so its plan can be asked for. */
function capturing(db: Kysely<Database>) {
  const nodes: RootOperationNode[] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node }) => {
      nodes.push(node);
      return node;
    },
    transformResult: async ({ result }) => result as QueryResult<never>,
  });
  return { spy, nodes };
}

async function planOf(db: Kysely<Database>, engine: string, node: RootOperationNode): Promise<string> {
  const compiled = db.getExecutor().compileQuery(node, { queryId: 'plan' });
  const prefix = engine === 'postgres' ? 'explain ' : 'explain query plan ';
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
  );
  return result.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Times one query at every size, the sizes taking turns run by run, so a burst of other work
 * on the machine slows them alike rather than one size's whole series.
 */
async function timeEach(runs: (() => Promise<unknown>)[]): Promise<{ p50: number; p95: number }[]> {
  for (let n = 0; n < 5; n++) for (const run of runs) await run();
  const ms = runs.map(() => [] as number[]);
  for (let n = 0; n < RUNS; n++) {
    for (const [index, run] of runs.entries()) {
      const started = performance.now();
      await run();
      ms[index]?.push(performance.now() - started);
    }
  }
  return ms.map((series) => {
    series.sort((x, y) => x - y);
    return { p50: percentile(series, 50), p95: percentile(series, 95) };
  });
}

const SCENARIOS: { name: string; filter: InboxFilter; actorId?: string }[] = [
  { name: 'failed, last 30 days', filter: { outcome: 'failed', from: '2026-11-02', to: '2026-12-01' } },
  { name: 'open', filter: { outcome: 'open' } },
  { name: 'open, one person', filter: { outcome: 'open' }, actorId: 'bench-user-3' },
  { name: 'search: a tag', filter: { q: 'T000042' } },
  { name: 'search: a tag prefix', filter: { q: 'T00004' } },
  { name: 'search: a number', filter: { q: '3801-100042' } },
  { name: 'one person, all', filter: { who: 'bench-user-7' } },
];

const timings: InboxTiming[] = [];
const plans: Record<string, string> = {};
const engines: ('sqlite' | 'postgres')[] = postgresServer ? ['sqlite', 'postgres'] : ['sqlite'];
if (!postgresServer) console.log('No BENCH_DATABASE_URL or TEST_DATABASE_URL: SQLite only.');

try {
  for (const engine of engines) {
    const opened: { size: number; db: Kysely<Database>; drop: () => Promise<void> }[] = [];
    try {
      for (const size of SIZES) {
        const seeding = performance.now();
        const { handle, drop } = await freshDatabase(engine, size);
        opened.push({ size, db: handle.db, drop: async () => (await handle.db.destroy(), await drop()) });
        await seed(handle.db, engine, size);
        const open = await countOpenFailures({ db: handle.db });
        const seconds = ((performance.now() - seeding) / 1000).toFixed(1);
        console.log(`${engine} ${size.toLocaleString('en')} attempts (${open} open) seeded in ${seconds} s`);
      }
      const largest = opened.find((o) => o.size === Math.max(...SIZES)) as (typeof opened)[number];
      for (const scenario of SCENARIOS) {
        const base = opened.map(({ db }) => ({ filter: scenario.filter, actorId: scenario.actorId, limit: PAGE, db }));
        const firsts = await Promise.all(base.map((input) => listInboxRows(input)));
        const nexts = base.map((input, index) => ({ ...input, after: firsts[index]?.next ?? undefined }));
        const firstPages = await timeEach(base.map((input) => () => listInboxRows(input)));
        const nextPages = await timeEach(nexts.map((input) => () => listInboxRows(input)));
        opened.forEach(({ size }, index) =>
          timings.push({
            engine,
            size,
            scenario: scenario.name,
            rows: firsts[index]?.rows.length ?? 0,
            firstPage: firstPages[index] as Percentiles,
            nextPage: nextPages[index] as Percentiles,
          }),
        );
        const { spy, nodes } = capturing(largest.db);
        await listInboxRows({ ...(nexts.at(-1) as (typeof nexts)[number]), db: spy });
        plans[`${engine}: ${scenario.name}, next page`] = await planOf(
          largest.db,
          engine,
          nodes[0] as RootOperationNode,
        );
        plans[`${engine}: ${scenario.name}, next page, bulk jobs' failures`] = await planOf(
          largest.db,
          engine,
          nodes[1] as RootOperationNode,
        );
      }
      const charts = await timeEach(
        opened.map(
          ({ db }) =>
            () =>
              failuresByCodePerDay({ filter: {}, now: NOW, db }),
        ),
      );
      const counts = await timeEach(
        opened.map(
          ({ db }) =>
            () =>
              countOpenFailures({ db }),
        ),
      );
      for (const [index, { size }] of opened.entries()) {
        const chart = charts[index] as Percentiles;
        const count = counts[index] as Percentiles;
        timings.push({ engine, size, scenario: 'chart, 14 days', rows: 0, firstPage: chart, nextPage: null });
        timings.push({ engine, size, scenario: 'count open', rows: 0, firstPage: count, nextPage: null });
      }
      const { spy, nodes } = capturing(largest.db);
      await failuresByCodePerDay({ filter: {}, now: NOW, db: spy });
      plans[`${engine}: chart, 14 days`] = await planOf(largest.db, engine, nodes[0] as RootOperationNode);
    } finally {
      for (const { drop } of opened) await drop();
    }
  }
  const ratios = inboxRatios(timings, SIZES);
  printInboxReport({ timings, ratios, plans });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, 'inbox.json');
  writeFileSync(
    file,
    `${JSON.stringify({ finishedAt: new Date().toISOString(), runs: RUNS, pageSize: PAGE, timings, ratios, plans }, null, 2)}\n`,
  );
  console.log(`Wrote ${path.relative(process.cwd(), file)}.`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);

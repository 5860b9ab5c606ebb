// `npm run bench:search`: "Find a profile" against an index of 100,000 profiles, in one
// process: searchProfiles (lib/db/profile-index.ts) timed per kind of query, on SQLite and, when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL too. Each
// engine runs in a child process of its own, on a fresh database. Goal: p95 under 30 ms.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROFILES = Number(process.env.SEARCH_PROFILES ?? 100_000);
const RUNS = Number(process.env.SEARCH_RUNS ?? 200);
const GOAL_MS = 30;

export interface SearchFigures {
  engine: string;
  profiles: number;
  seedSeconds: number;
  kinds: {
    kind: string;
    queries: string[];
    runs: number;
    p50Ms: number;
    p95Ms: number;
    maxMs: number;
    found: number;
  }[];
}

const FIRST = [
  'Gitanjali',
  'Zoë',
  'Rahul',
  'Priya',
  'José',
  'Émile',
  'Anjali',
  'Raghav',
  'Siobhán',
  'Kwame',
  'Li',
  'Hiroshi',
  'Emily',
  'Arjun',
  'Mohammed',
  'Ananya',
  'Ravi',
  'Sunita',
  'Björn',
  'Chloé',
  'Deepak',
  'Fatima',
  'Grace',
  'Ishaan',
  'Jonas',
  'Kavya',
  'Lucía',
  'Meera',
  'Nikhil',
  'Olga',
];
const LAST = [
  'Raheja',
  'Mehta',
  'Sharma',
  'Nair',
  'Álvarez',
  'Zola',
  'Deshpande',
  'Rao',
  'O’Connell',
  'Mensah',
  'Wei',
  'Tanaka',
  'Carter',
  'Venkataraman',
  'Qureshi',
  'Iyer',
  'Kapoor',
  'Müller',
  'Gupta',
  'Singh',
  'Khan',
  'Patel',
  'Reddy',
  'Bose',
  'Chatterjee',
  'Fernandes',
  'García',
  'Johansson',
  'Kowalski',
  'Lindqvist',
  'Martín',
  'Novák',
  'Okafor',
  'Petrov',
  'Rossi',
  'Sato',
  'Dubois',
  'Ahmed',
  'Banerjee',
  'Joshi',
];
const ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A small deterministic generator (mulberry32), so every run searches the same index. */
function generator(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * below) | 0;
  };
}

function seedRows(count: number, at: number) {
  const next = generator(20261202);
  const digits = (length: number) => Array.from({ length }, () => next(10)).join('');
  return Array.from({ length: count }, (_, n) => ({
    profileId: Array.from({ length: 18 }, () => ID_CHARACTERS[next(ID_CHARACTERS.length)]).join(''),
    number: `${digits(4)}-${digits(6)}-${digits(4)}`,
    tag: `${String.fromCharCode(65 + next(26), 65 + next(26))}-${String(n).padStart(6, '0')}`,
    name: `${FIRST[next(FIRST.length)]} ${next(4) === 0 ? `${FIRST[next(FIRST.length)]} ` : ''}${LAST[next(LAST.length)]}`,
    archived: next(50) === 0,
    // Stand-ins for the keyed hashes the console computes (lib/profiles/contact-keys.ts).
    emailKey: next(5) === 0 ? null : `email-${n.toString(16).padStart(58, '0')}`,
    mobileKey: next(5) === 0 ? null : `mobile-${n.toString(16).padStart(57, '0')}`,
    at,
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** One engine, in this process: seed, then time each kind of query. */
async function runEngine(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined): Promise<SearchFigures> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-search-'));
  Object.assign(process.env, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  try {
    const { getDatabase } = await import('@/lib/db/connection');
    const { migrateConsoleTables } = await import('@/lib/db/migrate');
    const { recordProfilesSeen, searchProfiles } = await import('@/lib/db/profile-index');
    await migrateConsoleTables(getDatabase());

    const rows = seedRows(PROFILES, Date.now());
    const seedStarted = performance.now();
    const { db } = getDatabase();
    await db.transaction().execute(async (trx) => recordProfilesSeen({ profiles: rows, db: trx }));
    if (engine === 'postgres') await (await import('kysely')).sql`analyze profile_index`.execute(db);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const sample = rows[PROFILES >> 1]!;
    type Search = { query: string; emailKey?: string | null; mobileKey?: string | null };
    const plain = (queries: string[]): Search[] => queries.map((query) => ({ query }));
    const withKeys = rows.slice(100, 104);
    const kinds: Record<string, Search[]> = {
      'name, 2 letters': plain(['ra', 'sh', 'pr', 'me', 'zo']),
      'name, 3 letters': plain(['rah', 'sha', 'pri', 'meh', 'zoe']),
      'name, 4 letters': plain(['rahe', 'shar', 'priy', 'mehr', 'émil']),
      'two words': plain(['priya sh', 'zoe mu', 'jose alv', 'rahul me']),
      'tag prefix': plain([sample.tag.slice(0, 5), 'ZZ-0001', 'ab-00']),
      'full id': plain([sample.profileId, rows[7]!.profileId, 'NoSuchProfile12345']),
      'full number': plain([sample.number]),
      'number without dashes': plain([sample.number.replaceAll('-', ''), rows[7]!.number.replaceAll('-', '')]),
      // As findProfiles asks: the typed text and the key of it (mobiles also as a number's digits).
      'email (keyed)': withKeys.map((row) => ({
        query: `${row.name.split(' ')[0]}@example.com`,
        emailKey: row.emailKey,
      })),
      'mobile (keyed)': withKeys.map((row) => ({ query: '98333 44455', mobileKey: row.mobileKey })),
    };
    const figures: SearchFigures['kinds'] = [];
    for (const [kind, searches] of Object.entries(kinds)) {
      for (const search of searches) await searchProfiles(search); // warm up
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const search = searches[run % searches.length]!;
        const started = performance.now();
        found += (await searchProfiles(search)).length;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      figures.push({
        kind,
        queries: searches.map((search) => search.query),
        runs: RUNS,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        maxMs: times.at(-1) ?? 0,
        found: found / RUNS,
      });
    }
    await db.destroy();
    return { engine, profiles: PROFILES, seedSeconds, kinds: figures };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function print(figures: SearchFigures): void {
  console.log(`\n${figures.engine}: ${figures.profiles} profiles seeded in ${figures.seedSeconds.toFixed(1)} s`);
  console.log('  query kind          p50 ms   p95 ms   max ms   results');
  for (const k of figures.kinds) {
    console.log(
      `  ${k.kind.padEnd(18)} ${k.p50Ms.toFixed(2).padStart(7)} ${k.p95Ms.toFixed(2).padStart(8)} ${k.maxMs.toFixed(2).padStart(8)} ${k.found.toFixed(1).padStart(9)}`,
    );
  }
  const worst = Math.max(...figures.kinds.map((k) => k.p95Ms));
  console.log(`  worst p95 ${worst.toFixed(2)} ms (goal < ${GOAL_MS} ms: ${worst < GOAL_MS ? 'met' : 'missed'})`);
}

/** Both engines, each in a child process; answers their figures and writes them to bench/results. */
export function runSearchBench(): SearchFigures[] {
  const postgresServer = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const engines = ['sqlite', ...(postgresServer ? ['postgres'] : [])];
  const all: SearchFigures[] = [];
  for (const engine of engines) {
    const out = execFileSync('npx', ['tsx', '--conditions=react-server', 'bench/search.ts', `--engine=${engine}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    });
    const figures = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as SearchFigures;
    print(figures);
    all.push(figures);
  }
  if (!postgresServer) console.log('\n(PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL.)');
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results', 'search.json'), `${JSON.stringify(all, null, 2)}\n`);
  return all;
}

const engineArgument = process.argv.find((argument) => argument.startsWith('--engine='))?.slice('--engine='.length);
if (engineArgument === 'sqlite' || engineArgument === 'postgres') {
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (engineArgument === 'postgres') {
    const server = (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) as string;
    const name = `bench_search_${process.pid}`;
    await onServer(server, `create database ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = () => onServer(server, `drop database if exists ${name} with (force)`);
  }
  try {
    process.stdout.write(`${JSON.stringify(await runEngine(engineArgument, databaseUrl))}\n`);
  } finally {
    await drop?.();
  }
  process.exit(0);
} else if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  runSearchBench();
}

// `npm run test:load`: fifty signed-in people saving edits to a pool of profiles through the
// production console while a bulk job runs, with the console's default Attestr budget, on SQLite
// (one instance) and, when TEST_DATABASE_URL names a PostgreSQL server, on two instances sharing
// a fresh database. The sandbox runs in this process; each instance reaches it through a tap of
// its own (sandbox/tap.ts), which records every call and its status. After the run the
// console's database and the taps' record are read and the invariants of bench/load-check.ts
// asserted; the exit status is non-zero when one fails. See README.md, "Load test".
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Sqlite from 'better-sqlite3';
import pg from 'pg';

import type { BulkJobView } from '@/lib/shared/bulk-types';
import { startSandbox, type RunningSandbox } from '@/sandbox/server';
import { startAttestrTap, type AttestrTap } from '@/sandbox/tap';

import { RESULTS_DIR, ROOT_DIR } from './config';
import { loadFailures, loadFigures, type AttemptRow, type LoadFigures, type PersonRequest } from './load-check';
import { runScript, startService, stopAllServices, waitForHttp, type Service } from './processes';
import { table } from './report';
import { signIn } from './stack';

function whole(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

const SECONDS = whole('LOAD_SECONDS', 60);
const PEOPLE = whole('LOAD_PEOPLE', 50);
const PROFILES = whole('LOAD_PROFILES', 30);
const BULK_LINES = whole('LOAD_BULK_LINES', 300);
/** A request not answered in this long is a hang. */
const DEADLINE_MS = whole('LOAD_DEADLINE_SECONDS', 30) * 1000;
/** How long the bulk job and the saves left on their way may take to settle after the run. */
const SETTLE_MS = whole('LOAD_SETTLE_SECONDS', 60) * 1000;
/** The bulk job's cancel, an administrator's one press: answered at once, or the console hangs. */
const CANCEL_DEADLINE_MS = 10_000;
/** Attestr's own time to answer each call (the sandbox's latency). */
const LATENCY_MS = whole('LOAD_ATTESTR_LATENCY_MS', 20, 0);
/** Consoles on PORT_BASE.., the sandbox on PORT_BASE+1000 and taps after it. */
const PORT_BASE = whole('LOAD_PORT_BASE', 3700);
const SKIP_BUILD = process.env.LOAD_SKIP_BUILD === '1';
const POSTGRES_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
const ENGINES = (process.env.LOAD_ENGINES ?? 'sqlite,postgres').split(',').map((engine) => engine.trim());

const TOKEN = `load-${randomBytes(18).toString('base64url')}`;
const SECRET = randomBytes(32).toString('base64url');
const PASSWORD = `load-${randomBytes(12).toString('base64url')}`;
const ADMIN_EMAIL = 'load-admin@example.com';
/** The build `npm run e2e:build` makes, which `npm test` leaves behind. */
const BUILD_ID = path.join(ROOT_DIR, '.next', 'BUILD_ID');

type Engine = 'sqlite' | 'postgres';

interface Person {
  index: number;
  role: 'hr' | 'support';
  consoleUrl: string;
  cookie: string;
}

interface Profile {
  id: string;
  tag: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The headers the console's own pages send; `cookie` signs the request in. */
function pageHeaders(consoleUrl: string, cookie: string): Record<string, string> {
  return { Accept: 'application/json', Origin: consoleUrl, 'Sec-Fetch-Site': 'same-origin', Cookie: cookie };
}

/** An administrator's call (setting up, the bulk job), with the same deadline as a person's. */
async function adminCall<T>(input: {
  consoleUrl: string;
  cookie: string;
  path: string;
  method?: string;
  body?: unknown;
  expect: number;
  deadlineMs?: number;
}): Promise<T> {
  const { status, text } = await withDeadline(input.deadlineMs ?? DEADLINE_MS, async (signal) => {
    const response = await fetch(`${input.consoleUrl}${input.path}`, {
      method: input.method ?? (input.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...pageHeaders(input.consoleUrl, input.cookie),
        ...(input.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
      signal,
    });
    return { status: response.status, text: await response.text() };
  });
  if (status !== input.expect) {
    throw new Error(`${input.method ?? 'POST'} ${input.path} answered ${status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

/** Thrown by withDeadline when the answer, body included, did not come in time. */
class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer in ${ms / 1000} s`);
    this.name = 'DeadlineError';
  }
}

/**
 * Runs `work` (a request and the reading of its answer) with a deadline kept by a timer of its
 * own: past it, the request is aborted and a DeadlineError thrown, whether or not the aborted
 * fetch ever settles (one aborted while its body is being read can stay pending for good).
 */
async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineError(ms));
    }, ms);
  });
  const working = work(controller.signal);
  // Past the deadline its outcome no longer matters.
  working.catch(() => undefined);
  try {
    return await Promise.race([working, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Up to `width` at once over `items`. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

// ---------------------------------------------------------------- the people

/** A change the person's role may make, to a value the profile cannot hold yet. */
function edit(person: Person, n: number, values: Record<string, string>): Record<string, string> {
  const field = person.role === 'hr' ? (['name', 'email'] as const)[n % 2] : (['email', 'mobile'] as const)[n % 2];
  const stamp = `${person.index}x${n}`;
  const next: Record<string, string> = {
    name: `Loaded Person ${stamp}`,
    email: `load.${stamp}@example.com`,
    // An Indian mobile, +91 98 and eight digits.
    mobile: `+9198${String(person.index * 100_000 + (n % 100_000)).padStart(8, '0')}`,
  };
  return { ...values, [field as string]: next[field as string] as string };
}

async function timed(
  request: (signal: AbortSignal) => Promise<Response>,
): Promise<{ response: Response | null; body: unknown; ms: number; hang: boolean; failed: boolean }> {
  const started = performance.now();
  try {
    const { response, body } = await withDeadline(DEADLINE_MS, async (signal) => {
      const answer = await request(signal);
      return { response: answer, body: (await answer.json().catch(() => undefined)) as unknown };
    });
    return { response, body, ms: performance.now() - started, hang: false, failed: false };
  } catch (error) {
    const hang = error instanceof DeadlineError;
    return { response: null, body: undefined, ms: performance.now() - started, hang, failed: !hang };
  }
}

const errorCode = (body: unknown): string | null => {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return code === undefined ? null : String(code);
};

/** One person until `until`: open a profile, change a field, save; a 429's Retry-After is waited out. */
async function personLoop(input: {
  person: Person;
  profiles: readonly Profile[];
  until: number;
  record: (request: PersonRequest) => void;
}): Promise<void> {
  const { person, profiles, until } = input;
  const headers = pageHeaders(person.consoleUrl, person.cookie);
  // Bounded: a save answered at once still leaves at most this many rounds.
  for (let n = 0; n < 100_000 && Date.now() < until; n += 1) {
    const profile = profiles[Math.floor(Math.random() * profiles.length)] as Profile;
    const url = `${person.consoleUrl}/api/profiles/${profile.id}`;
    const opened = await timed((signal) => fetch(url, { headers, signal }));
    const status = opened.response?.status ?? 0;
    input.record({
      kind: 'get',
      profileId: profile.id,
      status,
      code: errorCode(opened.body),
      hang: opened.hang,
      failed: opened.failed,
      ms: opened.ms,
      retryAfter: opened.response?.headers.get('retry-after') ?? null,
    });
    if (status !== 200) {
      await waitRetryAfter(opened.response, until);
      continue;
    }
    const held = (opened.body as { profile?: Record<string, string | null> } | undefined)?.profile;
    if (!held) continue;
    const base = Object.fromEntries(['tag', 'name', 'email', 'mobile'].map((f) => [f, held[f] ?? '']));
    const attemptId = randomBytes(16).toString('hex');
    const saved = await timed((signal) =>
      fetch(url, {
        method: 'PUT',
        headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': attemptId },
        body: JSON.stringify({ ...edit(person, n, base), base }),
        signal,
      }),
    );
    const savedStatus = saved.response?.status ?? 0;
    input.record({
      kind: 'put',
      profileId: profile.id,
      status: savedStatus,
      code: errorCode(saved.body),
      hang: saved.hang,
      failed: saved.failed,
      ms: saved.ms,
      attemptId,
      answeredAttemptId:
        savedStatus === 200 ? ((saved.body as { attemptId?: string } | undefined)?.attemptId ?? null) : null,
      retryAfter: saved.response?.headers.get('retry-after') ?? null,
    });
    if (savedStatus !== 200) await waitRetryAfter(saved.response, until);
  }
}

/** As a person told "try again in N seconds" would: waits that long (at most 10 s, never past the run). */
async function waitRetryAfter(response: Response | null, until: number): Promise<void> {
  const seconds = Number(response?.headers.get('retry-after') ?? 0);
  const ms = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 0;
  if (ms > 0) await sleep(Math.min(ms, Math.max(0, until - Date.now())));
}

// ---------------------------------------------------------------- the stack

interface Database {
  env: Record<string, string>;
  attempts(): Promise<AttemptRow[]>;
  /** Attempts still pending and bulk lines still being sent. */
  unsettled(): Promise<{ pending: number; sending: number }>;
  bulkLinesDone(): Promise<number>;
  close(): Promise<void>;
}

const ATTEMPT_COLUMNS = 'id, profile_id, outcome, source, changed_fields, sent, error_code, created_at, finished_at';

function sqliteDatabase(): Database {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-load-'));
  let file: Sqlite.Database | null = null;
  const open = () =>
    (file ??= new Sqlite(path.join(dataDir, 'console.sqlite'), { readonly: true, fileMustExist: true }));
  const count = (query: string) => (open().prepare(query).get() as { n: number }).n;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    attempts: async () => open().prepare(`select ${ATTEMPT_COLUMNS} from update_attempt`).all() as AttemptRow[],
    unsettled: async () => ({
      pending: count(`select count(*) as n from update_attempt where outcome = 'pending'`),
      sending: count(`select count(*) as n from bulk_row where state = 'sending'`),
    }),
    bulkLinesDone: async () => count(`select count(*) as n from bulk_row where state in ('succeeded', 'unchanged')`),
    async close() {
      file?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresDatabase(serverUrl: string): Promise<Database> {
  const name = `console_load_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-load-pg-'));
  // The harness's own connection, outside the consoles' pools.
  const client = new pg.Client({ connectionString: url.toString(), query_timeout: 10_000 });
  let connected = false;
  const query = async <T extends pg.QueryResultRow>(text: string) => {
    if (!connected) {
      await client.connect();
      connected = true;
    }
    return (await client.query<T>(text)).rows;
  };
  const count = async (text: string) => Number((await query<{ n: string }>(text))[0]?.n ?? 0);
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    attempts: async () =>
      (await query<AttemptRow>(`select ${ATTEMPT_COLUMNS} from update_attempt`)).map((row) => ({
        ...row,
        created_at: Number(row.created_at),
        finished_at: row.finished_at === null ? null : Number(row.finished_at),
      })),
    unsettled: async () => ({
      pending: await count(`select count(*) as n from update_attempt where outcome = 'pending'`),
      sending: await count(`select count(*) as n from bulk_row where state = 'sending'`),
    }),
    bulkLinesDone: () => count(`select count(*) as n from bulk_row where state in ('succeeded', 'unchanged')`),
    async close() {
      if (connected) await client.end().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Instance {
  url: string;
  tap: AttestrTap;
  service: Service;
}

/** Starts console `slot` on the production build, reaching the sandbox through a tap of its own. */
async function startInstance(input: {
  slot: number;
  engine: Engine;
  database: Database;
  sandbox: RunningSandbox;
}): Promise<Instance> {
  const port = PORT_BASE + input.slot;
  const url = `http://127.0.0.1:${port}`;
  const tap = await startAttestrTap({ upstream: input.sandbox.url, port: PORT_BASE + 1001 + input.slot });
  // The console's own defaults for the Attestr budget and bulk jobs: none of them is inherited.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(inherited)) {
    if (/^(ATTESTR_|BULK_|NEXT_DIST_DIR$|DATABASE_URL$|PORT$)/.test(key)) delete inherited[key];
  }
  const service = startService({
    name: `console ${input.engine} #${input.slot}`,
    command: 'npx',
    args: ['--no', 'next', 'start', '-p', String(port), '-H', '127.0.0.1'],
    cwd: ROOT_DIR,
    env: {
      ...inherited,
      ...input.database.env,
      ATTESTR_BASE_URL: tap.url,
      ATTESTR_AUTH_TOKEN: TOKEN,
      BETTER_AUTH_SECRET: SECRET,
      BETTER_AUTH_URL: url,
      ADMIN_EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      TRUSTED_PROXIES: '',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    logFile: path.join(RESULTS_DIR, `load-${input.engine}-console-${input.slot}.log`),
  });
  // One after the other: each migrates the database at start.
  await waitForHttp({ service, url: `${url}/api/health` });
  return { url, tap, service };
}

/** The pool the people edit, and the bulk file's own profiles, created at the sandbox directly. */
async function createProfiles(sandbox: RunningSandbox): Promise<{ pool: Profile[]; bulk: Profile[] }> {
  const bulkOnly = Math.max(0, BULK_LINES - PROFILES);
  const specs = Array.from({ length: PROFILES + bulkOnly }, (_, i) => ({
    tag: `LOAD-${i + 1}`,
    // Every tenth of the bulk file's own profiles holds the name the file sets already.
    name: i >= PROFILES && i % 10 === 0 ? bulkName(i) : `Person ${i + 1}`,
    email: `person${i + 1}@example.com`,
    mobile: `+9197${String(i + 1).padStart(8, '0')}`,
  }));
  const created: Profile[] = new Array<Profile>(specs.length);
  await inParallel(specs, 16, async (spec, i) => {
    const response = await fetch(`${sandbox.url}/api/v1/public/factx/`, {
      method: 'POST',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
    if (response.status !== 200)
      throw new Error(`Create Profile answered ${response.status}: ${await response.text()}`);
    created[i] = { id: ((await response.json()) as { _id: string })._id, tag: spec.tag };
  });
  return { pool: created.slice(0, PROFILES), bulk: created.slice(PROFILES) };
}

const bulkName = (i: number) => `Bulk Person ${i + 1}`;

/** The bulk file: one line per pool profile (they are edited by people meanwhile) and the rest on its own profiles. */
function bulkCsv(profiles: { pool: Profile[]; bulk: Profile[] }): string {
  const all = [...profiles.pool, ...profiles.bulk].slice(0, BULK_LINES);
  return ['profileId,name', ...all.map((p, i) => `${p.id},${bulkName(i)}`)].join('\n');
}

// ---------------------------------------------------------------- one engine

interface EngineResult {
  engine: Engine;
  instances: number;
  figures: LoadFigures;
  failures: string[];
  settleMs: number;
}

async function runEngine(engine: Engine): Promise<EngineResult> {
  const setUpStarted = Date.now();
  const sandbox = await startSandbox({ token: TOKEN, port: PORT_BASE + 1000, seed: false });
  const database = engine === 'postgres' ? await postgresDatabase(POSTGRES_URL as string) : sqliteDatabase();
  const instances: Instance[] = [];
  const failures: string[] = [];
  try {
    const profiles = await createProfiles(sandbox);
    sandbox.configure({ latencyMs: LATENCY_MS });
    for (let slot = 0; slot < (engine === 'postgres' ? 2 : 1); slot += 1) {
      instances.push(await startInstance({ slot: slot + (engine === 'postgres' ? 1 : 0), engine, database, sandbox }));
    }
    const first = instances[0] as Instance;
    const adminCookie = await signIn({ consoleUrl: first.url, email: ADMIN_EMAIL, password: PASSWORD });

    // The people, created through the administrator's page's API, half HR and half support.
    const people: Person[] = [];
    await inParallel(
      Array.from({ length: PEOPLE }, (_, i) => i),
      4,
      async (i) => {
        const role = i % 2 === 0 ? 'hr' : 'support';
        const email = `load-person-${i + 1}@example.com`;
        await adminCall({
          consoleUrl: first.url,
          cookie: adminCookie,
          path: '/api/admin/users',
          body: { name: `Load person ${i + 1}`, email, role, password: PASSWORD },
          expect: 201,
        });
        const consoleUrl = (instances[i % instances.length] as Instance).url;
        people[i] = { index: i + 1, role, consoleUrl, cookie: await signIn({ consoleUrl, email, password: PASSWORD }) };
      },
    );
    console.log(
      `  ${engine}: ${instances.length} instance(s), ${PEOPLE} people signed in, ${PROFILES} profiles ` +
        `(set up in ${((Date.now() - setUpStarted) / 1000).toFixed(1)} s)`,
    );

    const { job } = await adminCall<{ job: BulkJobView }>({
      consoleUrl: first.url,
      cookie: adminCookie,
      path: '/api/bulk/jobs',
      body: {
        fileName: 'load.csv',
        csv: bulkCsv(profiles),
        mapping: { profileId: 'profileId', name: 'name' },
        dryRun: false,
      },
      expect: 201,
    });

    const requests: PersonRequest[] = [];
    const started = Date.now();
    const until = started + SECONDS * 1000;
    let lastNote = started;
    const note = setInterval(() => {
      if (Date.now() - lastNote < 10_000) return;
      lastNote = Date.now();
      const oks = requests.filter((r) => r.kind === 'put' && r.status === 200).length;
      const hangs = requests.filter((r) => r.hang).length;
      console.log(
        `    ${Math.round((lastNote - started) / 1000)} s: ${requests.length} requests, ${oks} saves OK, ${hangs} hangs`,
      );
    }, 1000);
    note.unref();
    try {
      await Promise.all(
        people.map((person) => personLoop({ person, profiles: profiles.pool, until, record: (r) => requests.push(r) })),
      );
    } finally {
      clearInterval(note);
    }
    const ended = Date.now();
    console.log(`  ${engine}: people stopped ${((ended - until) / 1000).toFixed(1)} s after the run's end`);

    // The bulk job is cancelled: lines not sent yet are not sent, lines being sent finish. An
    // administrator's press of Cancel is answered at once, or it hangs.
    try {
      await adminCall({
        deadlineMs: CANCEL_DEADLINE_MS,
        consoleUrl: first.url,
        cookie: adminCookie,
        path: `/api/bulk/jobs/${job.id}/cancel`,
        body: {},
        expect: 200,
      });
    } catch (error) {
      failures.push(
        `(settle) the bulk job could not be cancelled: ${error instanceof Error ? error.message : String(error)}`,
      );
    }

    // Settled: no attempt pending, no bulk line being sent, and Attestr quiet for 3 s.
    const settleStarted = Date.now();
    const quietMs = 3000;
    const callsSoFar = () => instances.reduce((sum, i) => sum + i.tap.calls().length, 0);
    let seen = callsSoFar();
    let quietSince = Date.now();
    let state = { pending: 0, sending: 0 };
    for (;;) {
      state = await database.unsettled();
      const now = callsSoFar();
      if (now !== seen) {
        seen = now;
        quietSince = Date.now();
      }
      const inFlight = instances.reduce((sum, i) => sum + i.tap.inFlight(), 0);
      if (state.pending === 0 && state.sending === 0 && inFlight === 0 && Date.now() - quietSince >= quietMs) break;
      if (Date.now() - settleStarted > SETTLE_MS) {
        failures.push(
          `(settle) not settled ${SETTLE_MS / 1000} s after the run: ${state.pending} attempt(s) pending, ` +
            `${state.sending} bulk line(s) being sent, ${inFlight} call(s) on their way to Attestr`,
        );
        break;
      }
      await sleep(250);
    }
    const settleMs = Date.now() - settleStarted;
    console.log(
      `  ${engine}: settle wait ${(settleMs / 1000).toFixed(1)} s; ${Math.round((Date.now() - setUpStarted) / 1000)} s in all`,
    );

    const attempts = await database.attempts();
    const calls = instances.flatMap((i) => i.tap.calls());
    failures.push(...loadFailures({ requests, attempts, calls }));
    const figures = loadFigures({ requests, attempts, calls, bulkLinesDone: await database.bulkLinesDone() });
    return { engine, instances: instances.length, figures, failures, settleMs };
  } finally {
    await stopAllServices();
    for (const instance of instances) await instance.tap.close();
    await sandbox.close();
    await database.close();
  }
}

// ---------------------------------------------------------------- report

const ms = (value: number) => (Number.isNaN(value) ? '–' : `${Math.round(value)}`);
const counts = (record: Record<string, number>) =>
  Object.keys(record).length === 0
    ? '0'
    : Object.entries(record)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `${key}: ${n}`)
        .join(', ');

function printResults(results: readonly EngineResult[]): void {
  const rows: [string, (f: LoadFigures, r: EngineResult) => string][] = [
    ['requests (opens + saves)', (f) => `${f.requests} (${f.gets} + ${f.saves})`],
    ['saves OK (200)', (f) => String(f.savesOk)],
    ['429 (budget; without Retry-After)', (f) => `${f.tooMany} (${f.tooManyWithoutRetryAfter})`],
    ['other 4xx', (f) => counts(f.clientErrors)],
    ['5xx', (f) => (f.serverErrors === 0 ? '0' : `${f.serverErrors}: ${counts(f.serverErrorCodes)}`)],
    [`hangs (no answer in ${DEADLINE_MS / 1000} s)`, (f) => String(f.hangs)],
    ['connections failed', (f) => String(f.connectionFailures)],
    ['save p50 / p99 / max ms', (f) => `${ms(f.saveP50Ms)} / ${ms(f.saveP99Ms)} / ${ms(f.saveMaxMs)}`],
    ['open p50 / p99 ms', (f) => `${ms(f.getP50Ms)} / ${ms(f.getP99Ms)}`],
    ['PUTs at Attestr (by status)', (f) => counts(f.putsAtAttestr)],
    ['attempts recorded', (f) => counts(f.attemptsByOutcome)],
    ['bulk lines done', (f) => String(f.bulkLinesDone)],
    ['settle wait (s)', (_f, r) => (r.settleMs / 1000).toFixed(1)],
  ];
  console.log(
    `\nLoad: ${PEOPLE} people × ${SECONDS} s on ${PROFILES} profiles, a bulk job of ${BULK_LINES} lines, ` +
      `the console's default Attestr budget, Attestr answering in ${LATENCY_MS} ms`,
  );
  console.log(
    table(
      ['', ...results.map((r) => `${r.engine} ×${r.instances}`)],
      rows.map(([label, cell]) => [label, ...results.map((r) => cell(r.figures, r))]),
    ),
  );
  for (const result of results) {
    console.log(`\n${result.engine}: ${result.failures.length === 0 ? 'every invariant holds' : 'FAILED'}`);
    for (const failure of result.failures) console.log(`  ✗ ${failure}`);
  }
}

// ---------------------------------------------------------------- main

function build(): void {
  if (SKIP_BUILD && existsSync(BUILD_ID)) {
    console.log('Build: reusing .next (LOAD_SKIP_BUILD=1)');
    return;
  }
  console.log('Building as for the end-to-end tests (npm run e2e:build)…');
  const result = spawnSync('npm', ['run', '--silent', 'e2e:build'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run e2e:build exited with ${result.status}`);
}

async function main(): Promise<boolean> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const engines: Engine[] = [];
  if (ENGINES.includes('sqlite')) engines.push('sqlite');
  if (ENGINES.includes('postgres')) {
    if (POSTGRES_URL) engines.push('postgres');
    else if (process.env.REQUIRE_POSTGRES === '1')
      throw new Error('TEST_DATABASE_URL is required when REQUIRE_POSTGRES=1');
    else console.log('PostgreSQL skipped: TEST_DATABASE_URL is not set.');
  }
  build();
  const results: EngineResult[] = [];
  for (const engine of engines) {
    console.log(`\n${engine}: starting`);
    results.push(await runEngine(engine));
  }
  printResults(results);
  return results.every((r) => r.failures.length === 0);
}

await runScript({ name: 'Load test', main });

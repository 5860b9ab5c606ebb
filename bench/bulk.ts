// `npm run bench:bulk` (also a step of `npm run bench`): a bulk job of BENCH_BULK_ROWS lines
// (default 10,000) through the console against the sandbox limited to BENCH_BULK_LIMIT calls a
// second (default 50, 4291 above it), on SQLite with one instance and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names a PostgreSQL server, on two instances sharing a fresh database. Each
// instance reaches the sandbox through a tap of its own (sandbox/tap.ts), which tells what
// reached Attestr and when. See README.md, "Bulk updates at the limit".
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pg from 'pg';

import type { BulkJobView, BulkRowView } from '@/lib/shared/bulk-types';
import { startSandbox, type RunningSandbox } from '@/sandbox/server';
import { acceptedUpdatesByProfile, startAttestrTap, type AttestrTap } from '@/sandbox/tap';

import { buildConsole } from './build';
import { ADMIN_EMAIL, DIST_DIR_NAME, RESULTS_DIR, ROOT_DIR, SKIP_BUILD } from './config';
import { bulkFigures, printBulkFigures, type BulkFigures } from './bulk-report';
import { freePort, runScript, startService, stopAllServices, waitForHttp } from './processes';
import { table } from './report';
import { signIn } from './stack';

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return value;
};

const LINES = positive('BENCH_BULK_ROWS', 10_000);
const LIMIT = positive('BENCH_BULK_LIMIT', 50);
/** Attestr's own time to answer each call. */
const LATENCY_MS = positive('BENCH_BULK_LATENCY_MS', 20);
/** Ports from here up when set (sandbox, taps, consoles); else free ones. */
const PORT_BASE = positive('BENCH_BULK_PORT_BASE', 0);
const ENGINES = (process.env.BENCH_BULK_ENGINES ?? 'sqlite,postgres').split(',').map((engine) => engine.trim());
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const TOKEN = randomBytes(24).toString('base64url');

let nextPort = PORT_BASE;
const port = async () => (PORT_BASE > 0 ? nextPort++ : freePort());

interface Run {
  engine: 'sqlite' | 'postgres';
  instances: number;
}

async function createProfiles(sandbox: RunningSandbox, count: number): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${sandbox.url}/api/v1/public/factx/`, {
        method: 'POST',
        headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tag: `BENCH-${i + 1}`, name: `Person ${i + 1}`, email: `person${i + 1}@example.com` }),
      });
      if (response.status !== 200) throw new Error(`Create Profile answered ${response.status}`);
      ids[i] = ((await response.json()) as { _id: string })._id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}

const nextName = (i: number) => `Person ${i + 1} Renamed`;
const nextEmail = (i: number) => `renamed${i + 1}@example.org`;

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `console_bench_bulk_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function api<T>(input: { consoleUrl: string; cookie: string; path: string; body?: unknown }): Promise<T> {
  const response = await fetch(`${input.consoleUrl}${input.path}`, {
    method: input.body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: input.cookie,
      origin: input.consoleUrl,
      'sec-fetch-site': 'same-origin',
      ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
  });
  if (!response.ok)
    throw new Error(`${input.path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

async function runOne(run: Run): Promise<BulkFigures> {
  const label = `${run.engine} ×${run.instances}`;
  const sandbox = await startSandbox({ token: TOKEN, port: PORT_BASE > 0 ? await port() : 0, seed: false });
  const taps: AttestrTap[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-bench-bulk-'));
  const database = run.engine === 'postgres' ? await createDatabase() : null;
  try {
    const created = performance.now();
    const ids = await createProfiles(sandbox, LINES);
    console.log(
      `  ${label}: ${LINES} profiles in the sandbox (${((performance.now() - created) / 1000).toFixed(1)} s)`,
    );
    sandbox.configure({ latencyMs: LATENCY_MS, rateLimitPerSecond: { account: LIMIT, api: null } });

    const adminPassword = randomBytes(15).toString('base64url');
    const secret = randomBytes(30).toString('base64url');
    const consoles: string[] = [];
    for (let instance = 0; instance < run.instances; instance += 1) {
      const tap = await startAttestrTap({ upstream: sandbox.url, port: PORT_BASE > 0 ? await port() : 0 });
      taps.push(tap);
      const consolePort = await port();
      const consoleUrl = `http://127.0.0.1:${consolePort}`;
      const service = startService({
        name: `console ${instance + 1}`,
        command: 'npx',
        args: ['--no', 'next', 'start', '-p', String(consolePort), '-H', '127.0.0.1'],
        cwd: ROOT_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          NEXT_DIST_DIR: DIST_DIR_NAME,
          ATTESTR_BASE_URL: tap.url,
          ATTESTR_AUTH_TOKEN: TOKEN,
          ATTESTR_RATE_LIMIT_PER_SEC: String(LIMIT),
          ATTESTR_DAILY_LIMIT: String(Math.max(1_000_000, LINES * 10)),
          BETTER_AUTH_SECRET: secret,
          BETTER_AUTH_URL: consoleUrl,
          DATA_DIR: path.join(dataDir, String(instance)),
          DATABASE_URL: database?.url ?? '',
          TRUSTED_PROXIES: '',
          ADMIN_EMAIL,
          ADMIN_PASSWORD: adminPassword,
          LOG_LEVEL: 'warn',
        },
        logFile: path.join(RESULTS_DIR, `bulk-${run.engine}-console-${instance + 1}.log`),
      });
      // One after the other: each migrates the database at start.
      await waitForHttp({ service, url: `${consoleUrl}/api/health` });
      consoles.push(consoleUrl);
    }
    const consoleUrl = consoles[0] as string;
    const cookie = await signIn({ consoleUrl, email: ADMIN_EMAIL, password: adminPassword });
    const csv = ['profileId,name,email', ...ids.map((id, i) => `${id},${nextName(i)},${nextEmail(i)}`)].join('\n');

    const postedAt = Date.now();
    const { job } = await api<{ job: BulkJobView }>({
      consoleUrl,
      cookie,
      path: '/api/bulk/jobs',
      body: {
        fileName: 'bench.csv',
        csv,
        mapping: { profileId: 'profileId', name: 'name', email: 'email' },
        dryRun: false,
      },
    });
    console.log(`  ${label}: job ${job.id} started`);
    const deadline = postedAt + ((LINES * 3) / (LIMIT * 0.3)) * 1000 + 300_000;
    let view = job;
    let lastNote = Date.now();
    while (view.state !== 'finished') {
      if (Date.now() > deadline) throw new Error(`The job did not end in time: ${JSON.stringify(view.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      view = (await api<{ job: BulkJobView }>({ consoleUrl, cookie, path: `/api/bulk/jobs/${job.id}` })).job;
      if (Date.now() - lastNote > 30_000) {
        lastNote = Date.now();
        console.log(
          `    ${((Date.now() - postedAt) / 1000).toFixed(0)} s: ${view.counts.done} done, ${view.counts.failed} failed, ` +
            `${view.rowsPerSecond?.toFixed(1) ?? '?'} lines/s`,
        );
      }
    }
    const finishedAt = view.finishedAt ?? Date.now();

    let unsettled = 0;
    let after: number | null = 0;
    while (after !== null) {
      const page: { rows: BulkRowView[]; next: number | null } = await api({
        consoleUrl,
        cookie,
        path: `/api/bulk/jobs/${job.id}/rows?group=all&limit=500&after=${after}`,
      });
      unsettled += page.rows.filter((row) => row.state !== 'succeeded').length;
      after = page.next;
    }

    sandbox.configure({ latencyMs: 0, rateLimitPerSecond: { account: null, api: null } });
    let wrongValues = 0;
    let next = 0;
    const check = async () => {
      while (next < ids.length) {
        const i = next++;
        const response = await fetch(`${sandbox.url}/api/v1/public/factx/${ids[i]}`, {
          headers: { authorization: `Basic ${TOKEN}` },
        });
        const held = (await response.json()) as { name: string; email: string };
        if (held.name !== nextName(i) || held.email !== nextEmail(i)) wrongValues += 1;
      }
    };
    await Promise.all(Array.from({ length: 16 }, check));

    const callsByInstance = taps.map((tap) => tap.calls());
    return bulkFigures({
      engine: run.engine,
      lines: LINES,
      limitPerSecond: LIMIT,
      postedAt,
      finishedAt,
      callsByInstance,
      wrongValues,
      acceptedByProfile: acceptedUpdatesByProfile(callsByInstance.flat()),
      profileIds: ids,
      unsettled,
    });
  } finally {
    await stopAllServices();
    for (const tap of taps) await tap.close();
    await sandbox.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function budgetCode(): string | null {
  try {
    return execFileSync('git', ['log', '-1', '--format=%h %s', '--', 'lib/attestr/budget.ts'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
    }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const runs: Run[] = [];
  if (ENGINES.includes('sqlite')) runs.push({ engine: 'sqlite', instances: 1 });
  if (ENGINES.includes('postgres') && POSTGRES_URL) runs.push({ engine: 'postgres', instances: 2 });
  console.log(SKIP_BUILD ? `Build: reusing ${DIST_DIR_NAME} if complete…` : `Building into ${DIST_DIR_NAME}…`);
  await buildConsole({ skip: SKIP_BUILD });
  console.log(
    `Bulk update of ${LINES} lines, Attestr limited to ${LIMIT} calls/s, ${LATENCY_MS} ms per answer; ` +
      `budget code: ${budgetCode() ?? 'unknown'}`,
  );
  const loadBefore = os.loadavg();
  const figures: BulkFigures[] = [];
  for (const run of runs) {
    figures.push(await runOne(run));
    // Each run's figures as soon as they are known: a long run that fails later keeps them.
    console.log(`  ${JSON.stringify(figures.at(-1))}`);
  }
  printBulkFigures(figures, table);
  const file = path.join(RESULTS_DIR, 'bulk.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        budgetCode: budgetCode(),
        settings: { lines: LINES, limitPerSecond: LIMIT, latencyMs: LATENCY_MS },
        machine: { cpus: os.cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
        figures,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWrote ${path.relative(process.cwd(), file)}.`);
}

await runScript({ name: 'Bulk benchmark', main });

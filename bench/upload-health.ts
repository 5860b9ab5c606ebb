// `npm run bench:upload` (also a step of `npm run bench`): two people each post a bulk file of
// BENCH_UPLOAD_ROWS lines (default 100,000) to the production console at the same moment, while
// /api/health is asked every 50 ms. Prints how long health took to answer during the uploads
// (p50/p95/max) and how long each upload took, on SQLite and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names a PostgreSQL server, on a fresh database there. Target: health p95
// under 200 ms. See README.md, "Bulk updates".
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { startSandbox } from '@/sandbox/server';

import { buildConsole } from './build';
import { ADMIN_EMAIL, DIST_DIR_NAME, RESULTS_DIR, ROOT_DIR, SKIP_BUILD } from './config';
import { freePort, runScript, startService, stopAllServices, waitForHttp } from './processes';
import { signIn } from './stack';

const LINES = Number(process.env.BENCH_UPLOAD_ROWS ?? 100_000);
const ENGINES = (process.env.BENCH_UPLOAD_ENGINES ?? 'sqlite,postgres').split(',').map((engine) => engine.trim());
const POSTGRES_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const POLL_EVERY_MS = 50;
const TARGET_P95_MS = 200;
const TOKEN = randomBytes(24).toString('base64url');

interface UploadFigures {
  engine: 'sqlite' | 'postgres';
  lines: number;
  health: { count: number; p50: number; p95: number; max: number; connectionsReset: number };
  uploadSeconds: number[];
  uploadStatuses: number[];
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `console_bench_upload_${randomBytes(4).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`drop database if exists ${name} with (force)`) };
}

/** A file of `lines` lines, each a distinct well-formed profile ID (none exists: nothing is sent). */
function bulkCsv(person: string, lines: number): string {
  const rows = ['profileId,name,email'];
  for (let i = 0; i < lines; i += 1) {
    const id = `${person}${String(i).padStart(12, '0')}`;
    rows.push(`${id},Person ${i + 1} ${person},person${i + 1}.${person}@example.org`);
  }
  return rows.join('\n');
}

async function post(input: { consoleUrl: string; cookie: string; path: string; body: unknown }): Promise<Response> {
  return fetch(`${input.consoleUrl}${input.path}`, {
    method: 'POST',
    headers: {
      cookie: input.cookie,
      origin: input.consoleUrl,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/json',
    },
    body: JSON.stringify(input.body),
  });
}

async function runOne(engine: 'sqlite' | 'postgres'): Promise<UploadFigures> {
  // Attestr is there for the console to start, limited so that the runner's dry runs, which
  // begin as each upload ends, weigh nothing beside the uploads measured.
  const sandbox = await startSandbox({ token: TOKEN, port: 0, seed: false });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-bench-upload-'));
  const database = engine === 'postgres' ? await createDatabase() : null;
  try {
    const adminPassword = randomBytes(15).toString('base64url');
    const consolePort = await freePort();
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    const service = startService({
      name: 'console',
      command: 'npx',
      args: ['--no', 'next', 'start', '-p', String(consolePort), '-H', '127.0.0.1'],
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        NEXT_DIST_DIR: DIST_DIR_NAME,
        ATTESTR_BASE_URL: sandbox.url,
        ATTESTR_AUTH_TOKEN: TOKEN,
        ATTESTR_RATE_LIMIT_PER_SEC: '2',
        BETTER_AUTH_SECRET: randomBytes(30).toString('base64url'),
        BETTER_AUTH_URL: consoleUrl,
        DATA_DIR: dataDir,
        DATABASE_URL: database?.url ?? '',
        TRUSTED_PROXIES: '',
        ADMIN_EMAIL,
        ADMIN_PASSWORD: adminPassword,
        LOG_LEVEL: 'warn',
      },
      logFile: path.join(RESULTS_DIR, `upload-health-${engine}-console.log`),
    });
    await waitForHttp({ service, url: `${consoleUrl}/api/health` });
    const adminCookie = await signIn({ consoleUrl, email: ADMIN_EMAIL, password: adminPassword });
    const hrEmail = 'bench-hr@example.com';
    const hrPassword = randomBytes(15).toString('base64url');
    const created = await post({
      consoleUrl,
      cookie: adminCookie,
      path: '/api/admin/users',
      body: { name: 'Bench HR', email: hrEmail, role: 'hr', password: hrPassword },
    });
    if (created.status !== 201) throw new Error(`Creating the HR user answered ${created.status}`);
    const hrCookie = await signIn({ consoleUrl, email: hrEmail, password: hrPassword });

    const people = [
      { name: 'A', cookie: adminCookie },
      { name: 'B', cookie: hrCookie },
    ];
    const files = people.map((person) => bulkCsv(person.name, LINES));
    // Warm the routes up (first compile of each module), so the figures are about the uploads.
    for (let i = 0; i < 20; i += 1) await fetch(`${consoleUrl}/api/health`);

    const latencies: number[] = [];
    let resets = 0;
    let uploading = true;
    const poller = (async () => {
      while (uploading) {
        const started = performance.now();
        // A connection the server dropped while it was held up (its keep-alive timer ran out
        // meanwhile) is asked again at once: the person waited all along.
        for (let attempt = 1; ; attempt += 1) {
          try {
            const response = await fetch(`${consoleUrl}/api/health`);
            await response.arrayBuffer();
            break;
          } catch (error) {
            resets += 1;
            if (attempt >= 5) throw error;
          }
        }
        const took = performance.now() - started;
        if (uploading) latencies.push(took);
        if (took < POLL_EVERY_MS) await sleep(POLL_EVERY_MS - took);
      }
    })();
    const uploads = await Promise.all(
      people.map(async (person, i) => {
        const started = performance.now();
        const response = await post({
          consoleUrl,
          cookie: person.cookie,
          path: '/api/bulk/jobs',
          body: {
            fileName: `bench-${person.name}.csv`,
            csv: files[i],
            mapping: { profileId: 'profileId', name: 'name', email: 'email' },
            dryRun: true,
          },
        });
        const text = await response.text();
        const seconds = (performance.now() - started) / 1000;
        if (response.status !== 201)
          console.log(`  upload ${person.name} answered ${response.status}: ${text.slice(0, 300)}`);
        return { status: response.status, seconds };
      }),
    );
    uploading = false;
    await poller;
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      engine,
      lines: LINES,
      health: {
        count: sorted.length,
        p50: round(quantile(sorted, 0.5)),
        p95: round(quantile(sorted, 0.95)),
        max: round(sorted.at(-1) ?? NaN),
        connectionsReset: resets,
      },
      uploadSeconds: uploads.map((upload) => Math.round(upload.seconds * 100) / 100),
      uploadStatuses: uploads.map((upload) => upload.status),
    };
  } finally {
    await stopAllServices();
    await sandbox.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const engines: ('sqlite' | 'postgres')[] = [];
  if (ENGINES.includes('sqlite')) engines.push('sqlite');
  if (ENGINES.includes('postgres') && POSTGRES_URL) engines.push('postgres');
  console.log(SKIP_BUILD ? `Build: reusing ${DIST_DIR_NAME} if complete…` : `Building into ${DIST_DIR_NAME}…`);
  await buildConsole({ skip: SKIP_BUILD });
  console.log(`Two uploads of ${LINES.toLocaleString('en')} lines at once, /api/health every ${POLL_EVERY_MS} ms`);
  const figures: UploadFigures[] = [];
  for (const engine of engines) {
    const result = await runOne(engine);
    figures.push(result);
    const { health } = result;
    console.log(
      `  ${engine}: health p50 ${health.p50} ms, p95 ${health.p95} ms, max ${health.max} ms ` +
        `(${health.count} asked, ${health.connectionsReset} connections reset); ` +
        `uploads ${result.uploadSeconds.map((s) => `${s} s`).join(' and ')} (HTTP ${result.uploadStatuses.join(', ')}); ` +
        `p95 target under ${TARGET_P95_MS} ms: ${health.p95 < TARGET_P95_MS ? 'met' : 'missed'}`,
    );
  }
  const file = path.join(RESULTS_DIR, 'upload-health.json');
  writeFileSync(
    file,
    `${JSON.stringify({ finishedAt: new Date().toISOString(), machine: { cpus: os.cpus().length }, figures }, null, 2)}\n`,
  );
  console.log(`\nWrote ${path.relative(process.cwd(), file)}.`);
  if (figures.some((figure) => figure.uploadStatuses.some((status) => status !== 201))) process.exitCode = 1;
}

await runScript({ name: 'Upload benchmark', main });

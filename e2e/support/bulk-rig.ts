import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, request, type APIRequestContext } from '@playwright/test';
import pg from 'pg';

import type { BulkJobView, BulkRowView } from '../../lib/shared/bulk-types';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { acceptedUpdatesByProfile, startAttestrTap, type AttestrTap } from '../../sandbox/tap';
import { E2E } from '../fixtures/settings';
import { sameOrigin } from './api';

/**
 * Consoles started and killed by a test, in live mode against a sandbox that outlives them:
 * the sandbox runs in the test's own process, and each console reaches it through a tap of
 * its own (sandbox/tap.ts), so the test knows which instance sent what, and that an
 * update Attestr applied while its console was being killed was applied.
 */

const TOKEN = 'bulk-rig-attestr-token-5d1c0a9e';
export const ADMIN = { email: 'bulk-admin@example.com', password: 'bulk-rig-admin-password' };
const SECRET = `bulk-rig-secret-${'0123456789'.repeat(4)}`;

/** Ports of this spec's processes: consoles, then the sandbox and one tap per console. */
const PORTS = { console: E2E.port + 60, sandbox: E2E.port + 70, tap: E2E.port + 71 } as const;
const TAP_PORTS = 25;
let taps = 0;

export interface RigProfile {
  id: string;
  tag: string;
  name: string;
  email: string;
  /** What the bulk file sets. */
  next: { name: string; email: string };
}

export interface Rig {
  sandbox: RunningSandbox;
  profiles: RigProfile[];
  /** The file's text: profileId, name, email. */
  csv: string;
  close(): Promise<void>;
}

/** A sandbox holding `count` profiles of its own, answering slowly and within a rate limit. */
export async function startRig(input: { count: number; latencyMs: number; perSecond: number }): Promise<Rig> {
  const sandbox = await startSandbox({ token: TOKEN, port: PORTS.sandbox, seed: false });
  const profiles: RigProfile[] = [];
  for (let i = 1; i <= input.count; i += 1) {
    const fields = { tag: `BULK-${i}`, name: `Person ${i}`, email: `person${i}@example.com` };
    const response = await fetch(`${sandbox.url}/api/v1/public/factx/`, {
      method: 'POST',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    expect(response.status).toBe(200);
    const { _id } = (await response.json()) as { _id: string };
    profiles.push({ id: _id, ...fields, next: { name: `Person ${i} Renamed`, email: `renamed${i}@example.org` } });
  }
  sandbox.configure({ latencyMs: input.latencyMs, rateLimitPerSecond: { account: input.perSecond, api: null } });
  const csv = ['profileId,name,email', ...profiles.map((p) => `${p.id},${p.next.name},${p.next.email}`)].join('\n');
  return { sandbox, profiles, csv, close: () => sandbox.close() };
}

export interface Database {
  engine: 'sqlite' | 'postgres';
  /** The environment a console needs to open it. */
  env: Record<string, string>;
  cleanUp(): Promise<void>;
}

export function sqliteDatabase(): Database {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-bulk-crash-'));
  return {
    engine: 'sqlite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    async cleanUp() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postgresDatabase(serverUrl: string): Promise<Database> {
  const name = `console_bulk_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-bulk-crash-pg-'));
  return {
    engine: 'postgres',
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async cleanUp() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningConsole {
  baseUrl: string;
  tap: AttestrTap;
  logFile: string;
  process: ChildProcess;
  /** SIGKILL to the whole group (npx and the server under it), and wait for it to be gone. */
  kill(): Promise<void>;
  /** The log's lines, parsed (pino JSON). */
  log(): Record<string, unknown>[];
}

/**
 * Starts console number `slot` (its port) on `database`, with a tap of its own, and waits
 * until it answers. A console started again in the same slot gets a fresh tap: calls are
 * counted by process, and a killed console's tap still records the answers on their way.
 */
export async function startConsole(input: {
  slot: number;
  database: Database;
  rig: Rig;
  perSecond: number;
  logFile: string;
}): Promise<RunningConsole> {
  const port = PORTS.console + input.slot;
  const baseUrl = `http://127.0.0.1:${port}`;
  const tap = await startAttestrTap({ upstream: input.rig.sandbox.url, port: PORTS.tap + (taps++ % TAP_PORTS) });
  const log = openSync(input.logFile, 'w');
  const child = spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      ...input.database.env,
      ATTESTR_BASE_URL: tap.url,
      ATTESTR_AUTH_TOKEN: TOKEN,
      ATTESTR_TIMEOUT_MS: '4000',
      ATTESTR_RATE_LIMIT_PER_SEC: String(input.perSecond),
      ATTESTR_DAILY_LIMIT: '1000000',
      BETTER_AUTH_SECRET: SECRET,
      BETTER_AUTH_URL: baseUrl,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TRUSTED_PROXIES: '',
      LOG_LEVEL: 'info',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) return -1;
        try {
          return (await fetch(`${baseUrl}/api/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [250], message: `console ${input.slot} started; see ${input.logFile}` },
    )
    .toBe(200);
  let killed = false;
  return {
    baseUrl,
    tap,
    logFile: input.logFile,
    process: child,
    async kill() {
      if (!killed && child.exitCode === null && child.signalCode === null) {
        process.kill(-(child.pid as number), 'SIGKILL');
        await exited;
      }
      killed = true;
    },
    log: () =>
      readFileSync(input.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The administrator's API client on one console, as its pages would call it. */
export async function adminApi(baseUrl: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: sameOrigin(baseUrl) });
  const signedIn = await api.post('/api/auth/sign-in/email', { data: ADMIN });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  return api;
}

export async function createJob(api: APIRequestContext, rig: Rig): Promise<BulkJobView> {
  const response = await api.post('/api/bulk/jobs', {
    data: {
      fileName: 'renames.csv',
      csv: rig.csv,
      mapping: { profileId: 'profileId', name: 'name', email: 'email' },
      dryRun: false,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { job: BulkJobView }).job;
}

export async function jobOf(api: APIRequestContext, jobId: string): Promise<BulkJobView> {
  const response = await api.get(`/api/bulk/jobs/${jobId}`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { job: BulkJobView }).job;
}

export async function rowsOf(api: APIRequestContext, jobId: string): Promise<BulkRowView[]> {
  const rows: BulkRowView[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const response = await api.get(`/api/bulk/jobs/${jobId}/rows?group=all&limit=500&after=${after}`);
    expect(response.status(), await response.text()).toBe(200);
    const page = (await response.json()) as { rows: BulkRowView[]; next: number | null };
    rows.push(...page.rows);
    after = page.next;
  }
  return rows;
}

/** Waits until the job is done with `lines` lines settled (or `timeout` passes). */
export async function waitForDone(api: APIRequestContext, jobId: string, timeout: number): Promise<BulkJobView> {
  await expect
    .poll(async () => (await jobOf(api, jobId)).state, { timeout, intervals: [500], message: 'the job ended' })
    .toBe('finished');
  return jobOf(api, jobId);
}

/**
 * What every bulk job must leave: every line settled and saved, each profile updated at
 * Attestr exactly once (one accepted PUT over every console's tap), holding its new values.
 */
export async function expectExactlyOnce(input: {
  api: APIRequestContext;
  jobId: string;
  rig: Rig;
  taps: readonly AttestrTap[];
}): Promise<void> {
  const { rig } = input;
  const job = await jobOf(input.api, input.jobId);
  expect(job.counts).toMatchObject({ total: rig.profiles.length, done: rig.profiles.length, failed: 0, remaining: 0 });
  const rows = await rowsOf(input.api, input.jobId);
  expect(rows.map((row) => row.line)).toEqual(rig.profiles.map((_, i) => i + 2));
  expect(rows.filter((row) => row.state !== 'succeeded')).toEqual([]);

  const accepted = acceptedUpdatesByProfile(input.taps.flatMap((tap) => tap.calls()));
  const twice = [...accepted].filter(([, count]) => count > 1);
  expect(twice, 'profiles updated more than once').toEqual([]);
  expect(
    rig.profiles.filter((p) => !accepted.has(p.id)).map((p) => p.id),
    'profiles never updated',
  ).toEqual([]);

  rig.sandbox.configure({ rateLimitPerSecond: { account: null, api: null }, latencyMs: 0 });
  const wrong: string[] = [];
  for (const profile of rig.profiles) {
    const response = await fetch(`${rig.sandbox.url}/api/v1/public/factx/${profile.id}`, {
      headers: { authorization: `Basic ${TOKEN}` },
    });
    const held = (await response.json()) as { tag: string; name: string; email: string };
    if (held.tag !== profile.tag || held.name !== profile.next.name || held.email !== profile.next.email) {
      wrong.push(profile.id);
    }
  }
  expect(wrong, 'profiles not holding the file’s values').toEqual([]);
}

/** Accepted updates a tap saw (each instance's share of the work). */
export function acceptedCount(tap: AttestrTap): number {
  return [...acceptedUpdatesByProfile(tap.calls()).values()].reduce((sum, count) => sum + count, 0);
}

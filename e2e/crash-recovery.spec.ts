import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { request } from '@playwright/test';
import SQLite from 'better-sqlite3';
import pg from 'pg';

import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { UpdatePage } from './pages/update-page';
import { sameOrigin } from './support/api';

/**
 * A console killed (SIGKILL) while an update is on its way to Attestr, then started again:
 * the attempt it had recorded stays, and becomes 'unknown' to be checked, never forgotten.
 * Each engine gets a console of its own, on ports of its own, started and killed here.
 */

const { gitanjali } = SEED;
const seeded = { tag: gitanjali.tag, name: gitanjali.name, email: gitanjali.email, mobile: gitanjali.mobile };
const TIMEOUT_MS = 4000;

interface Engine {
  name: 'sqlite' | 'postgres';
  port: number;
  env: Record<string, string>;
  outcomeOf(attemptId: string): Promise<string | undefined>;
  cleanUp(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-crash-'));
  return {
    name: 'sqlite',
    port: E2E.port + 40,
    env: { DATA_DIR: dataDir },
    async outcomeOf(attemptId) {
      const db = new SQLite(path.join(dataDir, 'console.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare('select outcome from update_attempt where id = ?').get(attemptId) as
          { outcome: string } | undefined;
        return row?.outcome;
      } finally {
        db.close();
      }
    },
    async cleanUp() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(serverUrl: string): Promise<Engine> {
  const name = `console_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-crash-pg-'));
  return {
    name: 'postgres',
    port: E2E.port + 41,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString(), BETTER_AUTH_SECRET: E2E.sharedSecret },
    async outcomeOf(attemptId) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const result = await client.query<{ outcome: string }>('select outcome from update_attempt where id = $1', [
          attemptId,
        ]);
        return result.rows[0]?.outcome;
      } finally {
        await client.end();
      }
    },
    async cleanUp() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function startConsole(engine: Engine): ChildProcess {
  return spawn('npx', ['next', 'start', '-p', String(engine.port)], {
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      ...engine.env,
      ATTESTR_AUTH_TOKEN: E2E.canaryToken,
      ATTESTR_TIMEOUT_MS: String(TIMEOUT_MS),
      SANDBOX_PORT: String(engine.port + 1000),
      BETTER_AUTH_URL: `http://127.0.0.1:${engine.port}`,
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
}

async function waitUntilUp(port: number): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(200);
}

async function kill(server: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // The whole group: npx and the server it started.
  process.kill(-(server.pid as number), 'SIGKILL');
  await exited;
}

test.describe('an update in progress for longer than any answer takes', () => {
  test.use({ role: 'ops' });

  test('offers Check at Attestr on its page', async ({ page }) => {
    // As a save whose process lives but whose outcome was never written: in progress, and older
    // than the Attestr timeout (3 s for the end-to-end console) but not yet marked unknown.
    const file = path.join(E2E.dataDir, 'console.sqlite');
    const db = new SQLite(file, { fileMustExist: true });
    const attemptId = randomUUID();
    const now = Date.now();
    try {
      const live = db.prepare('select id from console_process order by heartbeat_at desc limit 1').get() as
        { id: string } | undefined;
      db.prepare(
        `insert into update_attempt (id, request_hash, profile_id, profile_tag, actor_id, actor_role, source,
           changed_fields, requested, base, before, sent, outcome, created_at, owner_process)
         values (?, 'hash', ?, ?, 'someone', 'hr', 'form', '["name"]', ?, ?, ?, ?, 'pending', ?, ?)`,
      ).run(
        attemptId,
        gitanjali.id,
        gitanjali.tag,
        JSON.stringify({ name: 'Gitanjali R.' }),
        JSON.stringify(seeded),
        JSON.stringify(seeded),
        JSON.stringify({ ...seeded, name: 'Gitanjali R.' }),
        now - 3_500,
        live?.id ?? null,
      );
    } finally {
      db.close();
    }
    const update = new UpdatePage(page);
    await update.goto(attemptId);
    await update.checkButton.click();
    await expect(update.outcome).toContainText('Checked at Attestr: the change is not there');
    await expect(update.since).toContainText('the change is not at Attestr');
    // Taken for interrupted by the check: it can be sent again.
    await expect(update.retryButton).toBeVisible();
  });
});

const engines: (() => Promise<Engine>)[] = [sqliteEngine];
const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) engines.push(() => postgresEngine(postgresUrl));

for (const makeEngine of engines) {
  test(`a console killed mid-update leaves the attempt on record, settled as unknown as soon as it starts again [${makeEngine === sqliteEngine ? 'sqlite' : 'postgres'}]`, async () => {
    test.setTimeout(150_000);
    const engine = await makeEngine();
    const base = `http://127.0.0.1:${engine.port}`;
    let server = startConsole(engine);
    try {
      await waitUntilUp(engine.port);
      const api = await request.newContext({ baseURL: base, extraHTTPHeaders: sameOrigin(base) });
      const signedIn = await api.post('/api/auth/sign-in/email', {
        data: { email: E2E.users.hr, password: E2E.demoPassword },
      });
      expect(signedIn.status(), await signedIn.text()).toBe(200);
      const sandbox = await fetch(`http://127.0.0.1:${engine.port + 1000}/__sandbox/faults`, {
        method: 'POST',
        headers: { authorization: `Basic ${E2E.canaryToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'hang', method: 'PUT' }),
      });
      expect(sandbox.status).toBe(204);

      const attemptId = randomUUID();
      const inFlight = api
        .put(`/api/profiles/${gitanjali.id}`, {
          data: { ...seeded, name: 'Gitanjali Raheja-Kapoor', base: seeded },
          headers: { 'Idempotency-Key': attemptId },
        })
        .catch(() => undefined);
      // The attempt is written down before the update goes out.
      await expect
        .poll(() => engine.outcomeOf(attemptId), { timeout: TIMEOUT_MS - 1000, intervals: [50] })
        .toBe('pending');
      await kill(server);
      await inFlight;
      await api.dispose();
      expect(await engine.outcomeOf(attemptId)).toBe('pending');

      server = startConsole(engine);
      await waitUntilUp(engine.port);
      // At once: the process that sent it no longer runs, so nobody waits for its answer.
      expect(await engine.outcomeOf(attemptId)).toBe('unknown');
    } finally {
      if (server.exitCode === null && server.signalCode === null) await kill(server);
      await engine.cleanUp();
    }
  });
}

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { startSandbox, type RunningSandbox } from '@/sandbox/server';
import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TOKEN = 'health-test-token';

/** Forwards everything to the sandbox and counts what reaches it: "Attestr" as the console sees it. */
async function countingProxy(target: string) {
  let count = 0;
  const server = http.createServer((request, response) => {
    count += 1;
    const upstream = http.request(
      `${target}${request.url}`,
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    reset: () => {
      count = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('GET /api/health and /api/health/ready', () => {
  let sandbox: RunningSandbox;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let testConsole: TestConsole;
  let health: typeof import('@/app/api/health/route').GET;
  let ready: typeof import('@/app/api/health/ready/route').GET;
  let cookieOf: (email: string) => Promise<string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN });
    proxy = await countingProxy(sandbox.url);
    testConsole = await startTestConsole({
      engine: 'sqlite',
      env: {
        ATTESTR_BASE_URL: proxy.url,
        ATTESTR_AUTH_TOKEN: TOKEN,
        BETTER_AUTH_SECRET: 'h'.repeat(40),
        ADMIN_EMAIL: 'admin@console.example.org',
        ADMIN_PASSWORD: 'health-admin-password',
        // Attestr's usual rate, so the share kept for people is 3 calls a second.
        ATTESTR_RATE_LIMIT_PER_SEC: '10',
      },
    });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
    await (await import('@/lib/auth/bootstrap')).ensureInitialUsers();
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ['ops', 'hr'] as const) {
      await getAuth().api.createUser({
        body: { email: `${role}@console.example.org`, password: 'health-user-password', name: role, role },
      });
    }
    const { signIn } = await import('@/lib/api/sign-in');
    cookieOf = async (email) => {
      const response = await signIn(
        new NextRequest(`${CONSOLE_ORIGIN}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
          body: JSON.stringify({
            email,
            password: email.startsWith('admin') ? 'health-admin-password' : 'health-user-password',
          }),
        }),
      );
      return response.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');
    };
    health = (await import('@/app/api/health/route')).GET;
    ready = (await import('@/app/api/health/ready/route')).GET;
  });
  afterAll(async () => {
    await testConsole?.close();
    await proxy?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    delete (globalThis as { __consoleAttestrProbe?: unknown }).__consoleAttestrProbe;
    proxy.reset();
  });

  const call = (handler: typeof health, path: string, cookie?: string) =>
    handler(new NextRequest(`${CONSOLE_ORIGIN}${path}`, { headers: cookie ? { cookie } : {} }), {
      params: Promise.resolve({}),
    });

  it('tells an anonymous caller only that the console is up, and asks Attestr nothing', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => call(health, '/api/health')));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(await answer.json()).toEqual({ status: 'ok' });
    }
    expect(proxy.count()).toBe(0);
  });

  it('readiness: 25 simultaneous anonymous checks ask Attestr once, and answer no details', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => call(ready, '/api/health/ready')));

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ status: 'ok' });
    }
    expect(proxy.count()).toBe(1);
    // Within the interval, later checks reuse that answer.
    expect((await call(ready, '/api/health/ready')).status).toBe(200);
    expect(proxy.count()).toBe(1);
  });

  it('gives a signed-in admin or ops the details, sharing the same single probe', async () => {
    const [admin, ops] = [await cookieOf('admin@console.example.org'), await cookieOf('ops@console.example.org')];
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        call(i % 2 ? health : ready, i % 2 ? '/api/health' : '/api/health/ready', i % 4 === 1 ? ops : admin),
      ),
    );

    expect(proxy.count()).toBe(1);
    const detailed = await answers[1]?.json();
    expect(detailed).toEqual({
      status: 'ok',
      database: { ok: true, engine: 'sqlite' },
      attestr: { ok: true, mode: 'live' },
    });
  });

  it('gives another role only liveness', async () => {
    const answer = await call(health, '/api/health', await cookieOf('hr@console.example.org'));
    expect(await answer.json()).toEqual({ status: 'ok' });
    expect(proxy.count()).toBe(0);
  });

  it('stays ready while the shared Attestr budget holds calls back, asking Attestr nothing', async () => {
    const admin = await cookieOf('admin@console.example.org');
    // Another instance was told by Attestr to wait 30 seconds: every instance holds back.
    const { getDatabase } = await import('@/lib/db/connection');
    const { holdBackAttestrCalls } = await import('@/test/support/attestr-budget');
    const held = await holdBackAttestrCalls({ handle: getDatabase(), seconds: 30 });
    try {
      const answer = await call(health, '/api/health', admin);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        status: 'ok',
        attestr: { ok: true, problem: expect.stringMatching(/holding back its calls to Attestr/) },
      });
      expect(proxy.count()).toBe(0);
    } finally {
      await held.release();
    }
  });

  it('says degraded, with 503, when Attestr refuses the console', async () => {
    sandbox.injectFault({ kind: 'error', code: 4016, method: 'GET' });
    const answer = await call(ready, '/api/health/ready');
    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({ status: 'degraded' });
  });

  it('probes Attestr without counting as a person calling: background work keeps the whole rate', async () => {
    expect((await call(ready, '/api/health/ready')).status).toBe(200);
    expect(proxy.count()).toBe(1);
    const { getAttestrBudget } = await import('@/lib/attestr/budget');
    const { backgroundTakesInOneSecond } = await import('@/test/support/attestr-budget');
    // 7 would mean background work held to its share, as if a person were calling.
    expect(await backgroundTakesInOneSecond({ budget: getAttestrBudget(), takes: 12 })).toBe(10);
  });
});

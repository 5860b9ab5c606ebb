import { randomUUID } from 'node:crypto';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { startCountingProxy, type CountingProxy } from '@/test/support/counting-proxy';
import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';

const TOKEN = 'retry-route-token-5b7c';
const FACTX = '/api/v1/public/factx';
const PASSWORD = 'retry-route-password-1';
const { gitanjali } = SANDBOX_PROFILE_IDS;
const loaded = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};
const ROLES = ['admin', 'hr', 'support', 'ops'] as const;
type Role = (typeof ROLES)[number];

type RetryRoute = typeof import('@/app/api/updates/[attemptId]/retry/route');
type ResolveRoute = typeof import('@/app/api/updates/[attemptId]/resolve/route');

let sandbox: RunningSandbox;
let proxy: CountingProxy;
let testConsole: TestConsole;
let retryRoute: RetryRoute;
let resolveRoute: ResolveRoute;
const users = {} as Record<Role, { id: string; cookie: string }>;

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN });
  proxy = await startCountingProxy(sandbox);
  testConsole = await startTestConsole({
    engine: 'sqlite',
    env: {
      ATTESTR_BASE_URL: proxy.url,
      ATTESTR_AUTH_TOKEN: TOKEN,
      ATTESTR_TIMEOUT_MS: '700',
      BETTER_AUTH_SECRET: 'retry-route-secret-0123456789abcdefghij',
    },
  });
  const { migrateDatabase } = await import('@/lib/auth/migrate');
  await migrateDatabase();
  const { getAuth } = await import('@/lib/auth/auth');
  for (const role of ROLES) {
    const email = `${role}.retry@example.com`;
    const created = await getAuth().api.createUser({
      body: { email, password: PASSWORD, name: `${role} tester`, role },
    });
    const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((line) => line.split(';', 1)[0])
      .join('; ');
    users[role] = { id: created.user.id, cookie };
  }
  retryRoute = await import('@/app/api/updates/[attemptId]/retry/route');
  resolveRoute = await import('@/app/api/updates/[attemptId]/resolve/route');
});

afterAll(async () => {
  await testConsole?.close();
  await proxy?.close();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.reset();
  proxy.requests.length = 0;
});

/** The console's JSON answer: a result, or `error` with its code and the message per field. */
type Answer = Record<string, unknown> & { error: { code: unknown; fieldErrors?: Record<string, string> } };

async function post(
  action: 'retry' | 'resolve',
  attemptId: string,
  init: { role: Role; body: unknown; origin?: string },
): Promise<{ status: number; json: Answer }> {
  const request = new NextRequest(`${CONSOLE_ORIGIN}/api/updates/${attemptId}/${action}`, {
    method: 'POST',
    headers: {
      cookie: users[init.role].cookie,
      origin: init.origin ?? CONSOLE_ORIGIN,
      'content-type': 'application/json',
    },
    body: JSON.stringify(init.body),
  });
  const handler = action === 'retry' ? retryRoute.POST : resolveRoute.POST;
  const response = await handler(request, { params: Promise.resolve({ attemptId }) });
  return { status: response.status, json: (await response.json()) as Answer };
}

/** An HR person's name change that Attestr failed with 5001: an open update. */
async function failedChange(values: Partial<typeof loaded> = { name: 'G. Raheja' }, code?: number): Promise<string> {
  const { saveProfile } = await import('@/lib/updates/save');
  sandbox.injectFault(code ? { kind: 'error', code, method: 'PUT' } : { kind: 'error5001', method: 'PUT' });
  const attemptId = randomUUID();
  await expect(
    saveProfile({
      actor: { userId: users.hr.id, role: 'hr' },
      profileId: gitanjali,
      values: { ...loaded, ...values },
      base: loaded,
      source: 'form',
      attemptId,
    }),
  ).rejects.toMatchObject({ kind: 'failed' });
  proxy.requests.length = 0;
  return attemptId;
}

async function heldName(): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, { headers: { authorization: `Basic ${TOKEN}` } });
  return ((await response.json()) as { name: unknown }).name;
}

describe('POST /api/updates/[attemptId]/retry', () => {
  it('refuses HR and support with 403, sending nothing', async () => {
    const attemptId = await failedChange();
    for (const role of ['hr', 'support'] as const) {
      const answer = await post('retry', attemptId, { role, body: { retryAttemptId: randomUUID() } });
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(proxy.requests).toEqual([]);
  });

  it('lets operations send it again, answering like a save; the same retry id sends once', async () => {
    const attemptId = await failedChange();
    const retryAttemptId = randomUUID();
    const first = await post('retry', attemptId, { role: 'ops', body: { retryAttemptId } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      retryOf: attemptId,
      result: 'saved',
      saved: { attemptId: retryAttemptId, changed: ['name'], sent: { name: 'G. Raheja' } },
      held: { name: 'G. Raheja' },
    });
    const again = await post('retry', attemptId, { role: 'ops', body: { retryAttemptId } });
    expect(again.json).toMatchObject({ result: 'saved', saved: { replayed: true } });
    expect(proxy.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
    expect(await heldName()).toBe('G. Raheja');

    const later = await post('retry', attemptId, { role: 'admin', body: { retryAttemptId: randomUUID() } });
    expect(later.status).toBe(409);
    expect(later.json.error).toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });
  });

  it('answers 409 PROFILE_CHANGED when someone changed the field since, sending nothing', async () => {
    const attemptId = await failedChange();
    await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...loaded, name: 'Gita R.' }),
    });
    const answer = await post('retry', attemptId, { role: 'ops', body: { retryAttemptId: randomUUID() } });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({ code: 'PROFILE_CHANGED', conflicts: { name: 'Gita R.' } });
    expect(proxy.requests.filter((request) => request.method === 'PUT')).toEqual([]);
    expect(await heldName()).toBe('Gita R.');
  });

  it.each([40038, 40018])(
    'refuses with 409 to send again a failure Attestr answered %s, sending nothing',
    async (code) => {
      const attemptId = await failedChange({ name: 'G. Raheja' }, code);
      const answer = await post('retry', attemptId, { role: 'ops', body: { retryAttemptId: randomUUID() } });
      expect(answer.status).toBe(409);
      expect(answer.json.error).toMatchObject({
        code: 'ATTEMPT_CANNOT_SUCCEED',
        message: 'Sending this update again cannot help',
        advice: expect.stringMatching(/^Nothing was sent\. .*resolve it with a note\.$/),
      });
      expect(proxy.requests).toEqual([]);
      const resolved = await post('resolve', attemptId, { role: 'ops', body: { note: 'Not ours to change' } });
      expect(resolved.status).toBe(200);
    },
  );

  it('takes nothing from the body but the new attempt’s id', async () => {
    const attemptId = await failedChange();
    const bad = await post('retry', attemptId, { role: 'ops', body: { retryAttemptId: 'short' } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fieldErrors).toHaveProperty('retryAttemptId');
    const widened = await post('retry', attemptId, {
      role: 'admin',
      body: { retryAttemptId: randomUUID(), tag: 'FORGED-9', values: { tag: 'FORGED-9' }, mayChange: ['tag'] },
    });
    expect(widened.status).toBe(200);
    const [put] = proxy.requests.filter((request) => request.method === 'PUT');
    expect(JSON.parse(put?.body ?? '{}')).toEqual({ ...loaded, name: 'G. Raheja' });
  });

  it('refuses a request from another site', async () => {
    const attemptId = await failedChange();
    const answer = await post('retry', attemptId, {
      role: 'ops',
      body: { retryAttemptId: randomUUID() },
      origin: 'https://attacker.example',
    });
    expect(answer.status).toBe(403);
    expect(answer.json.error).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    expect(proxy.requests).toEqual([]);
  });
});

describe('POST /api/updates/[attemptId]/resolve', () => {
  it('refuses HR and support with 403', async () => {
    const attemptId = await failedChange();
    for (const role of ['hr', 'support'] as const) {
      const answer = await post('resolve', attemptId, { role, body: { note: 'Done' } });
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('resolves with a note once, and asks for one', async () => {
    const attemptId = await failedChange();
    const empty = await post('resolve', attemptId, { role: 'ops', body: { note: '  ' } });
    expect(empty.status).toBe(422);
    expect(empty.json.error.fieldErrors).toMatchObject({ note: 'Write a note saying how the update was resolved' });

    const resolved = await post('resolve', attemptId, { role: 'ops', body: { note: 'Fixed by phone' } });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ attemptId, resolution: 'resolved', note: 'Fixed by phone' });

    const again = await post('resolve', attemptId, { role: 'admin', body: { note: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });
  });
});

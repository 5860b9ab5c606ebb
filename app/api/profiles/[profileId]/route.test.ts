import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { startCountingProxy, type CountingProxy } from '@/test/support/counting-proxy';

// Everything pino writes, captured. Only the destination changes: lib/log.ts's options, the
// redaction included, are passed to the real pino untouched.
const logs = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('pino', async (importOriginal) => {
  const actual = await importOriginal<typeof import('pino')>();
  const realPino = actual.default;
  const capture = { write: (line: string) => void logs.lines.push(line) };
  const redirected = Object.assign(
    (options?: Parameters<typeof realPino>[0]) => realPino(options ?? {}, capture),
    realPino,
  );
  return { ...actual, default: redirected };
});

const CANARY = 'canary-route-token-Xq7Rz4Kp';
const AUTH_SECRET = 'canary-auth-secret-0123456789abcdefghij';
const CONSOLE_ORIGIN = 'http://localhost:3000';
const EDITOR = { email: 'hr.tester@example.com', password: 'route-test-password-1', name: 'Harper Tester' };
const FACTX = '/api/v1/public/factx';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FIXED_NOW = Date.parse('2026-03-10T10:00:00.000Z');
const TIMEOUT_MS = 1000;
const { gitanjali, archived } = SANDBOX_PROFILE_IDS;

type RouteModule = typeof import('@/app/api/profiles/[profileId]/route');

let sandbox: RunningSandbox;
let proxy: CountingProxy;
let route: RouteModule;
let dataDir: string;
/** The signed-in editor's session cookie, as the browser would send it. */
let sessionCookie: string;

beforeAll(async () => {
  sandbox = await startSandbox({ token: CANARY, now: () => FIXED_NOW });
  proxy = await startCountingProxy(sandbox);
  dataDir = mkdtempSync(path.join(tmpdir(), 'route-test-'));
  vi.stubEnv('ATTESTR_BASE_URL', proxy.url);
  vi.stubEnv('ATTESTR_AUTH_TOKEN', CANARY);
  vi.stubEnv('ATTESTR_TIMEOUT_MS', String(TIMEOUT_MS));
  vi.stubEnv('LOG_LEVEL', 'debug');
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('BETTER_AUTH_SECRET', AUTH_SECRET);
  vi.stubEnv('BETTER_AUTH_URL', CONSOLE_ORIGIN);
  route = await import('@/app/api/profiles/[profileId]/route');

  // A real user with a real session, through the console's own auth set-up.
  const { migrateDatabase } = await import('@/lib/auth/migrate');
  await migrateDatabase();
  const { getAuth } = await import('@/lib/auth/auth');
  await getAuth().api.createUser({ body: { ...EDITOR, role: 'hr' } });
  const signedIn = await getAuth().api.signInEmail({
    body: { email: EDITOR.email, password: EDITOR.password },
    asResponse: true,
  });
  expect(signedIn.status).toBe(200);
  sessionCookie = signedIn.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';', 1)[0])
    .join('; ');
  expect(sessionCookie).toMatch(/session_token=/);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await proxy.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  sandbox.reset();
  proxy.target = sandbox;
  proxy.requests.length = 0;
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { error?: Record<string, unknown> } & Record<string, unknown>;
}

/** Calls the route handler as Next would, and checks the answer never carries the token. */
async function call(
  method: 'GET' | 'PUT',
  profileId: string,
  init: { body?: unknown; rawBody?: string; headers?: Record<string, string>; signedIn?: boolean } = {},
): Promise<Answer> {
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const headers = {
    ...(init.signedIn === false ? {} : { cookie: sessionCookie }),
    origin: CONSOLE_ORIGIN,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...init.headers,
  };
  const request = new NextRequest(`http://localhost:3000/api/profiles/${encodeURIComponent(profileId)}`, {
    method,
    headers,
    body,
  });
  const handler = method === 'GET' ? route.GET : route.PUT;
  const response = await handler(request, { params: Promise.resolve({ profileId }) });
  const text = await response.text();
  for (const secret of [CANARY, AUTH_SECRET]) {
    expect(text).not.toContain(secret);
    for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain(secret);
  }
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : {} };
}

/** The profile as the sandbox holds it, read directly rather than through the proxy. */
async function sandboxProfile(profileId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.url}${FACTX}/${profileId}`, {
    headers: { authorization: `Basic ${CANARY}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Gitanjali's profile as seeded, which is what the form loads. */
const gitanjaliLoaded = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};
const validBody = { ...gitanjaliLoaded, base: gitanjaliLoaded };

/** Changes Gitanjali's profile straight at Attestr, as someone else would. */
async function changeAtAttestr(fields: Partial<typeof gitanjaliLoaded>): Promise<void> {
  const response = await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${CANARY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...gitanjaliLoaded, ...fields }),
  });
  expect(response.status).toBe(200);
}

/** The console's record of the latest attempt to update a profile. */
async function latestRecord(profileId: string) {
  const { listProfileAttempts } = await import('@/lib/db/update-attempts');
  const [latest] = await listProfileAttempts({ profileId, limit: 1 });
  return latest;
}

describe('before anyone is called', () => {
  it('answers 401 without a session, calling nobody', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const answer = await call(method, gitanjali, { body: method === 'PUT' ? validBody : undefined, signedIn: false });
      expect(answer.status).toBe(401);
      expect(answer.json.error).toMatchObject({ source: 'console', code: 'UNAUTHENTICATED' });
    }
    expect(proxy.requests).toEqual([]);
  });

  it('answers 403 to a cross-site PUT, calling nobody', async () => {
    const answer = await call('PUT', gitanjali, { body: validBody, headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(403);
    expect(answer.json.error).toMatchObject({ source: 'console', code: 'CROSS_SITE_REQUEST' });
    expect(proxy.requests).toEqual([]);
  });
});

describe('a session in use', () => {
  /** Makes the editor's session look last slid six minutes ago (54 of 60 idle minutes left). */
  async function ageSession() {
    const { getAuth } = await import('@/lib/auth/auth');
    const context = await getAuth().$context;
    const token = decodeURIComponent(sessionCookie.split('session_token=')[1] ?? '').split('.')[0] as string;
    await context.internalAdapter.updateSession(token, { expiresAt: new Date(Date.now() + 54 * 60_000) });
  }
  const sessionCookieSet = (answer: Answer) =>
    answer.headers.getSetCookie().find((line) => line.startsWith('better-auth.session_token='));

  it('gets its cookie sent again with a full lifetime when the idle expiry slides', async () => {
    expect(sessionCookieSet(await call('GET', gitanjali))).toBeUndefined();

    await ageSession();
    const slid = await call('GET', gitanjali);
    expect(slid.status).toBe(200);
    expect(sessionCookieSet(slid)).toMatch(/Max-Age=3600/);

    expect(sessionCookieSet(await call('GET', gitanjali))).toBeUndefined();
  });

  it('gets its cookie sent again on an answer that refuses the request, too', async () => {
    await ageSession();
    const refused = await call('PUT', gitanjali, { body: { ...validBody, mobile: '+91 12' } });
    expect(refused.status).toBe(422);
    expect(sessionCookieSet(refused)).toMatch(/Max-Age=3600/);
  });
});

describe('GET /api/profiles/[profileId]', () => {
  it('answers the profile, uncached', async () => {
    const answer = await call('GET', gitanjali);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      profile: {
        id: gitanjali,
        number: '3801-575765-9695',
        tag: 'AA-1234',
        name: 'Gitanjali Raheja',
        email: 'gitanjali.raheja@gmail.com',
        mobile: '+918888999978',
        created: Date.parse('2025-03-14T09:30:00Z'),
        updated: Date.parse('2025-11-02T12:05:41Z'),
        archived: false,
      },
      tracingId: expect.stringMatching(UUID),
    });
    expect(proxy.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${FACTX}/${gitanjali}`]);
  });

  it('answers an archived profile as archived', async () => {
    const answer = await call('GET', archived);
    expect(answer.status).toBe(200);
    expect((answer.json.profile as { archived: boolean }).archived).toBe(true);
  });

  it('answers 404 for Attestr’s 40018, with its message', async () => {
    const answer = await call('GET', 'ZZZZZZZZZZZZZZZZZZ');
    expect(answer.status).toBe(404);
    expect(answer.json.error).toEqual({
      actor: expect.any(String),
      summary: expect.any(String),
      advice: expect.any(String),
      source: 'attestr',
      code: 40018,
      message: 'Invalid profile Id or you do not have access to this record',
      httpStatus: 400,
      tracingId: expect.stringMatching(UUID),
    });
  });
});

describe('invalid profile ids', () => {
  const unsafeIds = ['%2F', 'a%2Farchive', '', 'x'.repeat(65), 'a b'];
  // A slash inside the id arrives encoded (%2F): the address itself is refused, naming that.
  const slashedIds = ['abc/archive', '../x', `${gitanjali}/archive`];

  it.each(slashedIds)('refuses %j with 400, naming the encoded slash, calling nobody', async (profileId) => {
    for (const method of ['GET', 'PUT'] as const) {
      const answer = await call(method, profileId, method === 'PUT' ? { body: validBody } : {});
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: 'BAD_REQUEST',
        details: expect.stringContaining('encoded slash'),
      });
    }
    expect(proxy.requests).toEqual([]);
    expect(await sandboxProfile(gitanjali)).toMatchObject({ archived: false, name: 'Gitanjali Raheja' });
  });

  it.each(unsafeIds)('refuses %j with 400 INVALID_PROFILE_ID, calling nobody', async (profileId) => {
    for (const method of ['GET', 'PUT'] as const) {
      const answer = await call(method, profileId, method === 'PUT' ? { body: validBody } : {});
      expect(answer.status).toBe(400);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.json).toEqual({
        error: {
          actor: expect.any(String),
          summary: expect.any(String),
          advice: expect.any(String),
          source: 'console',
          code: 'INVALID_PROFILE_ID',
          message: 'That is not a valid profile ID',
          httpStatus: 400,
        },
      });
    }
    expect(proxy.requests).toEqual([]);
    expect(await sandboxProfile(gitanjali)).toMatchObject({ archived: false, name: 'Gitanjali Raheja' });
  });

  it('checks the id before the body', async () => {
    const answer = await call('PUT', 'a b', { rawBody: 'not json' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'INVALID_PROFILE_ID' });
  });
});

describe('advice sent with errors', () => {
  it('tells who can act, so the browser needs no copy of the table', async () => {
    const invalid = await call('GET', 'a b');
    expect(invalid.json.error).toMatchObject({ actor: 'editor', advice: expect.stringContaining('letters, digits') });
  });
});

describe('PUT /api/profiles/[profileId]', () => {
  it('saves: trims, normalises the mobile, drops unknown fields, and clears an emptied email', async () => {
    const answer = await call('PUT', gitanjali, {
      body: {
        tag: '  AA-7777 ',
        name: 'Gitanjali Raheja-Kapoor',
        email: '',
        mobile: '+91 98450 12399',
        role: 'admin',
        archived: true,
        base: gitanjaliLoaded,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const saved = { tag: 'AA-7777', name: 'Gitanjali Raheja-Kapoor', email: '', mobile: '+919845012399' };
    expect(answer.json).toEqual({
      attemptId: expect.stringMatching(UUID),
      profile: { id: gitanjali, tag: 'AA-7777', name: 'Gitanjali Raheja-Kapoor', email: null, mobile: '+919845012399' },
      before: gitanjaliLoaded,
      sent: saved,
      held: saved,
      changed: ['tag', 'name', 'email', 'mobile'],
      savedAt: expect.any(String),
      tracingId: expect.stringMatching(UUID),
    });
    expect(Number.isNaN(Date.parse(answer.json.savedAt as string))).toBe(false);

    expect(proxy.requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      // Read first, so that nothing someone else saved meanwhile is overwritten.
      { method: 'GET', url: `${FACTX}/${gitanjali}`, body: '' },
      {
        method: 'PUT',
        url: `${FACTX}/${gitanjali}`,
        body: JSON.stringify({ tag: 'AA-7777', name: 'Gitanjali Raheja-Kapoor', mobile: '+919845012399' }),
      },
      // Read back: what Attestr holds is what the person is told.
      { method: 'GET', url: `${FACTX}/${gitanjali}`, body: '' },
    ]);
    expect(await sandboxProfile(gitanjali)).toMatchObject({
      tag: 'AA-7777',
      name: 'Gitanjali Raheja-Kapoor',
      email: null,
      mobile: '+919845012399',
      archived: false,
      updated: FIXED_NOW,
    });
  });

  it('answers 422 VALIDATION_FAILED naming the mobile, and sends nothing upstream', async () => {
    const answer = await call('PUT', gitanjali, { body: { ...validBody, mobile: '8888999978' } });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toEqual({
      actor: expect.any(String),
      summary: expect.any(String),
      advice: expect.any(String),
      source: 'console',
      code: 'VALIDATION_FAILED',
      message: 'Some fields need correcting',
      httpStatus: 422,
      fieldErrors: { mobile: expect.stringMatching(/international format/) },
      attemptId: expect.stringMatching(UUID),
    });
    expect(proxy.requests).toEqual([]);
    expect(await sandboxProfile(gitanjali)).toMatchObject({ mobile: '+918888999978' });
  });

  it('names every field at fault', async () => {
    const answer = await call('PUT', gitanjali, {
      body: { tag: ' ', name: '', email: 'nope', mobile: '+91 12', base: gitanjaliLoaded },
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.json.error?.fieldErrors as object).sort()).toEqual(['email', 'mobile', 'name', 'tag']);
    expect(proxy.requests).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const answer = await call('PUT', gitanjali, { rawBody: '{"tag": "AA-1", "name": ' });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toEqual({
      actor: expect.any(String),
      summary: expect.any(String),
      advice: expect.any(String),
      source: 'console',
      code: 'BAD_REQUEST',
      message: 'The request could not be read',
      httpStatus: 400,
      details: 'The body is not valid JSON.',
    });
    expect(proxy.requests).toEqual([]);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers 400 for Content-Type %s',
    async (contentType) => {
      const answer = await call('PUT', gitanjali, {
        rawBody: JSON.stringify(validBody),
        headers: { 'content-type': contentType },
      });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 'BAD_REQUEST', details: 'Send the body as application/json.' });
      expect(proxy.requests).toEqual([]);
    },
  );

  describe('body size', () => {
    const LIMIT = 16 * 1024;
    /** A JSON profile body of exactly `bytes` bytes. */
    const bodyOf = (bytes: number) => {
      const shell = JSON.stringify({ tag: 'AA-1', name: '', base: gitanjaliLoaded });
      return JSON.stringify({ tag: 'AA-1', name: 'x'.repeat(bytes - shell.length), base: gitanjaliLoaded });
    };

    it('answers 413 for a body over 16 KiB that says so', async () => {
      const rawBody = bodyOf(LIMIT + 1);
      const answer = await call('PUT', gitanjali, {
        rawBody,
        headers: { 'content-length': String(Buffer.byteLength(rawBody)) },
      });
      expect(answer.status).toBe(413);
      expect(answer.json.error).toMatchObject({ source: 'console', code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
      expect(proxy.requests).toEqual([]);
    });

    it.each([
      ['a lying Content-Length', { 'content-length': '100' }],
      ['no Content-Length', {}],
    ])('answers 413 for a body over 16 KiB with %s', async (_label, headers: Record<string, string>) => {
      const answer = await call('PUT', gitanjali, { rawBody: bodyOf(LIMIT + 1), headers });
      expect(answer.status).toBe(413);
      expect(answer.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(proxy.requests).toEqual([]);
    });

    it('reads a body of exactly 16 KiB (then refuses its over-long name)', async () => {
      const answer = await call('PUT', gitanjali, { rawBody: bodyOf(LIMIT) });
      expect(answer.status).toBe(422);
      expect(answer.json.error?.fieldErrors).toEqual({ name: 'Name must be 200 characters or fewer' });
    });
  });
});

describe('PUT after someone else changed the profile', () => {
  it('keeps what they changed in a field this person left alone, and says so', async () => {
    await changeAtAttestr({ email: 'g.raheja@company.example' });
    const answer = await call('PUT', gitanjali, { body: { ...validBody, name: 'Gitanjali Raheja-Kapoor' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      profile: { name: 'Gitanjali Raheja-Kapoor', email: 'g.raheja@company.example' },
      changedMeanwhile: ['email'],
    });
    expect(await sandboxProfile(gitanjali)).toMatchObject({
      name: 'Gitanjali Raheja-Kapoor',
      email: 'g.raheja@company.example',
      mobile: '+918888999978',
    });
    expect(await latestRecord(gitanjali)).toMatchObject({ outcome: 'succeeded' });
  });

  it('keeps a value they removed, too', async () => {
    await changeAtAttestr({ email: undefined });
    const answer = await call('PUT', gitanjali, { body: { ...validBody, tag: 'AA-1235' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ profile: { tag: 'AA-1235', email: null }, changedMeanwhile: ['email'] });
    expect(await sandboxProfile(gitanjali)).toMatchObject({ tag: 'AA-1235', email: null });
  });

  it('answers 409 PROFILE_CHANGED when both changed the same field, sends no update, and records it', async () => {
    await changeAtAttestr({ name: 'Gita Raheja' });
    proxy.requests.length = 0;
    const mine = { ...validBody, name: 'Gitanjali Raheja-Kapoor', email: 'gitanjali@company.example' };
    const answer = await call('PUT', gitanjali, { body: mine });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({
      source: 'console',
      code: 'PROFILE_CHANGED',
      httpStatus: 409,
      actor: 'editor',
      fieldErrors: { name: expect.stringContaining('“Gita Raheja”') },
    });
    expect(Object.keys(answer.json.error?.fieldErrors as object)).toEqual(['name']);
    expect(proxy.requests.map((sent) => sent.method)).toEqual(['GET']);
    expect(await sandboxProfile(gitanjali)).toMatchObject({ name: 'Gita Raheja', email: gitanjaliLoaded.email });
    expect(await latestRecord(gitanjali)).toMatchObject({
      outcome: 'conflict',
      errorSource: 'console',
      errorCode: 'PROFILE_CHANGED',
      sent: null,
      before: { ...gitanjaliLoaded, name: 'Gita Raheja' },
    });

    // Seen their value, the person saves again from the profile as it is now: theirs is replaced.
    const again = await call('PUT', gitanjali, {
      body: { ...mine, base: { ...gitanjaliLoaded, name: 'Gita Raheja' } },
    });
    expect(again.status).toBe(200);
    expect(await sandboxProfile(gitanjali)).toMatchObject({
      name: 'Gitanjali Raheja-Kapoor',
      email: 'gitanjali@company.example',
    });
  });

  it('saves when both made the same change, and when a change is only a different layout', async () => {
    await changeAtAttestr({ mobile: '+919845012399' });
    const answer = await call('PUT', gitanjali, { body: { ...validBody, mobile: '+91 98450 12399' } });
    expect(answer.status).toBe(200);
    expect(answer.json).not.toHaveProperty('changedMeanwhile');
    expect(answer.json).toMatchObject({ profile: { mobile: '+919845012399' } });
  });

  it('records a save whose read of the profile failed, and sends no update', async () => {
    sandbox.injectFault({ kind: 'error5001', method: 'GET' });
    const answer = await call('PUT', gitanjali, { body: { ...validBody, name: 'Gitanjali R' } });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ source: 'attestr', code: 5001 });
    expect(proxy.requests.map((sent) => sent.method)).toEqual(['GET']);
    expect(await latestRecord(gitanjali)).toMatchObject({
      outcome: 'failed',
      errorSource: 'attestr',
      errorCode: '5001',
      changedFields: ['name'],
      requested: { name: 'Gitanjali R' },
      before: null,
      sent: null,
    });
  });

  it('lets support change the email of a profile whose tag Attestr holds with spaces around it', async () => {
    const { getAuth } = await import('@/lib/auth/auth');
    const support = { email: 'support.tester@example.com', password: 'route-test-password-2', name: 'Sam Support' };
    await getAuth().api.createUser({ body: { ...support, role: 'support' } });
    const signedIn = await getAuth().api.signInEmail({ body: support, asResponse: true });
    const cookie = signedIn.headers
      .getSetCookie()
      .map((line) => line.split(';', 1)[0])
      .join('; ');
    await changeAtAttestr({ tag: ' AA-1234 ' });
    const loaded = { ...gitanjaliLoaded, tag: ' AA-1234 ' };

    // The form sends the tag trimmed, as its schema does: that is not a change of the tag.
    const mine = { ...gitanjaliLoaded, email: 'g.raheja@company.example', base: loaded };
    const answer = await call('PUT', gitanjali, { body: mine, headers: { cookie } });
    expect(answer.status).toBe(200);
    expect(await sandboxProfile(gitanjali)).toMatchObject({ tag: ' AA-1234 ', email: 'g.raheja@company.example' });

    const refused = await call('PUT', gitanjali, {
      body: { ...mine, tag: 'AA-9999', base: { ...loaded, email: 'g.raheja@company.example' } },
      headers: { cookie },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'FIELD_NOT_ALLOWED', fieldErrors: { tag: expect.any(String) } });
  });

  it('answers 422 without base, the values the form loaded, and sends nothing', async () => {
    const answer = await call('PUT', gitanjali, { body: gitanjaliLoaded });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: expect.stringContaining('base') });
    expect(proxy.requests).toEqual([]);
  });
});

describe('Attestr’s errors through the route', () => {
  it('409 for an archived profile, with Attestr’s message verbatim', async () => {
    const answer = await call('PUT', archived, { body: validBody });
    expect(answer.status).toBe(409);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json.error).toEqual({
      actor: expect.any(String),
      summary: expect.any(String),
      advice: expect.any(String),
      source: 'attestr',
      code: 40038,
      message: 'Profile is archived already, operation not allowed',
      httpStatus: 400,
      tracingId: expect.stringMatching(UUID),
      attemptId: expect.stringMatching(UUID),
    });
  });

  it('404 for 40018 on update', async () => {
    const answer = await call('PUT', 'ZZZZZZZZZZZZZZZZZZ', { body: validBody });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ source: 'attestr', code: 40018, httpStatus: 400 });
  });

  it('429 passes through for a rate limit', async () => {
    sandbox.configure({ rateLimitPerSecond: { account: 1, api: null } });
    expect((await call('GET', gitanjali)).status).toBe(200);
    const answer = await call('PUT', gitanjali, { body: validBody });
    expect(answer.status).toBe(429);
    expect(answer.json.error).toEqual({
      actor: expect.any(String),
      summary: expect.any(String),
      advice: expect.any(String),
      source: 'attestr',
      code: 4291,
      message: 'Maximum account rate limit exceeded',
      httpStatus: 429,
      tracingId: expect.stringMatching(UUID),
      attemptId: expect.stringMatching(UUID),
    });
  });

  it('429 ATTESTR_BUDGET_WAIT with Retry-After while the console holds its Attestr calls back, sending nothing', async () => {
    // Another instance was told by Attestr to wait 30 seconds: every instance holds back.
    const { getDatabase } = await import('@/lib/db/connection');
    const { holdBackAttestrCalls } = await import('@/test/support/attestr-budget');
    const held = await holdBackAttestrCalls({ handle: getDatabase(), seconds: 30 });
    try {
      const answer = await call('PUT', gitanjali, { body: { ...validBody, name: 'G. Raheja' } });
      expect(answer.status).toBe(429);
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(27);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(answer.json.error).toEqual({
        actor: 'wait',
        summary: 'The console has used its share of Attestr’s limit for the moment',
        advice: 'Nothing was sent, and your edits are kept.',
        technicalHint: expect.stringContaining('ATTESTR_RATE_LIMIT_PER_SEC'),
        source: 'console',
        code: 'ATTESTR_BUDGET_WAIT',
        message: 'The console has used its share of Attestr’s limit for the moment',
        details: expect.stringMatching(/^Nothing was sent/),
        httpStatus: 429,
        retryAfterSeconds: retryAfter,
        attemptId: expect.stringMatching(UUID),
      });
      expect(proxy.requests, 'nothing reached Attestr').toEqual([]);
      expect(await latestRecord(gitanjali)).toMatchObject({
        outcome: 'failed',
        errorSource: 'console',
        errorCode: 'ATTESTR_BUDGET_WAIT',
        sent: null,
      });
    } finally {
      await held.release();
    }
  });

  it('502 for a token Attestr refuses (4016), with the 401 in the body', async () => {
    const otherAccount = await startSandbox({ token: 'a-different-token', now: () => FIXED_NOW });
    try {
      proxy.target = otherAccount;
      for (const answer of [await call('GET', gitanjali), await call('PUT', gitanjali, { body: validBody })]) {
        expect(answer.status).toBe(502);
        const { attemptId: _attempt, ...error } = answer.json.error ?? {};
        expect(error).toEqual({
          actor: expect.any(String),
          summary: expect.any(String),
          advice: expect.any(String),
          source: 'attestr',
          code: 4016,
          message: 'Invalid client authorization',
          technicalHint: expect.stringContaining('ATTESTR_AUTH_TOKEN'),
          httpStatus: 401,
          tracingId: expect.stringMatching(UUID),
        });
      }
    } finally {
      await otherAccount.close();
    }
  });

  it('502 for 4016 injected by a fault too', async () => {
    sandbox.injectFault({ kind: 'error', code: 4016 });
    const answer = await call('GET', gitanjali);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ source: 'attestr', code: 4016, httpStatus: 401 });
  });

  it('504 UPDATE_OUTCOME_UNKNOWN when Attestr hangs on the update, recorded as unknown', async () => {
    sandbox.injectFault({ kind: 'hang', method: 'PUT' });
    const started = performance.now();
    const answer = await call('PUT', gitanjali, { body: { ...validBody, name: 'Gitanjali R' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(answer.status).toBe(504);
    expect(answer.json.error).toEqual({
      actor: 'check',
      summary: 'Attestr did not confirm whether it saved your changes',
      advice: expect.stringContaining('Check at Attestr'),
      source: 'console',
      code: 'UPDATE_OUTCOME_UNKNOWN',
      message: 'Attestr did not confirm whether it saved your changes',
      details: 'Attestr did not answer in time: No answer within 1 second.',
      httpStatus: 504,
      attemptId: expect.stringMatching(UUID),
    });
    expect(await latestRecord(gitanjali)).toMatchObject({
      id: answer.json.error?.attemptId,
      outcome: 'unknown',
      errorCode: 'UPSTREAM_TIMEOUT',
      sent: { ...gitanjaliLoaded, name: 'Gitanjali R' },
    });
  });

  it('504 UPSTREAM_TIMEOUT, nothing changed, when the read before the update hangs', async () => {
    sandbox.injectFault({ kind: 'hang', method: 'GET' });
    const answer = await call('PUT', gitanjali, { body: { ...validBody, name: 'Gitanjali R' } });
    expect(answer.status).toBe(504);
    expect(answer.json.error).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      advice: expect.stringContaining('Nothing was changed'),
    });
    expect(proxy.requests.map((sent) => sent.method)).toEqual(['GET']);
    expect(await latestRecord(gitanjali)).toMatchObject({ outcome: 'failed', sent: null });
  });

  it('502 UPSTREAM_UNREACHABLE when the connection drops', async () => {
    sandbox.injectFault({ kind: 'drop' });
    const answer = await call('GET', gitanjali);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ source: 'console', code: 'UPSTREAM_UNREACHABLE', httpStatus: 502 });
  });

  it('502 UPSTREAM_BAD_RESPONSE for a gateway’s HTML page, keeping its status', async () => {
    sandbox.injectFault({ kind: 'html502' });
    const answer = await call('GET', gitanjali);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ source: 'console', code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 502 });
    expect(answer.text).not.toContain('<html');
  });
});

describe('logs', () => {
  const email = 'priya.canary@example.org';
  const typedMobile = '+91 98450 12399';
  const mobile = '+919845012399';

  /** The value of the session cookie, which is as much a secret as the token. */
  function sessionToken(): string {
    const value = /session_token=([^;]+)/.exec(sessionCookie)?.[1];
    if (!value) throw new Error('no session cookie');
    return decodeURIComponent(value).split('.')[0] ?? value;
  }

  function linesSince(start: number): string[] {
    return logs.lines.slice(start);
  }

  it('carry no email, mobile or token while a profile with both is saved, refused or failed', async () => {
    const start = logs.lines.length;
    const body = { tag: 'AA-1234', name: 'Priya Nair', email, mobile: typedMobile, base: gitanjaliLoaded };
    expect((await call('PUT', gitanjali, { body })).status).toBe(200);
    expect((await call('PUT', archived, { body })).status).toBe(409);
    expect((await call('PUT', gitanjali, { body: { ...body, name: '' } })).status).toBe(422);
    sandbox.injectFault({ kind: 'error5001' });
    expect((await call('PUT', gitanjali, { body })).status).toBe(502);

    const lines = linesSince(start);
    const events = lines.map((line) => (JSON.parse(line) as { event?: string }).event);
    expect(events).toContain('attestr.call');
    expect(events).toContain('attestr.error');
    for (const line of lines) {
      for (const secret of [email, mobile, typedMobile, '9845012399', CANARY, AUTH_SECRET, sessionToken()]) {
        expect(line).not.toContain(secret);
      }
    }
  });

  it('never carried the token in this whole file', () => {
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(logs.lines.some((line) => line.includes('"level":20'))).toBe(true);
    for (const line of logs.lines) {
      for (const secret of [CANARY, AUTH_SECRET, sessionToken()]) expect(line).not.toContain(secret);
    }
  });
});

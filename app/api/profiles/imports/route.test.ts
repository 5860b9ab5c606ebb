import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { CONSOLE_ORIGIN } from '@/test/support/console';
import { afterPasses } from '@/test/support/jobs';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'import-route-token-2b9c';
const PASSWORD = 'import-route-password-1';
const { gitanjali, arjun } = SANDBOX_PROFILE_IDS;
const UNKNOWN = 'Zz0NotAtAttestr0009';
const ROLES = ['admin', 'hr', 'support', 'ops'] as const;
type Person = (typeof ROLES)[number];

type ImportsRoute = typeof import('@/app/api/profiles/imports/route');
type ImportRoute = typeof import('@/app/api/profiles/imports/[importId]/route');
type UnknownRoute = typeof import('@/app/api/profiles/imports/[importId]/unknown/route');

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> & { error?: { code?: string; details?: string } };
}

describeEachEngine('The directory imports API', (engine) => {
  let stack: AttestrTestStack;
  let importsRoute: ImportsRoute;
  let importRoute: ImportRoute;
  let unknownRoute: UnknownRoute;
  const cookies = {} as Record<Person, string>;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ROLES) {
      const email = `${role}.import-route@example.com`;
      await getAuth().api.createUser({ body: { email, password: PASSWORD, name: `${role} tester`, role } });
      const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      cookies[role] = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(';', 1)[0])
        .join('; ');
    }
    importsRoute = await import('@/app/api/profiles/imports/route');
    importRoute = await import('@/app/api/profiles/imports/[importId]/route');
    unknownRoute = await import('@/app/api/profiles/imports/[importId]/unknown/route');
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => stack.reset());

  const request = (path: string, init: { as: Person; body?: string; origin?: string | null; type?: string }) =>
    new NextRequest(`${CONSOLE_ORIGIN}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        cookie: cookies[init.as],
        ...(init.origin === null ? {} : { origin: init.origin ?? CONSOLE_ORIGIN }),
        ...(init.body === undefined ? {} : { 'content-type': init.type ?? 'application/json' }),
      },
      body: init.body,
    });
  const answer = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Answer['json']) : {};
    return { status: response.status, headers: response.headers, text, json };
  };
  const create = async (as: Person, body: unknown, options: { origin?: string | null; type?: string } = {}) =>
    answer(
      await importsRoute.POST(
        request('/api/profiles/imports', {
          as,
          body: typeof body === 'string' ? body : JSON.stringify(body),
          ...options,
        }),
        { params: Promise.resolve({}) },
      ),
    );
  const progress = async (as: Person, importId: string) =>
    answer(
      await importRoute.GET(request(`/api/profiles/imports/${importId}`, { as }), {
        params: Promise.resolve({ importId }),
      }),
    );

  it('starts an administrator’s import, shows its progress, and lists the IDs Attestr does not know as CSV', async () => {
    const created = await create('admin', { fileName: 'directory.csv', profileIds: [gitanjali, UNKNOWN, gitanjali] });
    expect(created.status).toBe(201);
    const importId = (created.json.import as { id: string; total: number }).id;
    expect(created.json.import).toMatchObject({ total: 2, fileName: 'directory.csv', createdBy: 'admin tester' });

    const { startJobs } = await import('@/lib/jobs/loop');
    const { profileImportJobs } = await import('@/lib/profiles/import-jobs');
    const runner = startJobs({ kinds: [profileImportJobs()], everyMs: 50 });
    try {
      const done = await afterPasses({
        loop: runner,
        what: 'the import finishing',
        read: () => progress('admin', importId),
        done: (answered) => (answered.json.import as { finishedAt: number | null }).finishedAt !== null,
      });
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({
        import: { total: 2, read: 2, found: 1, notFound: 1 },
        notFound: [{ profileId: UNKNOWN }],
        failed: [],
      });
    } finally {
      await runner.stop();
    }
    const csv = await answer(
      await unknownRoute.GET(request(`/api/profiles/imports/${importId}/unknown`, { as: 'admin' }), {
        params: Promise.resolve({ importId }),
      }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="unknown-directory.csv"');
    expect(csv.text).toBe(`profileId\r\n${UNKNOWN}\r\n`);
  });

  it.each(['hr', 'support', 'ops'] as const)('refuses %s with 403: no import made, nothing read', async (role) => {
    const refused = await create(role, { fileName: 'directory.csv', profileIds: [arjun] });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe('FORBIDDEN');
    const made = await create('admin', { fileName: 'mine.csv', profileIds: [arjun] });
    const importId = (made.json.import as { id: string }).id;
    expect((await progress(role, importId)).status).toBe(403);
    const download = await unknownRoute.GET(request(`/api/profiles/imports/${importId}/unknown`, { as: role }), {
      params: Promise.resolve({ importId }),
    });
    expect(download.status).toBe(403);
  });

  it('refuses bodies that are not an import, before anything is stored', async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const count = async () =>
      Number(
        (
          await getDatabase()
            .db.selectFrom('profile_import')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    const before = await count();
    expect((await create('admin', '{not json')).status).toBe(400);
    expect((await create('admin', { fileName: 'x.csv', profileIds: [gitanjali] }, { type: 'text/plain' })).status).toBe(
      400,
    );
    for (const body of [
      {},
      { fileName: 'x.csv' },
      { fileName: 'x.csv', profileIds: [] },
      { fileName: 'x.csv', profileIds: 'AX1LgghsxZsJZUwYvN' },
      { fileName: 'x.csv', profileIds: ['has a space'] },
      { fileName: 'x.csv', profileIds: ['x'.repeat(65)] },
      { fileName: 'x.csv', profileIds: [gitanjali], extra: true },
      { fileName: 'x\u0000.csv', profileIds: [gitanjali] },
    ]) {
      const refused = await create('admin', body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.json.error?.code).toBe('VALIDATION_FAILED');
    }
    const tooMany = await create('admin', { fileName: 'x.csv', profileIds: Array(100_001).fill(gitanjali) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error?.details).toMatch(/at most 100,000 profile IDs/);
    const tooBig = await create('admin', { fileName: 'x.csv', profileIds: Array(105_000).fill('x'.repeat(64)) });
    expect(tooBig.status).toBe(413);
    expect(await count()).toBe(before);
    expect(stack.proxy.requests).toHaveLength(0);
  });

  it('refuses a start from another site, and answers 404 for an import that is not there', async () => {
    expect(
      (await create('admin', { fileName: 'x.csv', profileIds: [gitanjali] }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    const missing = await progress('admin', '0190a5b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b');
    expect(missing.status).toBe(404);
    expect(missing.json.error?.code).toBe('PROFILE_IMPORT_NOT_FOUND');
    expect((await progress('admin', 'not-an-id')).status).toBe(404);
  });
});

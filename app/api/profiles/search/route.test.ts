import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';

import { SANDBOX_PROFILE_IDS, startSandbox, type RunningSandbox } from '@/sandbox';
import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';
import { startCountingProxy, type CountingProxy } from '@/test/support/counting-proxy';
import { describeEachEngine } from '@/test/support/postgres';

// Everything pino writes, captured; lib/log.ts's own options go to the real pino untouched.
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

const TOKEN = 'search-route-test-token-1b9e';
const USER = { email: 'support.tester@example.com', password: 'search-route-password-1', name: 'Sam Tester' };
const { gitanjali, arjun } = SANDBOX_PROFILE_IDS;

describeEachEngine('POST /api/profiles/search', (engine) => {
  let testConsole: TestConsole;
  let sandbox: RunningSandbox;
  let proxy: CountingProxy;
  let route: typeof import('@/app/api/profiles/search/route');
  let sessionCookie: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN });
    proxy = await startCountingProxy(sandbox);
    testConsole = await startTestConsole({
      engine,
      env: {
        ATTESTR_BASE_URL: proxy.url,
        ATTESTR_AUTH_TOKEN: TOKEN,
        BETTER_AUTH_SECRET: 'search-route-test-secret-0123456789abcdef',
        LOG_LEVEL: 'debug',
      },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    const { getAuth } = await import('@/lib/auth/auth');
    await getAuth().api.createUser({ body: { ...USER, role: 'support' } });
    const signedIn = await getAuth().api.signInEmail({
      body: { email: USER.email, password: USER.password },
      asResponse: true,
    });
    sessionCookie = signedIn.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';', 1)[0])
      .join('; ');
    route = await import('@/app/api/profiles/search/route');
    // Gitanjali has been opened before; Arjun never has.
    const { getProfile } = await import('@/lib/profiles/get-profile');
    await getProfile(gitanjali);
  });
  afterAll(async () => {
    await testConsole?.close();
    await proxy?.close();
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox.reset();
    proxy.requests.length = 0;
    logs.lines.length = 0;
  });

  async function search(query: string | null, init: { signedIn?: boolean } = {}) {
    const request = new NextRequest(new URL('/api/profiles/search', CONSOLE_ORIGIN), {
      method: 'POST',
      body: JSON.stringify(query === null ? {} : { q: query }),
      headers: {
        origin: CONSOLE_ORIGIN,
        'content-type': 'application/json',
        ...(init.signedIn === false ? {} : { cookie: sessionCookie }),
      },
    });
    const response = await route.POST(request, { params: Promise.resolve({}) });
    return { status: response.status, json: await response.json() };
  }
  const attestrCalls = () => proxy.requests.map((request) => `${request.method} ${request.url}`);
  const loudLogs = () => logs.lines.map((line) => JSON.parse(line) as { level: number }).filter((l) => l.level >= 40);

  it('finds a profile the console has seen by a word of its name, without asking Attestr', async () => {
    const answer = await search('rahe');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      results: [
        {
          profileId: gitanjali,
          number: '3801-575765-9695',
          tag: 'AA-1234',
          name: 'Gitanjali Raheja',
          archived: false,
          matched: 'name',
        },
      ],
      lookedUpAtAttestr: false,
    });
    expect(attestrCalls()).toEqual([]);
  });

  it('finds a profile seen before by its email or mobile, says which matched, and logs neither', async () => {
    for (const [typed, matched] of [
      [' Gitanjali.Raheja@Gmail.com', 'email'],
      ['88889 99978', 'mobile'],
      ['38015757659695', 'number'],
    ] as const) {
      const answer = await search(typed);
      expect(answer.status).toBe(200);
      expect(answer.json.results).toEqual([expect.objectContaining({ profileId: gitanjali, matched })]);
      expect(JSON.stringify(answer.json)).not.toMatch(/gmail|8888999978/i);
    }
    expect(attestrCalls()).toEqual([]);
    expect(logs.lines.join('\n')).not.toMatch(/gmail|88889|8888999978/i);
  });

  it('looks up at Attestr an id it has not seen, and indexes it', async () => {
    const answer = await search(`  ${arjun} `);
    expect(answer.status).toBe(200);
    expect(answer.json.lookedUpAtAttestr).toBe(true);
    expect(answer.json.results).toHaveLength(1);
    expect(answer.json.results[0]).toMatchObject({ profileId: arjun, archived: false });
    expect(attestrCalls()).toEqual([`GET /api/v1/public/factx/${arjun}`]);

    // Found once, it is in the index: its name finds it, and Attestr is not asked again.
    const name: string = answer.json.results[0].name;
    const again = await search(name.split(' ')[0] ?? name);
    expect(again.json.results.map((profile: { profileId: string }) => profile.profileId)).toContain(arjun);
    expect((await search(arjun)).json.lookedUpAtAttestr).toBe(false);
    expect(attestrCalls()).toHaveLength(1);
  });

  it('answers an id Attestr does not know with no results, and no error in the logs', async () => {
    const answer = await search('NoSuchProfile12345');
    expect(answer).toEqual({ status: 200, json: { results: [], lookedUpAtAttestr: true } });
    expect(attestrCalls()).toHaveLength(1);
    expect(loudLogs()).toEqual([]);
  });

  it('does not ask Attestr for each short word being typed', async () => {
    for (const typed of ['z', 'zo', 'zoe', 'zoeb']) {
      expect((await search(typed)).json).toEqual({ results: [], lookedUpAtAttestr: false });
    }
    expect(attestrCalls()).toEqual([]);
  });

  it('says what went wrong when Attestr fails the lookup', async () => {
    sandbox.injectFault({ kind: 'error5001', method: 'GET' });
    const answer = await search('NotYetSeenProfile1');
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ source: 'attestr', code: 5001 });
  });

  it('refuses an empty or overlong search with a message for the field, and a visitor not signed in', async () => {
    for (const query of [null, '   ']) {
      const answer = await search(query);
      expect(answer.status).toBe(422);
      expect(answer.json.error.fieldErrors).toEqual({ q: 'Type a name, email, mobile, tag, number or profile ID.' });
    }
    expect((await search('x'.repeat(255))).json.error.fieldErrors).toEqual({
      q: 'Searches are at most 254 characters.',
    });
    expect((await search('raheja', { signedIn: false })).status).toBe(401);
    expect(attestrCalls()).toEqual([]);
  });
});

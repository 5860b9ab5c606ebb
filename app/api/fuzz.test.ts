import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { getFuzzSettings } from '@/test/support/settings';
import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { GITANJALI_LOADED, startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { CONSOLE_ORIGIN } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

/**
 * Every route handler of app/api, called directly with generated requests (junk and
 * half-right JSON, wrong types, huge strings, NUL bytes, malformed percent-encoding, impossible
 * dates, unicode) as each role and signed out: no answer is a 5xx, every 4xx is the console's
 * JSON error, and a 200 download is read to its end. FUZZ_RUNS sets the number of requests per
 * engine and FUZZ_SEED repeats a run (lib/env.ts).
 */

const { runs, seed } = getFuzzSettings();
const PASSWORD = 'fuzz-route-password-1';
const ROLES = ['admin', 'hr', 'support', 'ops'] as const;
type Caller = (typeof ROLES)[number] | 'signed-out' | 'cross-site';

type Handler = (request: NextRequest, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
interface RouteUnderTest {
  method: string;
  /** The path with `[name]` for each parameter, as under app/api. */
  path: string;
  load: () => Promise<Record<string, unknown>>;
  /** Names of the query parameters and headers the route reads, to give them likely keys. */
  query?: readonly string[];
}

const ROUTES: RouteUnderTest[] = [
  { method: 'PUT', path: '/api/account/password', load: () => import('@/app/api/account/password/route') },
  {
    method: 'PUT',
    path: '/api/admin/users/[userId]/password',
    load: () => import('@/app/api/admin/users/[userId]/password/route'),
  },
  { method: 'PATCH', path: '/api/admin/users/[userId]', load: () => import('@/app/api/admin/users/[userId]/route') },
  { method: 'GET', path: '/api/admin/users', load: () => import('@/app/api/admin/users/route') },
  { method: 'POST', path: '/api/admin/users', load: () => import('@/app/api/admin/users/route') },
  { method: 'POST', path: '/api/auth/[...all]', load: () => import('@/app/api/auth/[...all]/route') },
  { method: 'GET', path: '/api/auth/[...all]', load: () => import('@/app/api/auth/[...all]/route') },
  {
    method: 'POST',
    path: '/api/bulk/jobs/[jobId]/cancel',
    load: () => import('@/app/api/bulk/jobs/[jobId]/cancel/route'),
  },
  {
    method: 'POST',
    path: '/api/bulk/jobs/[jobId]/pause',
    load: () => import('@/app/api/bulk/jobs/[jobId]/pause/route'),
  },
  {
    method: 'POST',
    path: '/api/bulk/jobs/[jobId]/resume',
    load: () => import('@/app/api/bulk/jobs/[jobId]/resume/route'),
  },
  {
    method: 'POST',
    path: '/api/bulk/jobs/[jobId]/retry-failed',
    load: () => import('@/app/api/bulk/jobs/[jobId]/retry-failed/route'),
  },
  {
    method: 'POST',
    path: '/api/bulk/jobs/[jobId]/start',
    load: () => import('@/app/api/bulk/jobs/[jobId]/start/route'),
  },
  {
    method: 'GET',
    path: '/api/bulk/jobs/[jobId]/failed-rows',
    load: () => import('@/app/api/bulk/jobs/[jobId]/failed-rows/route'),
  },
  { method: 'GET', path: '/api/bulk/jobs/[jobId]', load: () => import('@/app/api/bulk/jobs/[jobId]/route') },
  {
    method: 'GET',
    path: '/api/bulk/estimate',
    load: () => import('@/app/api/bulk/estimate/route'),
    query: ['lines', 'dryRun'],
  },
  {
    method: 'GET',
    path: '/api/bulk/jobs/[jobId]/rows',
    load: () => import('@/app/api/bulk/jobs/[jobId]/rows/route'),
    query: ['group', 'after', 'limit'],
  },
  { method: 'GET', path: '/api/bulk/jobs', load: () => import('@/app/api/bulk/jobs/route') },
  { method: 'POST', path: '/api/bulk/jobs', load: () => import('@/app/api/bulk/jobs/route') },
  { method: 'GET', path: '/api/health/ready', load: () => import('@/app/api/health/ready/route') },
  { method: 'GET', path: '/api/health', load: () => import('@/app/api/health/route') },
  { method: 'GET', path: '/api/profiles/[profileId]', load: () => import('@/app/api/profiles/[profileId]/route') },
  { method: 'PUT', path: '/api/profiles/[profileId]', load: () => import('@/app/api/profiles/[profileId]/route') },
  {
    method: 'GET',
    path: '/api/profiles/[profileId]/history',
    load: () => import('@/app/api/profiles/[profileId]/history/route'),
  },
  { method: 'POST', path: '/api/profiles/search', load: () => import('@/app/api/profiles/search/route') },
  {
    method: 'POST',
    path: '/api/updates/[attemptId]/check',
    load: () => import('@/app/api/updates/[attemptId]/check/route'),
  },
  {
    method: 'POST',
    path: '/api/updates/[attemptId]/resolve',
    load: () => import('@/app/api/updates/[attemptId]/resolve/route'),
  },
  {
    method: 'POST',
    path: '/api/updates/[attemptId]/retry',
    load: () => import('@/app/api/updates/[attemptId]/retry/route'),
  },
  {
    method: 'GET',
    path: '/api/updates/export',
    load: () => import('@/app/api/updates/export/route'),
    query: ['outcome', 'code', 'who', 'source', 'from', 'to', 'q'],
  },
  {
    method: 'GET',
    path: '/api/updates/retry-runs/[runId]',
    load: () => import('@/app/api/updates/retry-runs/[runId]/route'),
  },
  {
    method: 'POST',
    path: '/api/updates/retry-runs/[runId]/stop',
    load: () => import('@/app/api/updates/retry-runs/[runId]/stop/route'),
  },
  { method: 'GET', path: '/api/updates/retry-runs', load: () => import('@/app/api/updates/retry-runs/route') },
  { method: 'POST', path: '/api/updates/retry-runs', load: () => import('@/app/api/updates/retry-runs/route') },
  { method: 'POST', path: '/api/profiles/imports', load: () => import('@/app/api/profiles/imports/route') },
  {
    method: 'GET',
    path: '/api/profiles/imports/[importId]',
    load: () => import('@/app/api/profiles/imports/[importId]/route'),
  },
  {
    method: 'GET',
    path: '/api/profiles/imports/[importId]/unknown',
    load: () => import('@/app/api/profiles/imports/[importId]/unknown/route'),
  },
];

/** Ids that exist, filled in once the data is seeded: the generators mix them with junk. */
const known = { attemptIds: [] as string[], jobIds: [] as string[], userIds: [] as string[], runIds: [] as string[] };

// ---------------------------------------------------------------------------------------------
// Generators

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%80',
  '%2F',
  '..',
  '../..',
  '2024-13-45',
  '2024-02-30',
  '2023-02-29',
  '0000-00-00',
  '9999-12-31',
  '2024-2-3',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  '\u202Eevil',
  '\uD800',
  '\uFFFF',
  '😀'.repeat(40),
  'ए'.repeat(30),
  "'; drop table update_attempt; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  'a'.repeat(70_000),
  '\u0000'.repeat(500),
  'AA-1234',
  '4291',
  'UPSTREAM_TIMEOUT',
  'open',
  'failed',
  'form',
  'all',
  'admin',
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => `${text}\u0000${text}`) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  },
);

const knownId = (pool: () => string[]) =>
  fc.integer({ min: 0, max: 1000 }).map((n) => pool()[n % Math.max(pool().length, 1)] ?? randomUUID());

/** The text with each lone surrogate (which no URL can carry) replaced by U+FFFD. */
const wellFormed = (value: string) =>
  value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A path parameter's raw text as it stands in the address (before any decoding). */
const rawSegment = fc.oneof(
  { weight: 3, arbitrary: knownId(() => [...known.attemptIds, ...known.jobIds, ...known.runIds]) },
  { weight: 1, arbitrary: knownId(() => known.userIds) },
  { weight: 3, arbitrary: fc.constantFrom(...Object.values(SANDBOX_PROFILE_IDS)) },
  { weight: 1, arbitrary: fc.uuid().map(String) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%2F', '%5C', 'a%2fb', '%00', '%C0%80', '%ff') },
  { weight: 3, arbitrary: nastyString.map((value) => encodeURIComponent(wellFormed(value.slice(0, 2000))) || 'x') },
);

const FIELD_NAMES = [
  'tag',
  'name',
  'email',
  'mobile',
  'base',
  'reason',
  'note',
  'kind',
  'retryAttemptId',
  'filter',
  'role',
  'disabled',
  'password',
  'currentPassword',
  'newPassword',
  'fileName',
  'csv',
  'mapping',
  'dryRun',
  'outcome',
  'from',
  'to',
  'q',
  'who',
  'code',
  'source',
];

/** JSON values of any shape, with the fields the routes read given junk of every type. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...FIELD_NAMES)), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const csvText = fc
  .array(fc.array(fc.oneof(nastyString, fc.constantFrom(...Object.values(SANDBOX_PROFILE_IDS))), { maxLength: 5 }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((rows) => ['profileId,tag,name,email,mobile', ...rows.map((cells) => cells.join(','))].join('\n'));

/** A profile save that is right but for (at most) one field, with or without a reason. */
const oneFieldOff = fc
  .tuple(
    fc.constantFrom('tag', 'name', 'email', 'mobile', 'none'),
    nastyString,
    fc.option(nastyString, { nil: undefined }),
  )
  .map(([field, value, reason]) => ({
    ...GITANJALI_LOADED,
    ...(field === 'none' ? { tag: `FZ-${value.length}` } : { [field]: value }),
    base: GITANJALI_LOADED,
    ...(reason === undefined ? {} : { reason }),
  }));

/** A bulk file that is right but for its cells: a header the mapping names, lines of junk. */
const bulkFileOfJunk = fc
  .array(fc.tuple(fc.constantFrom(...Object.values(SANDBOX_PROFILE_IDS)), nastyString), { minLength: 1, maxLength: 4 })
  .map((lines) => ({
    fileName: 'fuzz.csv',
    csv: ['profileId,email', ...lines.map(([id, cell]) => `${id},"${cell.replaceAll('"', '""')}"`)].join('\n'),
    mapping: { profileId: 'profileId', email: 'email' },
    dryRun: true,
  }));

/** Bodies close to what each route takes, each field possibly swapped for junk. */
const nearlyRightBody = fc.oneof(
  oneFieldOff,
  oneFieldOff,
  oneFieldOff,
  bulkFileOfJunk,
  bulkFileOfJunk,
  fc.record(
    {
      tag: nastyString,
      name: nastyString,
      email: nastyString,
      mobile: nastyString,
      base: fc.oneof(fc.constant(GITANJALI_LOADED), jsonValue),
      reason: fc.oneof(nastyString, fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      fileName: nastyString,
      csv: fc.oneof(csvText, nastyString),
      mapping: fc.oneof(
        fc.constant({ profileId: 'profileId', tag: 'tag', name: 'name', email: 'email', mobile: 'mobile' }),
        jsonValue,
      ),
      dryRun: fc.oneof(fc.boolean(), jsonValue),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      filter: fc.oneof(
        fc.record(
          {
            outcome: nastyString,
            code: nastyString,
            who: nastyString,
            source: nastyString,
            from: nastyString,
            to: nastyString,
            q: nastyString,
          },
          { requiredKeys: [] },
        ),
        jsonValue,
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      note: nastyString,
      kind: fc.oneof(fc.constantFrom('resolved', 'cannot_change'), nastyString),
      retryAttemptId: fc.oneof(fc.uuid().map(String), nastyString),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      name: nastyString,
      email: fc.oneof(fc.emailAddress(), nastyString),
      role: fc.oneof(fc.constantFrom('admin', 'hr', 'support', 'ops'), nastyString),
      password: nastyString,
      disabled: fc.oneof(fc.boolean(), jsonValue),
      currentPassword: nastyString,
      newPassword: nastyString,
    },
    { requiredKeys: [] },
  ),
);

/** The body as sent: JSON of some value, or text that is not JSON at all, or none. */
const body = fc.oneof(
  { weight: 4, arbitrary: nearlyRightBody.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: jsonValue.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '[1,', '{"a":}', 'null', '"\\u0000"', '{"tag":"\\ud800"}') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Query pairs: mostly the names the route reads, with junk values; sometimes anything at all. */
const queryFor = (route: RouteUnderTest) =>
  fc.array(
    fc.tuple(
      fc.oneof(
        { weight: route.query ? 4 : 0, arbitrary: fc.constantFrom(...(route.query ?? ['q'])) },
        { weight: 1, arbitrary: nastyString },
      ),
      nastyString,
    ),
    { maxLength: 5 },
  );

const headers = fc.record(
  {
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      '',
      'APPLICATION/JSON',
    ),
    idempotencyKey: fc.option(fc.oneof(fc.uuid().map(String), nastyString), { nil: undefined, freq: 2 }),
  },
  { requiredKeys: ['contentType'] },
);

const fuzzCase = fc.integer({ min: 0, max: ROUTES.length - 1 }).chain((route) =>
  fc.record({
    route: fc.constant(route),
    caller: fc.constantFrom<Caller>(...ROLES, ...ROLES, 'signed-out', 'cross-site'),
    segments: fc.array(rawSegment, { minLength: 1, maxLength: 3 }),
    query: queryFor(ROUTES[route] as RouteUnderTest),
    headers,
    body,
  }),
);
type FuzzCase = typeof fuzzCase extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------

/** Header values carry bytes only; a string that cannot be one is sent percent-encoded. */
function headerValue(value: string): string {
  return /^[\t\x20-\x7E\x80-\xFF]*$/.test(value) ? value : encodeURIComponent(wellFormed(value));
}

function decodeOr(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function requestOf(
  input: FuzzCase,
  cookies: Record<string, string>,
): { request: NextRequest; params: Record<string, unknown> } {
  const route = ROUTES[input.route] as RouteUnderTest;
  const params: Record<string, unknown> = {};
  let segment = 0;
  const path = route.path.replace(/\[(\.\.\.)?(\w+)\]/g, (_all, rest: string | undefined, name: string) => {
    if (rest) {
      // A third of the time the sign-in, the one action behind /api/auth that reads a body.
      const parts = input.segments.length === 1 ? ['sign-in', 'email'] : input.segments;
      params[name] = parts.map(decodeOr);
      return parts.join('/');
    }
    const raw = input.segments[segment++ % input.segments.length] as string;
    params[name] = decodeOr(raw);
    return raw;
  });
  const search = new URLSearchParams(input.query).toString();
  const url = `${CONSOLE_ORIGIN}${path}${search ? `?${search}` : ''}`;
  const requestHeaders: Record<string, string> = {
    origin: input.caller === 'cross-site' ? 'https://evil.example' : CONSOLE_ORIGIN,
  };
  if (input.headers.contentType) requestHeaders['content-type'] = input.headers.contentType;
  if (input.headers.idempotencyKey !== undefined)
    requestHeaders['idempotency-key'] = headerValue(input.headers.idempotencyKey);
  const cookie = cookies[input.caller === 'cross-site' ? 'admin' : input.caller];
  if (cookie) requestHeaders.cookie = cookie;
  const hasBody = route.method !== 'GET' && input.body !== undefined;
  return {
    request: new NextRequest(url, {
      method: route.method,
      headers: requestHeaders,
      ...(hasBody ? { body: input.body } : {}),
    }),
    params,
  };
}

/** What is wrong with an answer, or null. */
async function problemWith(response: Response): Promise<string | null> {
  if (response.status >= 500) return `answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
  if (response.status >= 400) {
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return `answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
    }
    const error = (json as { error?: Record<string, unknown> }).error;
    if (
      !error ||
      (error.source !== 'console' && error.source !== 'attestr') ||
      (typeof error.code !== 'string' && typeof error.code !== 'number') ||
      typeof error.message !== 'string' ||
      error.httpStatus === undefined ||
      typeof error.advice !== 'string' ||
      typeof error.actor !== 'string'
    ) {
      return `answered ${response.status} without the console's error shape: ${text.slice(0, 200)}`;
    }
    return null;
  }
  // A 2xx is read to its end: a download that breaks off mid-way is a failure, not a 200.
  try {
    await response.arrayBuffer();
  } catch (error) {
    return `answered ${response.status} and broke off mid-way: ${(error as Error).message.slice(0, 200)}`;
  }
  return null;
}

describeEachEngine('route fuzz', (engine) => {
  let stack: AttestrTestStack;
  const cookies: Record<string, string> = {};
  const handlers = new Map<number, Handler>();

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: `fuzz-token-${engine}` });
    const { getAuth } = await import('@/lib/auth/auth');
    const actors: Record<string, { userId: string; role: string }> = {};
    for (const role of ROLES) {
      const email = `${role}.fuzz@example.com`;
      const created = await getAuth().api.createUser({
        body: { email, password: PASSWORD, name: `${role} fuzz`, role },
      });
      const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      cookies[role] = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(';', 1)[0])
        .join('; ');
      actors[role] = { userId: created.user.id, role };
    }
    // A person the admin routes may change or disable without signing anyone out.
    const spare = await getAuth().api.createUser({
      body: { email: 'spare.fuzz@example.com', password: PASSWORD, name: 'spare', role: 'hr' },
    });
    known.userIds = [spare.user.id];

    const { saveProfile } = await import('@/lib/updates/save');
    for (const role of ['hr', 'support', 'admin'] as const) {
      for (const fault of [undefined, 'error5001'] as const) {
        if (fault) stack.sandbox.injectFault({ kind: fault, method: 'PUT' });
        const attemptId = randomUUID();
        known.attemptIds.push(attemptId);
        await saveProfile({
          actor: actors[role] as { userId: string; role: string },
          profileId: SANDBOX_PROFILE_IDS.gitanjali,
          values: { ...GITANJALI_LOADED, email: `${role}.${attemptId.slice(0, 6)}@example.com` },
          base: GITANJALI_LOADED,
          reason: 'ticket 42',
          source: 'form',
          attemptId,
        }).catch(() => undefined);
      }
    }
    const { createBulkJob } = await import('@/lib/bulk/service');
    const job = await createBulkJob({
      actor: actors.hr as { userId: string; role: string },
      fileName: 'fuzz.csv',
      csv: `profileId,email\n${SANDBOX_PROFILE_IDS.gitanjali},bulk.fuzz@example.com\n`,
      mapping: { profileId: 'profileId', email: 'email' },
      dryRun: true,
    });
    known.jobIds = [job.id];
    for (const [index, route] of ROUTES.entries()) {
      const loaded = await route.load();
      handlers.set(index, loaded[route.method] as Handler);
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers no generated request with a 5xx, and every refusal with the console’s JSON error', async () => {
    const cases = fc.sample(fuzzCase, { numRuns: runs, seed });
    const statuses = new Map<string, number>();
    const failures: string[] = [];
    const started = Date.now();
    for (const input of cases) {
      const route = ROUTES[input.route] as RouteUnderTest;
      const { request, params } = requestOf(input, cookies);
      const handler = handlers.get(input.route) as Handler;
      let response: Response;
      try {
        response = await handler(request, { params: Promise.resolve(params) });
      } catch (error) {
        failures.push(`${route.method} ${request.url.slice(0, 200)} threw: ${(error as Error).message.slice(0, 200)}`);
        continue;
      }
      const key = `${route.method} ${route.path} ${response.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const problem = await problemWith(response);
      if (problem) {
        failures.push(
          `${route.method} ${request.url.slice(0, 200)} as ${input.caller} (body ${JSON.stringify(input.body)?.slice(0, 200)}): ${problem}`,
        );
      }
    }
    const counts = [...statuses.entries()].sort(([a], [b]) => a.localeCompare(b));
    process.stdout.write(
      `route fuzz [${engine}]: ${cases.length} requests (FUZZ_RUNS=${runs}, FUZZ_SEED=${seed}) in ${Date.now() - started} ms, ${failures.length} failed\n` +
        counts.map(([key, count]) => `  ${key}: ${count}\n`).join(''),
    );
    expect(failures, `repeat with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`).toEqual([]);
  }, 600_000);
});

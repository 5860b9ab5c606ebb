import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { request, type APIRequestContext } from '@playwright/test';

import type { Role } from './fixtures/auth';
import { SEED, type SandboxControl } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { apiAs, errorCode, gitanjaliWith, sameOrigin, SIGNED_OUT } from './support/api';

/**
 * Who may call what, route by route: every route handler under app/api is found on disk and
 * must have a row in TABLE, so a new route (or a new method on one) cannot ship without
 * someone deciding who may call it.
 */

type Actor = 'anonymous' | Role;
const ACTORS: readonly Actor[] = ['anonymous', 'admin', 'hr', 'support', 'ops'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type Outcome = { status: number; code?: string };
const OK: Outcome = { status: 200 };
const CREATED: Outcome = { status: 201 };
const UNAUTHENTICATED: Outcome = { status: 401, code: 'UNAUTHENTICATED' };
const FORBIDDEN: Outcome = { status: 403, code: 'FORBIDDEN' };
const NOT_FOUND: Outcome = { status: 404, code: 'NOT_FOUND' };
const BULK_JOB_NOT_FOUND: Outcome = { status: 404, code: 'BULK_JOB_NOT_FOUND' };
const BULK_FILE_INVALID: Outcome = { status: 422, code: 'BULK_FILE_INVALID' };

/** What the cases run against. */
type World = { profileId: string; userId: string; admin: APIRequestContext; sandbox: SandboxControl };

type Case = {
  /** Fills the catch-all segment `[...all]`. */
  action?: string;
  /** The request starts or ends the session it is sent with, so it gets a context of its own. */
  isolated?: boolean;
  expect: Record<Actor, Outcome>;
  /** The body, and a check of the side effect: present when allowed, absent when refused. */
  prepare?: (
    world: World,
    actor: Actor,
  ) => {
    data?: unknown;
    verify?: (allowed: boolean, api: APIRequestContext) => Promise<void>;
  };
};

const everyone = (outcome: Outcome, anonymous: Outcome = UNAUTHENTICATED): Record<Actor, Outcome> => ({
  anonymous,
  admin: outcome,
  hr: outcome,
  support: outcome,
  ops: outcome,
});
const adminOnly = (outcome: Outcome): Record<Actor, Outcome> => ({
  anonymous: UNAUTHENTICATED,
  admin: outcome,
  hr: FORBIDDEN,
  support: FORBIDDEN,
  ops: FORBIDDEN,
});

/** Admin and ops: the roles that deal with failed updates. */
const retriers = (outcome: Outcome): Record<Actor, Outcome> => ({
  anonymous: UNAUTHENTICATED,
  admin: outcome,
  hr: FORBIDDEN,
  support: FORBIDDEN,
  ops: outcome,
});

async function listUsers(admin: APIRequestContext): Promise<{ id: string; email: string; role: string }[]> {
  const response = await admin.get('/api/admin/users');
  expect(response.status(), 'admin lists users').toBe(200);
  return ((await response.json()) as { users: { id: string; email: string; role: string }[] }).users;
}

const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** Keyed `${METHOD} ${route}` with the route as its folder names it under app/. */
const TABLE: Record<string, Case[]> = {
  'GET /api/health': [{ expect: everyone(OK, OK) }],
  'GET /api/health/ready': [{ expect: everyone(OK, OK) }],

  'GET /api/profiles/[profileId]': [{ expect: everyone(OK) }],
  'PUT /api/profiles/[profileId]': [
    {
      // Mobile: a field every role that may update profiles may change.
      expect: { anonymous: UNAUTHENTICATED, admin: OK, hr: OK, support: OK, ops: FORBIDDEN },
      prepare: (world) => ({
        data: gitanjaliWith({ mobile: '+918888999979' }),
        verify: async (allowed) => {
          const stored = await world.sandbox.getProfile(world.profileId);
          expect
            .soft(stored.mobile, 'the mobile Attestr holds')
            .toBe(allowed ? '+918888999979' : SEED.gitanjali.mobile);
        },
      }),
    },
  ],

  'POST /api/updates/[attemptId]/check': [{ expect: everyone({ status: 404, code: 'ATTEMPT_NOT_FOUND' }) }],
  'POST /api/updates/[attemptId]/retry': [
    {
      expect: retriers({ status: 404, code: 'ATTEMPT_NOT_FOUND' }),
      prepare: () => ({ data: { retryAttemptId: '00000000-0000-4000-8000-00000000abcd' } }),
    },
  ],
  'POST /api/updates/[attemptId]/resolve': [
    {
      expect: retriers({ status: 404, code: 'ATTEMPT_NOT_FOUND' }),
      prepare: () => ({ data: { note: 'Checked by the permission table', kind: 'resolved' } }),
    },
  ],
  // Support sees its own updates, the others everyone's: each gets a CSV.
  'GET /api/updates/export': [{ expect: everyone(OK) }],
  'GET /api/updates/retry-runs': [{ expect: retriers(OK) }],
  // Saved updates are never retried, so the run is refused and nothing starts.
  'POST /api/updates/retry-runs': [
    {
      expect: retriers({ status: 409, code: 'NOTHING_TO_RETRY' }),
      prepare: () => ({ data: { filter: { outcome: 'succeeded' } } }),
    },
  ],
  // Every role sees updates (support its own): no job has the id below, so it has no lines.
  'GET /api/updates/bulk-jobs/[jobId]': [{ expect: everyone(OK) }],
  // No update has the id below: nothing is resolved, and the count says so.
  'POST /api/updates/resolutions': [
    {
      expect: retriers(OK),
      prepare: () => ({ data: { attemptIds: ['no-such-update-0001'], note: 'Checked by the permission table' } }),
    },
  ],
  'GET /api/updates/retry-runs/[runId]': [{ expect: retriers({ status: 404, code: 'RETRY_RUN_NOT_FOUND' }) }],
  'POST /api/updates/retry-runs/[runId]/stop': [{ expect: retriers({ status: 404, code: 'RETRY_RUN_NOT_FOUND' }) }],
  // Every role watches bulk updates (support its own): no job has the id below.
  'GET /api/bulk/jobs': [{ expect: everyone(OK) }],
  // A file that changes nothing: every role that may upload one is told why, and nothing starts.
  'POST /api/bulk/jobs': [
    {
      expect: {
        anonymous: UNAUTHENTICATED,
        admin: BULK_FILE_INVALID,
        hr: BULK_FILE_INVALID,
        support: BULK_FILE_INVALID,
        ops: FORBIDDEN,
      },
      prepare: (world) => ({
        data: {
          fileName: 'ids.csv',
          csv: `profileId\n${world.profileId}\n`,
          mapping: { profileId: 'profileId' },
          dryRun: false,
        },
      }),
    },
  ],
  'GET /api/bulk/jobs/[jobId]': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'GET /api/bulk/jobs/[jobId]/rows': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'GET /api/bulk/jobs/[jobId]/failed-rows': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'POST /api/bulk/jobs/[jobId]/pause': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'POST /api/bulk/jobs/[jobId]/resume': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'POST /api/bulk/jobs/[jobId]/cancel': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'POST /api/bulk/jobs/[jobId]/start': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  'POST /api/bulk/jobs/[jobId]/retry-failed': [{ expect: everyone(BULK_JOB_NOT_FOUND) }],
  // Without the file's count of lines there is nothing to estimate: every role that may upload one is told so.
  'GET /api/bulk/estimate': [
    {
      expect: {
        anonymous: UNAUTHENTICATED,
        admin: { status: 422, code: 'VALIDATION_FAILED' },
        hr: { status: 422, code: 'VALIDATION_FAILED' },
        support: { status: 422, code: 'VALIDATION_FAILED' },
        ops: FORBIDDEN,
      },
    },
  ],
  // Without a query there is nothing to search for: every role that may view profiles is told so.
  // A search with nothing typed: every role may search, so each meets the same validation.
  'POST /api/profiles/search': [
    { expect: everyone({ status: 422, code: 'VALIDATION_FAILED' }), prepare: () => ({ data: { q: '' } }) },
  ],
  'GET /api/profiles/[profileId]/history': [{ expect: everyone(OK) }],

  // Everyone signed in may change their own password; a wrong current one changes nothing,
  // which keeps the demo accounts as they are for the other tests.
  'PUT /api/account/password': [
    {
      expect: everyone({ status: 400, code: 'CURRENT_PASSWORD_WRONG' }),
      prepare: () => ({
        data: { currentPassword: 'not-the-current-password', newPassword: `matrix-password-${stamp()}` },
      }),
    },
  ],

  'GET /api/admin/users': [{ expect: adminOnly(OK) }],
  'POST /api/admin/users': [
    {
      expect: adminOnly(CREATED),
      prepare: (world, actor) => {
        const email = `matrix-${actor}-${stamp()}@example.com`;
        return {
          data: { name: `Matrix ${actor}`, email, role: 'support', password: 'matrix-password-1234' },
          verify: async (allowed) => {
            const created = (await listUsers(world.admin)).some((user) => user.email === email);
            expect.soft(created, `a user ${email} exists`).toBe(allowed);
          },
        };
      },
    },
  ],
  'PATCH /api/admin/users/[userId]': [
    {
      expect: adminOnly(OK),
      // The target is a throwaway Support user; admin "changes" it to Support again.
      prepare: () => ({ data: { role: 'support' } }),
    },
  ],
  'PUT /api/admin/users/[userId]/password': [
    { expect: adminOnly(OK), prepare: () => ({ data: { password: `matrix-password-${stamp()}` } }) },
  ],

  // Of Better Auth, only sign-in and sign-out are exposed; the rest answers 404 to the signed in.
  'POST /api/auth/[...all]': [
    {
      action: 'sign-in/email',
      isolated: true,
      expect: everyone(OK, OK),
      prepare: (_world, actor) => ({
        data: { email: E2E.users[actor === 'anonymous' ? 'hr' : actor], password: E2E.demoPassword },
      }),
    },
    {
      action: 'sign-out',
      isolated: true,
      expect: everyone(OK),
      prepare: (world) => ({
        verify: async (allowed, api) => {
          if (!allowed) return;
          const after = await api.get(`/api/profiles/${world.profileId}`);
          expect.soft(after.status(), 'the signed-out session no longer works').toBe(401);
        },
      }),
    },
    {
      action: 'sign-up/email',
      expect: everyone(NOT_FOUND),
      prepare: (world, actor) => {
        const email = `signup-${actor}-${stamp()}@example.com`;
        return {
          data: { name: 'Self Signed', email, password: 'self-signed-password-1' },
          verify: async () => {
            const created = (await listUsers(world.admin)).some((user) => user.email === email);
            expect.soft(created, 'nobody can sign themselves up').toBe(false);
          },
        };
      },
    },
    {
      action: 'admin/set-role',
      expect: everyone(NOT_FOUND),
      prepare: (world) => ({
        data: { userId: world.userId, role: 'admin' },
        verify: async () => {
          const target = (await listUsers(world.admin)).find((user) => user.id === world.userId);
          expect.soft(target?.role, 'Better Auth’s own admin endpoint changed nothing').toBe('support');
        },
      }),
    },
  ],
  'GET /api/auth/[...all]': [
    { action: 'get-session', expect: everyone(NOT_FOUND) },
    { action: 'sign-in/email', expect: everyone(NOT_FOUND) },
  ],
  // Directory imports are for administrators: an empty list is refused, so nothing starts.
  'POST /api/profiles/imports': [
    {
      expect: adminOnly({ status: 422, code: 'VALIDATION_FAILED' }),
      prepare: () => ({ data: { fileName: 'directory.csv', profileIds: [] } }),
    },
  ],
  'GET /api/profiles/imports/[importId]': [{ expect: adminOnly({ status: 404, code: 'PROFILE_IMPORT_NOT_FOUND' }) }],
  'GET /api/profiles/imports/[importId]/unknown': [
    { expect: adminOnly({ status: 404, code: 'PROFILE_IMPORT_NOT_FOUND' }) },
  ],
};

type DiscoveredRoute = { key: string; method: string; pattern: string; file: string };

/** Every exported HTTP method of every app/**\/route.ts, as `${METHOD} ${route}`. */
async function discoverRoutes(): Promise<DiscoveredRoute[]> {
  const root = path.dirname(test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
  const appDir = path.join(root, 'app');
  const files = (await readdir(appDir, { recursive: true }))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /(^|\/)route\.(ts|tsx|js|mjs)$/.test(file));
  const found: DiscoveredRoute[] = [];
  for (const file of files) {
    const source = await readFile(path.join(appDir, file), 'utf8');
    const methods = new Set<string>();
    const declared = /export\s+(?:const|let|var|(?:async\s+)?function)\s+([A-Z]+)\b/g;
    for (const match of source.matchAll(declared)) methods.add(match[1]!);
    for (const list of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const item of list[1]!.split(',')) methods.add((item.split(/\s+as\s+/).pop() ?? '').trim());
    }
    const pattern = `/${path.posix.dirname(file)}`
      .split('/')
      .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not in the URL
      .join('/');
    for (const method of methods) {
      if ((METHODS as readonly string[]).includes(method)) {
        found.push({ key: `${method} ${pattern}`, method, pattern, file: `app/${file}` });
      }
    }
  }
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

function concretePath(pattern: string, params: Record<string, string | undefined>): string {
  return pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_segment, _rest, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return value;
  });
}

test.describe('Permission matrix: every route × every role', () => {
  let userId: string;

  test.beforeAll(async () => {
    // A throwaway user to aim the user-management routes at; the demo accounts stay as they are.
    const admin = await apiAs('admin');
    const email = `matrix-target-${stamp()}@example.com`;
    const created = await admin.post('/api/admin/users', {
      data: { name: 'Matrix Target', email, role: 'support', password: 'matrix-target-password' },
    });
    expect(created.status(), await created.text()).toBe(201);
    const target = (await listUsers(admin)).find((user) => user.email === email);
    expect(target, 'the target user is listed').toBeDefined();
    userId = target!.id;
    await admin.dispose();
  });

  test('the table has a row for every route handler on disk, and none for a route that is gone', async () => {
    const discovered = await discoverRoutes();
    expect(discovered.length, 'route handlers found under app/').toBeGreaterThanOrEqual(9);
    const keys = discovered.map((route) => route.key);
    const missing = discovered.filter((route) => !TABLE[route.key]).map((route) => `${route.key} (${route.file})`);
    expect(missing, 'route handlers with no row in the permission table').toEqual([]);
    expect(
      Object.keys(TABLE).filter((key) => !keys.includes(key)),
      'rows for routes that no longer exist',
    ).toEqual([]);
  });

  for (const actor of ACTORS) {
    test(`${actor}: each route answers as the table says`, async ({ sessionFor, sandbox }) => {
      const discovered = await discoverRoutes();
      const api = await request.newContext({
        baseURL: E2E.baseUrl,
        extraHTTPHeaders: sameOrigin(),
        storageState: actor === 'anonymous' ? SIGNED_OUT : await sessionFor(actor),
      });
      const admin = await request.newContext({
        baseURL: E2E.baseUrl,
        extraHTTPHeaders: sameOrigin(),
        storageState: await sessionFor('admin'),
      });
      const world: World = { profileId: SEED.gitanjali.id, userId, admin, sandbox };
      const unlisted: string[] = [];
      let checked = 0;

      for (const route of discovered) {
        const cases = TABLE[route.key];
        if (!cases) {
          unlisted.push(route.key);
          continue;
        }
        for (const entry of cases) {
          const url = concretePath(route.pattern, {
            profileId: world.profileId,
            userId: world.userId,
            // No update has this id: every role that may view profiles is told so.
            attemptId: '00000000-0000-4000-8000-000000000000',
            // Nor any "Retry all" run this one.
            runId: '01890000-0000-7000-8000-000000000000',
            // Nor any bulk update this one.
            jobId: '01890000-0000-7000-8000-0000000000b1',
            // Nor any directory import this one.
            importId: '01890000-0000-7000-8000-0000000000c1',
            all: entry.action,
          });
          const what = `${actor} ${route.method} ${url}`;
          const own = entry.isolated ? await apiAs(actor === 'anonymous' ? null : actor) : undefined;
          const client = own ?? api;
          const { data, verify } = entry.prepare?.(world, actor) ?? {};
          const response = await client.fetch(url, {
            method: route.method,
            ...(data === undefined ? {} : { data }),
            maxRedirects: 0,
          });
          const expected = entry.expect[actor];
          const actual: Outcome = { status: response.status() };
          if (expected.code) actual.code = String(await errorCode(response));
          expect.soft(actual, what).toEqual(expected);
          if (response.status() >= 400) {
            // Refusals are the console's JSON error shape, never an HTML page.
            expect
              .soft(response.headers()['content-type'] ?? '', `${what}: content type`)
              .toMatch(/^application\/json/);
          }
          await verify?.(expected.status < 300, client);
          await own?.dispose();
          checked += 1;
        }
      }

      await api.dispose();
      await admin.dispose();
      expect(unlisted, 'route handlers with no row in the permission table').toEqual([]);
      expect(checked).toBeGreaterThan(10);
    });
  }
});

/** PUT /api/profiles/[id] changing one field at a time, as each role. */
const FIELD_CHANGES = {
  tag: 'AA-9999',
  name: 'Gitanjali Raheja-Singh',
  email: 'g.raheja@example.org',
  mobile: '+918888999979',
} as const;
type Field = keyof typeof FIELD_CHANGES;

const MAY_CHANGE: Record<Role, readonly Field[]> = {
  admin: ['tag', 'name', 'email', 'mobile'],
  hr: ['tag', 'name', 'email', 'mobile'],
  support: ['email', 'mobile'],
  ops: [],
};

test.describe('Field matrix: PUT /api/profiles/[id] changing one field', () => {
  for (const role of ['admin', 'hr', 'support', 'ops'] as const) {
    for (const field of Object.keys(FIELD_CHANGES) as Field[]) {
      const allowed = MAY_CHANGE[role].includes(field);
      test(`${role} ${allowed ? 'may' : 'may not'} change ${field}`, async ({ sessionFor, sandbox }) => {
        const api = await request.newContext({
          baseURL: E2E.baseUrl,
          extraHTTPHeaders: sameOrigin(),
          storageState: await sessionFor(role),
        });
        const body = gitanjaliWith({ [field]: FIELD_CHANGES[field] });
        const response = await api.put(`/api/profiles/${SEED.gitanjali.id}`, { data: body });
        const text = await response.text();

        if (allowed) {
          expect(response.status(), text).toBe(200);
          expect(JSON.parse(text)).toMatchObject({ profile: { [field]: FIELD_CHANGES[field] } });
        } else {
          expect(response.status(), text).toBe(403);
          // A role that may update profiles hears which field it may not change; ops may change none.
          const code = role === 'ops' ? 'FORBIDDEN' : 'FIELD_NOT_ALLOWED';
          expect(JSON.parse(text)).toMatchObject({ error: { code } });
          if (code === 'FIELD_NOT_ALLOWED') {
            expect(Object.keys(JSON.parse(text).error.fieldErrors ?? {})).toEqual([field]);
          }
        }
        await api.dispose();

        // What Attestr (the sandbox) holds: the change when allowed, the seed untouched otherwise.
        const stored = await sandbox.getProfile(SEED.gitanjali.id);
        const { base, ...sent } = body;
        expect({ tag: stored.tag, name: stored.name, email: stored.email, mobile: stored.mobile }).toEqual(
          allowed ? sent : base,
        );
      });
    }
  }
});

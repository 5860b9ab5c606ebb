import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const AUTH_SECRET = 'export-route-secret-0123456789abcdefghij';
const CONSOLE_ORIGIN = 'http://localhost:3000';
const PASSWORD = 'export-route-password-1';
const EMAIL_VALUE = 'private.person@example.test';
const MOBILE_VALUE = '+918888999978';
/** More than one batch of the export (1000 rows), so it must carry on past the first. */
const OPS_ROWS = 2345;
const SUPPORT_ROWS = 7;

type RouteModule = typeof import('@/app/api/updates/export/route');

let route: RouteModule;
let dataDir: string;
const cookies: Record<'ops' | 'support' | 'outsider', string> = { ops: '', support: '', outsider: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'export-route-test-'));
  vi.stubEnv('LOG_LEVEL', 'silent');
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('BETTER_AUTH_SECRET', AUTH_SECRET);
  vi.stubEnv('BETTER_AUTH_URL', CONSOLE_ORIGIN);
  vi.stubEnv('DATABASE_URL', undefined);
  route = await import('@/app/api/updates/export/route');
  const { migrateDatabase } = await import('@/lib/auth/migrate');
  await migrateDatabase();
  const { getAuth } = await import('@/lib/auth/auth');
  const { getDatabase } = await import('@/lib/db/connection');
  const { db } = getDatabase();
  const ids: Record<string, string> = {};
  for (const role of ['ops', 'support', 'outsider'] as const) {
    const email = `${role}@example.test`;
    const { user } = await getAuth().api.createUser({
      body: { email, password: PASSWORD, name: `Person ${role}`, role: role === 'outsider' ? 'hr' : role },
    });
    ids[role] = user.id;
    const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
    cookies[role] = signedIn.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';', 1)[0])
      .join('; ');
  }
  // A role the console does not know: it may not see the updates.
  await db
    .updateTable('user')
    .set({ role: 'contractor' })
    .where('id', '=', ids.outsider as string)
    .execute();

  const values = { tag: 'AA-1', name: 'Gitanjali Raheja', email: EMAIL_VALUE, mobile: MOBILE_VALUE };
  const rows = Array.from({ length: OPS_ROWS + SUPPORT_ROWS }, (_, n) => {
    const support = n >= OPS_ROWS;
    return {
      id: `att-${String(n).padStart(5, '0')}`,
      request_hash: 'hash',
      profile_id: 'PROFILE-A',
      // The last of ops's rows has a tag a spreadsheet would run as a formula.
      profile_tag: n === OPS_ROWS - 1 ? '=HYPERLINK("http://evil.example","x")' : 'AA-1',
      actor_id: support ? (ids.support as string) : (ids.ops as string),
      actor_role: support ? 'support' : 'ops',
      source: 'form' as const,
      reason: null,
      retry_of: null,
      changed_fields: '["email","mobile"]',
      requested: JSON.stringify({ email: EMAIL_VALUE, mobile: MOBILE_VALUE }),
      base: JSON.stringify(values),
      before: JSON.stringify(values),
      sent: JSON.stringify(values),
      outcome: n % 10 === 0 ? ('failed' as const) : ('succeeded' as const),
      http_status: null,
      error_source: null,
      error_code: n % 10 === 0 ? '4291' : null,
      message: n % 10 === 0 ? 'Too many requests, slow down' : null,
      details: null,
      field_errors: null,
      tracing_id: `trace-${n}`,
      latency_ms: 5,
      after: JSON.stringify(values),
      // Ten at each time, so pages and batches meet rows of equal times.
      created_at: Date.parse('2026-11-01T00:00:00.000Z') + Math.floor(n / 10) * 1000,
      finished_at: Date.parse('2026-11-01T00:00:00.000Z') + Math.floor(n / 10) * 1000 + 5,
    };
  });
  for (let start = 0; start < rows.length; start += 500) {
    await db
      .insertInto('update_attempt')
      .values(rows.slice(start, start + 500))
      .execute();
  }
});

afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

async function download(query: string, cookie?: string) {
  const request = new NextRequest(`${CONSOLE_ORIGIN}/api/updates/export${query}`, {
    headers: cookie ? { cookie } : {},
  });
  const response = await route.GET(request, { params: Promise.resolve({}) });
  const streamed = response.body instanceof ReadableStream;
  const text = await response.text();
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines.pop()).toBe('');
  return { response, streamed, text, header: lines[0], rows: lines.slice(1) };
}

describe('GET /api/updates/export', () => {
  it('streams every matching update past the first batch, newest first, once each, as a dated download', async () => {
    const { response, streamed, header, rows, text } = await download('', cookies.ops);
    expect(response.status).toBe(200);
    expect(streamed).toBe(true);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="updates-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(header).toBe(
      'Time (UTC),Attempt ID,Profile ID,Number,Tag,Name,Who,Role,Source,Changed fields,Outcome,Code,Message,Tracing ID,Reason',
    );
    const ids = rows.map((row) => row.split(',')[1]);
    expect(ids).toHaveLength(OPS_ROWS + SUPPORT_ROWS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(rows.at(-1)).toBe(
      '2026-11-01T00:00:00.000Z,att-00000,PROFILE-A,,AA-1,Gitanjali Raheja,Person ops,Operations,Profile form,' +
        'email mobile,Failed,4291,"Too many requests, slow down",trace-0,',
    );
    // Which fields changed, never their values.
    expect(text).not.toContain(EMAIL_VALUE);
    expect(text).not.toContain(MOBILE_VALUE);
  });

  it('guards a cell a spreadsheet would run as a formula', async () => {
    const { rows } = await download(`?q=${encodeURIComponent('=HYPERLINK')}`, cookies.ops);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(',"\'=HYPERLINK(""http://evil.example"",""x"")",');
  });

  it('holds the filters of the page', async () => {
    const { rows } = await download('?outcome=failed&code=4291', cookies.ops);
    expect(rows).toHaveLength(Math.ceil((OPS_ROWS + SUPPORT_ROWS) / 10));
    expect(rows.every((row) => row.includes(',Failed,4291,'))).toBe(true);
  });

  it('gives support only its own updates, whatever the filters ask', async () => {
    const { rows } = await download('', cookies.support);
    expect(rows).toHaveLength(SUPPORT_ROWS);
    expect(rows.every((row) => row.includes(',Person support,Support,'))).toBe(true);
  });

  it('refuses a filter it cannot read rather than export more than asked', async () => {
    const request = new NextRequest(`${CONSOLE_ORIGIN}/api/updates/export?from=yesterday`, {
      headers: { cookie: cookies.ops },
    });
    const response = await route.GET(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('From (a date is written YYYY-MM-DD)');
  });

  it.each([
    ['from=2024-13-45', 'From (a date is written YYYY-MM-DD)'],
    ['to=2024-02-30', 'To (a date is written YYYY-MM-DD, on or after From)'],
    ['from=2026-11-02&to=2026-11-01', 'To (a date is written YYYY-MM-DD, on or after From)'],
    ['q=AA%00', 'Search'],
  ])('refuses %s with a 400 before any line is sent', async (query, named) => {
    const request = new NextRequest(`${CONSOLE_ORIGIN}/api/updates/export?${query}`, {
      headers: { cookie: cookies.ops },
    });
    const response = await route.GET(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(named);
  });

  it('refuses a role that may not see updates, and anyone not signed in', async () => {
    const outsider = await route.GET(
      new NextRequest(`${CONSOLE_ORIGIN}/api/updates/export`, { headers: { cookie: cookies.outsider } }),
      { params: Promise.resolve({}) },
    );
    expect(outsider.status).toBe(403);
    const anonymous = await route.GET(new NextRequest(`${CONSOLE_ORIGIN}/api/updates/export`), {
      params: Promise.resolve({}),
    });
    expect(anonymous.status).toBe(401);
  });
});

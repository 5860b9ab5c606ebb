import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('POST /api/auth/[...all] at a crafted address', () => {
  let testConsole: TestConsole;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine: 'sqlite' });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
    await (await import('@/lib/auth/bootstrap')).ensureInitialUsers();
  });
  afterAll(() => testConsole?.close());

  it('answers sign-in%2Femail with a 400 naming the problem, and counts no try', async () => {
    const { POST } = await import('@/app/api/auth/[...all]/route');
    const { getDatabase } = await import('@/lib/db/connection');

    // Next decodes the segment into the route's parameter: sign-in/email, as if it were two.
    const response = await POST(
      new NextRequest(`${CONSOLE_ORIGIN}/api/auth/sign-in%2Femail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
        body: JSON.stringify({ email: 'support@example.com', password: 'not-the-password' }),
      }),
      { params: Promise.resolve({ all: ['sign-in/email'] }) },
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'BAD_REQUEST',
        details: 'The address is malformed: it has an encoded slash (%2F or %5C) inside a part of the path.',
      },
    });
    expect(await getDatabase().db.selectFrom('sign_in_throttle').selectAll().execute()).toEqual([]);
  });
});

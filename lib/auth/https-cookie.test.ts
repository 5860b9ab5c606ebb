import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';

const ORIGIN = 'https://console.example.com';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('served over https', () => {
  let testConsole: TestConsole;
  let sessionCookie: string;
  let readSession: typeof import('@/lib/auth/session').readSession;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine: 'sqlite', env: { BETTER_AUTH_URL: ORIGIN } });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
    await (await import('@/lib/auth/bootstrap')).ensureInitialUsers();
    readSession = (await import('@/lib/auth/session')).readSession;
    const { signIn } = await import('@/lib/api/sign-in');
    const response = await signIn(
      new NextRequest(`${ORIGIN}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ email: 'hr@example.com', password: 'sandbox-demo-password' }),
      }),
    );
    expect(response.status).toBe(200);
    sessionCookie = response.headers.getSetCookie().find((line) => line.includes('session_token=')) ?? '';
  });
  afterAll(() => testConsole?.close());

  it('names the session cookie __Host-: Secure, Path=/, no Domain', () => {
    expect(sessionCookie).toMatch(/^__Host-better-auth\.session_token=/);
    expect(sessionCookie).toMatch(/;\s*Secure/i);
    expect(sessionCookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(sessionCookie).toMatch(/;\s*HttpOnly/i);
    expect(sessionCookie).not.toMatch(/Domain=/i);
  });

  it('reads the session from that cookie', async () => {
    const cookie = sessionCookie.split(';')[0] as string;
    expect((await readSession(new Headers({ cookie })))?.user.email).toBe('hr@example.com');
  });
});

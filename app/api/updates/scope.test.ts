import { randomUUID } from 'node:crypto';

import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { GITANJALI_LOADED, startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { CONSOLE_ORIGIN } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

/**
 * One rule decides whose attempts a person sees (support: its own; everyone else who may see
 * updates: all), wherever attempts are shown: a profile's History as much as the updates
 * page; and an attempt the caller may not see is "not found", like one that does not exist.
 */
const PASSWORD = 'scope-test-password-1';
const ROLES = ['hr', 'support', 'ops'] as const;
type Role = (typeof ROLES)[number];
const { gitanjali } = SANDBOX_PROFILE_IDS;

type CheckRoute = typeof import('@/app/api/updates/[attemptId]/check/route');

describeEachEngine('whose attempts a person sees', (engine) => {
  let stack: AttestrTestStack;
  let checkRoute: CheckRoute;
  const users = {} as Record<Role, { id: string; cookie: string }>;
  const attempts = {} as Record<'hr' | 'support', string>;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: `scope-token-${engine}` });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const role of ROLES) {
      const email = `${role}.scope@example.com`;
      const created = await getAuth().api.createUser({
        body: { email, password: PASSWORD, name: `${role} person`, role },
      });
      const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      const cookie = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(';', 1)[0])
        .join('; ');
      users[role] = { id: created.user.id, cookie };
    }
    const { saveProfile } = await import('@/lib/updates/save');
    for (const role of ['hr', 'support'] as const) {
      // Each an update that timed out: what a Check settles.
      stack.sandbox.injectFault({ kind: 'hang', method: 'PUT', afterApplying: true });
      attempts[role] = randomUUID();
      await saveProfile({
        actor: { userId: users[role].id, role },
        profileId: gitanjali,
        values: { ...GITANJALI_LOADED, email: `${role}.new@example.com` },
        base: GITANJALI_LOADED,
        reason: role === 'hr' ? 'HR ticket 4711' : 'Support call',
        source: 'form',
        attemptId: attempts[role],
      }).catch(() => undefined);
      stack.reset();
    }
    checkRoute = await import('@/app/api/updates/[attemptId]/check/route');
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => stack.reset());

  it('shows support only its own attempts in a profile’s History, and HR everyone’s', async () => {
    const { getProfileHistory } = await import('@/lib/audit/history');
    const asSupport = await getProfileHistory({
      viewer: { userId: users.support.id, role: 'support' },
      profileId: gitanjali,
      limit: 10,
    });
    expect(asSupport.attempts.map((attempt) => attempt.id)).toEqual([attempts.support]);
    expect(asSupport.attempts.map((attempt) => attempt.reason)).toEqual(['Support call']);
    expect(asSupport.more).toBe(false);
    const asHr = await getProfileHistory({
      viewer: { userId: users.hr.id, role: 'hr' },
      profileId: gitanjali,
      limit: 10,
    });
    expect(asHr.attempts.map((attempt) => attempt.id).sort()).toEqual([attempts.hr, attempts.support].sort());
  });

  async function check(role: Role, attemptId: string) {
    const request = new NextRequest(`${CONSOLE_ORIGIN}/api/updates/${attemptId}/check`, {
      method: 'POST',
      headers: { cookie: users[role].cookie, origin: CONSOLE_ORIGIN },
    });
    const response = await checkRoute.POST(request, { params: Promise.resolve({ attemptId }) });
    // The answer quotes the id asked about; apart from it, one answer must tell nothing more.
    const text = (await response.text()).replaceAll(attemptId, '<asked>');
    return { status: response.status, body: JSON.parse(text) as { error?: { code: string } } };
  }

  it('answers support’s Check of someone else’s update exactly as one of an id that does not exist, asking Attestr nothing', async () => {
    const others = await check('support', attempts.hr);
    const madeUp = await check('support', randomUUID());
    expect(madeUp.status).toBe(404);
    expect(others).toEqual(madeUp);
    expect(stack.proxy.requests).toEqual([]);
  });

  it('lets support check its own update, and operations anyone’s', async () => {
    expect((await check('support', attempts.support)).status).toBe(200);
    expect((await check('ops', attempts.hr)).status).toBe(200);
  });
});

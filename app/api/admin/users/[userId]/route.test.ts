import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { CONSOLE_ORIGIN, startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const PASSWORD = 'last-admin-password-1';
const ROUNDS = 25;
const LAST_ADMIN_WORDS = 'At least one active administrator must remain';

type Change = { role: 'hr' } | { disabled: true };
type Person = { id: string; email: string };
type Answer = { status: number; json: { ok?: true; error?: { code: string; message: string } } };

describeEachEngine('PATCH /api/admin/users/[userId]: the last administrators', (engine) => {
  let testConsole: TestConsole;
  let getAuth: typeof import('@/lib/auth/auth').getAuth;
  let patchRoute: typeof import('@/app/api/admin/users/[userId]/route').PATCH;
  let changeUser: typeof import('@/lib/users/service').changeUser;
  let toErrorResponse: typeof import('@/lib/api/errors').toErrorResponse;
  let ada: Person;
  let bo: Person;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
    ({ getAuth } = await import('@/lib/auth/auth'));
    ({ PATCH: patchRoute } = await import('@/app/api/admin/users/[userId]/route'));
    ({ changeUser } = await import('@/lib/users/service'));
    ({ toErrorResponse } = await import('@/lib/api/errors'));
    const create = async (email: string, name: string): Promise<Person> => {
      const { user } = await getAuth().api.createUser({ body: { email, password: PASSWORD, name, role: 'admin' } });
      return { id: user.id, email };
    };
    // The only two users, both administrators.
    ada = await create('ada.last@example.org', 'Ada Last');
    bo = await create('bo.last@example.org', 'Bo Last');
  });
  afterAll(() => testConsole?.close());

  async function signedIn(person: Person): Promise<string> {
    const response = await getAuth().api.signInEmail({
      body: { email: person.email, password: PASSWORD },
      asResponse: true,
    });
    expect(response.status).toBe(200);
    return response.headers
      .getSetCookie()
      .map((line) => line.split(';', 1)[0])
      .join('; ');
  }

  async function patch(input: { cookie: string; userId: string; change: Change }): Promise<Answer> {
    const request = new NextRequest(`${CONSOLE_ORIGIN}/api/admin/users/${input.userId}`, {
      method: 'PATCH',
      headers: { cookie: input.cookie, origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(input.change),
    });
    const response = await patchRoute(request, { params: Promise.resolve({ userId: input.userId }) });
    return { status: response.status, json: (await response.json()) as Answer['json'] };
  }

  async function activeAdmins(): Promise<string[]> {
    const context = await getAuth().$context;
    const users = await context.internalAdapter.listUsers(100);
    return users
      .filter((user) => (user as { role?: string }).role === 'admin' && !(user as { banned?: boolean }).banned)
      .map((user) => user.email)
      .sort();
  }

  async function restoreBoth(): Promise<void> {
    const context = await getAuth().$context;
    for (const person of [ada, bo]) {
      await context.internalAdapter.updateUser(person.id, { role: 'admin', banned: false, banReason: null });
    }
  }

  it(`two administrators demoting or disabling each other at once: one always remains (${ROUNDS} rounds)`, async () => {
    const changes: [Change, Change][] = [
      [{ role: 'hr' }, { role: 'hr' }],
      [{ disabled: true }, { disabled: true }],
      [{ role: 'hr' }, { disabled: true }],
    ];
    for (let round = 0; round < ROUNDS; round += 1) {
      await restoreBoth();
      const [adaCookie, boCookie] = [await signedIn(ada), await signedIn(bo)];
      const [adasChange, bosChange] = changes[round % changes.length] as [Change, Change];

      const answers = await Promise.all([
        patch({ cookie: adaCookie, userId: bo.id, change: adasChange }),
        patch({ cookie: boCookie, userId: ada.id, change: bosChange }),
      ]);

      expect(await activeAdmins(), `round ${round}`).toHaveLength(1);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses[0], `round ${round}: one change goes through`).toBe(200);
      // The other is refused: the last administrator stays (409), or, when its session was read
      // after the first change, its sender is no longer an active administrator (403 or 401).
      const refused = answers.find((answer) => answer.status !== 200);
      expect([401, 403, 409], `round ${round}`).toContain(refused?.status);
      if (refused?.status === 409) {
        expect(refused.json.error).toMatchObject({ code: 'LAST_ADMIN', message: LAST_ADMIN_WORDS });
      }
    }
  });

  it('an administrator demoted a moment ago, whose request was already under way, cannot remove the last one', async () => {
    await restoreBoth();
    const actor = (person: Person) => ({
      user: { id: person.id, email: person.email, name: person.email, role: 'admin' },
      headers: new Headers({ origin: CONSOLE_ORIGIN }),
    });
    await changeUser(actor(ada), { userId: bo.id, change: { role: 'hr' } });

    for (const change of [{ role: 'support' as const }, { disabled: true }]) {
      const refusal = await changeUser(actor(bo), { userId: ada.id, change }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({ code: 'LAST_ADMIN' });
      const answer = toErrorResponse(refusal, { route: 'test' });
      expect(answer.status).toBe(409);
      expect((await answer.json()).error).toMatchObject({ code: 'LAST_ADMIN', message: LAST_ADMIN_WORDS });
    }
    expect(await activeAdmins()).toEqual([ada.email]);
  });
});

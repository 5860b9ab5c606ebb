import { afterAll, beforeAll, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

describeEachEngine('naming people in lists', (engine) => {
  let testConsole: TestConsole;
  let users: typeof import('@/lib/db/users');
  const ids = { ops: '', hr: '' };

  beforeAll(async () => {
    testConsole = await startTestConsole({
      engine,
      env: { BETTER_AUTH_SECRET: 'user-names-test-secret-0123456789abcdef' },
    });
    const { migrateDatabase } = await import('@/lib/auth/migrate');
    await migrateDatabase();
    const { getAuth } = await import('@/lib/auth/auth');
    for (const [name, role] of [
      ['Zoë Ops', 'ops'],
      ['Asha HR', 'hr'],
    ] as const) {
      const { user } = await getAuth().api.createUser({
        body: { email: `${role}@example.test`, password: 'a long enough password 1', name, role },
      });
      ids[role] = user.id;
    }
    users = await import('@/lib/db/users');
  });
  afterAll(() => testConsole?.close());

  it('names the people asked for, with their roles, and leaves out ids nobody has', async () => {
    const names = await users.listUserNames({ ids: [ids.ops, ids.hr, ids.ops, 'gone-user'] });
    expect([...names.keys()].sort()).toEqual([ids.ops, ids.hr].sort());
    expect(names.get(ids.ops)).toEqual({ id: ids.ops, name: 'Zoë Ops', role: 'ops' });
  });

  it('lists everyone by name', async () => {
    const all = await users.listAllUserNames();
    const ours = all.filter((user) => Object.values(ids).includes(user.id));
    expect(ours.map((user) => user.name)).toEqual(['Asha HR', 'Zoë Ops']);
  });
});

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

type Throttle = typeof import('@/lib/db/sign-in-throttle');
type Connection = typeof import('@/lib/db/connection');

/** Three free tries, then 1 s, 2 s, 4 s, capped at 5 s; the count starts again after a minute. */
const RULE = { freeFailures: 3, firstWaitMs: 1_000, maxWaitMs: 5_000, windowMs: 60_000 };
const T0 = Date.parse('2026-03-10T10:00:00.000Z');

describeEachEngine('sign-in throttle', (engine) => {
  let testConsole: TestConsole;
  let throttle: Throttle;
  let connection: Connection;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
    connection = await import('@/lib/db/connection');
    throttle = await import('@/lib/db/sign-in-throttle');
    const { migrateConsoleTables } = await import('@/lib/db/migrate');
    await migrateConsoleTables(connection.getDatabase());
  });
  afterAll(() => testConsole?.close());
  beforeEach(async () => {
    await connection.getDatabase().db.deleteFrom('sign_in_throttle').execute();
  });

  const take = (key: string, now: number, rule = RULE) => throttle.takeTry({ key, now, rule });

  async function row(key: string) {
    return connection
      .getDatabase()
      .db.selectFrom('sign_in_throttle')
      .select(['failures', 'window_started_at', 'locked_until'])
      .where('key', '=', key)
      .executeTakeFirst();
  }

  it('waitAfter: nothing for the free tries, then doubling up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => throttle.waitAfter(RULE, n))).toEqual([
      0, 0, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('takes the free tries, then makes each next try wait 1 s, 2 s, 4 s … up to the cap', async () => {
    const key = 'email:ada@example.com';
    expect(await take(key, T0)).toEqual({ taken: true, failures: 1 });
    expect(await take(key, T0 + 1)).toEqual({ taken: true, failures: 2 });
    expect(await take(key, T0 + 2)).toEqual({ taken: true, failures: 3 });
    expect(await take(key, T0 + 3)).toEqual({ taken: false, retryAt: T0 + 2 + 1_000 });

    let at = T0 + 2 + 1_000;
    for (const [failures, wait] of [
      [4, 2_000],
      [5, 4_000],
      [6, 5_000],
      [7, 5_000],
    ] as const) {
      expect(await take(key, at)).toEqual({ taken: true, failures });
      expect(await take(key, at + wait - 1)).toEqual({ taken: false, retryAt: at + wait });
      at += wait;
    }
  });

  it('counts nothing for a try refused during the wait', async () => {
    const key = 'email:grace@example.com';
    for (let i = 0; i < 3; i += 1) await take(key, T0);
    for (let i = 0; i < 10; i += 1) expect((await take(key, T0 + 500)).taken).toBe(false);
    expect(await row(key)).toMatchObject({ failures: 3, locked_until: T0 + 1_000 });
    expect(await take(key, T0 + 1_000)).toEqual({ taken: true, failures: 4 });
  });

  it('starts a new count when the first counted try is older than the window', async () => {
    const key = 'email:lin@example.com';
    for (let i = 0; i < 3; i += 1) await take(key, T0);
    expect(await take(key, T0 + RULE.windowMs + 1)).toEqual({ taken: true, failures: 1 });
    expect(await row(key)).toMatchObject({ window_started_at: T0 + RULE.windowMs + 1, locked_until: null });
  });

  it('a hard limit: with equal first and longest waits, the limit-th try blocks the key for that long', async () => {
    const hard = { freeFailures: 2, firstWaitMs: 60_000, maxWaitMs: 60_000, windowMs: 60_000 };
    const key = 'ip:198.51.100.1';
    await take(key, T0, hard);
    await take(key, T0, hard);
    expect(await take(key, T0 + 59_999, hard)).toEqual({ taken: false, retryAt: T0 + 60_000 });
  });

  it('clearFailures forgets the count and the wait of its own key only', async () => {
    for (let i = 0; i < 3; i += 1) {
      await take('email:a@example.com', T0);
      await take('email:b@example.com', T0);
    }
    await throttle.clearFailures('email:a@example.com');
    expect(await take('email:a@example.com', T0 + 1)).toEqual({ taken: true, failures: 1 });
    expect((await take('email:b@example.com', T0 + 1)).taken).toBe(false);
  });

  it('refundTry takes back one try, and the wait once the count drops below the free tries', async () => {
    const key = 'ip:203.0.113.7';
    for (let i = 0; i < 3; i += 1) await take(key, T0);
    await throttle.refundTry({ key, rule: RULE });
    expect(await row(key)).toMatchObject({ failures: 2, locked_until: null });
    await take(key, T0);
    await take(key, T0 + 1_000);
    await throttle.refundTry({ key, rule: RULE });
    expect(await row(key)).toMatchObject({ failures: 3, locked_until: T0 + 1_000 + 2_000 });
  });

  it('emailThrottleKey: one key per address whatever its case and spaces', () => {
    expect(throttle.emailThrottleKey(' Ada@Example.COM ')).toBe('email:ada@example.com');
  });

  it('lets exactly the free tries of a burst of 20 simultaneous ones through', async () => {
    const key = 'email:burst@example.com';
    const answers = await Promise.all(Array.from({ length: 20 }, () => take(key, T0)));
    expect(answers.filter((answer) => answer.taken)).toHaveLength(RULE.freeFailures);
    expect(await row(key)).toMatchObject({ failures: RULE.freeFailures, window_started_at: T0 });
  });

  it('counts simultaneous tries exactly from several instances sharing the database', async () => {
    const key = 'email:instances@example.com';
    const rule = { ...RULE, freeFailures: 1_000 };
    const holder = globalThis as { __consoleDatabase?: unknown };
    const mine = holder.__consoleDatabase;
    const instances = Array.from({ length: 4 }, () =>
      connection.openDatabase({
        databaseUrl: testConsole.databaseUrl,
        sqliteFile: `${testConsole.dataDir}/console.sqlite`,
      }),
    );
    try {
      // takeTry takes the process-wide handle when called: hand each call another instance's.
      const calls = Array.from({ length: 20 }, (_, i) => {
        holder.__consoleDatabase = instances[i % instances.length];
        return take(key, T0 + i, rule);
      });
      holder.__consoleDatabase = mine;
      await Promise.all(calls);
    } finally {
      holder.__consoleDatabase = mine;
      await Promise.all(instances.map((instance) => instance.db.destroy()));
    }
    expect(await row(key)).toMatchObject({ failures: 20 });
  });
});

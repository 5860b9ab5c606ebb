import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { startTestConsole, type TestConsole } from '@/lib/test/console';
import { describeEachEngine } from '@/lib/test/postgres';

type Throttle = typeof import('@/lib/db/sign-in-throttle');
type Connection = typeof import('@/lib/db/connection');

const RULE = { maxFailures: 3, windowMs: 60_000, lockMs: 5 * 60_000 };
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

  async function fail(key: string, now: number, rule = RULE) {
    await throttle.recordFailure({ key, now, rule });
  }

  async function row(key: string) {
    return connection
      .getDatabase()
      .db.selectFrom('sign_in_throttle')
      .select(['failures', 'window_started_at', 'locked_until'])
      .where('key', '=', key)
      .executeTakeFirst();
  }

  it('locks a key once it reaches maxFailures within the window, until lockMs has passed', async () => {
    const key = 'email:ada@example.com';
    await fail(key, T0);
    await fail(key, T0 + 10_000);
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 10_000 })).toBeNull();

    await fail(key, T0 + 20_000);
    const lockedUntil = T0 + 20_000 + RULE.lockMs;
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 20_000 })).toBe(lockedUntil);
    expect(await throttle.getLockedUntil({ keys: [key], now: lockedUntil - 1 })).toBe(lockedUntil);
    expect(await throttle.getLockedUntil({ keys: [key], now: lockedUntil })).toBeNull();
  });

  it('locks at once when maxFailures is 1', async () => {
    await fail('ip:198.51.100.1', T0, { ...RULE, maxFailures: 1 });
    expect(await throttle.getLockedUntil({ keys: ['ip:198.51.100.1'], now: T0 })).toBe(T0 + RULE.lockMs);
  });

  it('starts a new count when the earlier failures are older than the window', async () => {
    const key = 'email:slow@example.com';
    await fail(key, T0);
    await fail(key, T0 + 1_000);
    const later = T0 + RULE.windowMs + 1;

    await fail(key, later);
    expect(await row(key)).toEqual({ failures: 1, window_started_at: later, locked_until: null });
    await fail(key, later + 1_000);
    expect(await throttle.getLockedUntil({ keys: [key], now: later + 1_000 })).toBeNull();

    await fail(key, later + 2_000);
    expect(await throttle.getLockedUntil({ keys: [key], now: later + 2_000 })).toBe(later + 2_000 + RULE.lockMs);
  });

  it('counts a failure exactly at the window edge in the same window', async () => {
    const key = 'email:edge@example.com';
    await fail(key, T0);
    await fail(key, T0 + RULE.windowMs);
    expect(await row(key)).toMatchObject({ failures: 2, window_started_at: T0 });
  });

  it('clearFailures unlocks the key and forgets its count, and only its own', async () => {
    const key = 'email:cleared@example.com';
    const other = 'email:other@example.com';
    for (const at of [T0, T0 + 1, T0 + 2]) {
      await fail(key, at);
      await fail(other, at);
    }
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 3 })).not.toBeNull();

    await throttle.clearFailures(key);

    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 3 })).toBeNull();
    expect(await row(key)).toBeUndefined();
    expect(await throttle.getLockedUntil({ keys: [other], now: T0 + 3 })).not.toBeNull();
    await fail(key, T0 + 4);
    expect(await row(key)).toMatchObject({ failures: 1 });
  });

  it('refundFailure takes back one try, and the lock that try alone brought on', async () => {
    const key = 'ip:203.0.113.7';
    for (const at of [T0, T0 + 1, T0 + 2]) await fail(key, at);
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 2 })).not.toBeNull();

    await throttle.refundFailure({ key, rule: RULE });
    expect(await row(key)).toMatchObject({ failures: 2, locked_until: null });

    await throttle.refundFailure({ key, rule: RULE });
    await throttle.refundFailure({ key, rule: RULE });
    await throttle.refundFailure({ key, rule: RULE });
    expect(await row(key)).toMatchObject({ failures: 0 });
    await throttle.refundFailure({ key: 'ip:never-seen', rule: RULE });
    expect(await row('ip:never-seen')).toBeUndefined();
  });

  it('refundFailure leaves a lock that other failures earned', async () => {
    const key = 'ip:203.0.113.8';
    for (const at of [T0, T0 + 1, T0 + 2, T0 + 3]) await fail(key, at);
    await throttle.refundFailure({ key, rule: RULE });
    expect(await row(key)).toMatchObject({ failures: 3 });
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 3 })).toBe(T0 + 3 + RULE.lockMs);
  });

  it('getLockedUntil answers for several keys: the latest lock still running, else null', async () => {
    const email = 'email:multi@example.com';
    const address = 'ip:203.0.113.9';
    const expired = 'ip:203.0.113.10';
    for (let i = 0; i < RULE.maxFailures; i += 1) {
      await fail(expired, T0 - RULE.lockMs - 10_000 + i);
      await fail(email, T0 + i);
      await fail(address, T0 + 30_000 + i);
    }
    const now = T0 + 40_000;
    const addressLock = T0 + 30_000 + RULE.maxFailures - 1 + RULE.lockMs;
    const emailLock = T0 + RULE.maxFailures - 1 + RULE.lockMs;

    expect(await throttle.getLockedUntil({ keys: [email, address, expired], now })).toBe(addressLock);
    expect(await throttle.getLockedUntil({ keys: [email, expired], now })).toBe(emailLock);
    expect(await throttle.getLockedUntil({ keys: [expired], now })).toBeNull();
    expect(await throttle.getLockedUntil({ keys: ['email:nobody@example.com', 'ip:192.0.2.1'], now })).toBeNull();
    expect(await throttle.getLockedUntil({ keys: [], now })).toBeNull();
  });

  it('counts 20 concurrent failures exactly, as one atomic upsert each', async () => {
    const key = 'email:burst@example.com';
    const rule = { ...RULE, maxFailures: 20 };
    const counts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => throttle.recordFailure({ key, now: T0 + i, rule })),
    );

    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    expect(await row(key)).toMatchObject({ failures: 20, window_started_at: T0 });
    expect(await throttle.getLockedUntil({ keys: [key], now: T0 + 20 })).not.toBeNull();
  });

  it('counts concurrent failures exactly from several instances sharing the database', async () => {
    const key = 'email:instances@example.com';
    const rule = { ...RULE, maxFailures: 1_000 };
    const holder = globalThis as { __consoleDatabase?: unknown };
    const mine = holder.__consoleDatabase;
    const instances = Array.from({ length: 4 }, () =>
      connection.openDatabase({
        databaseUrl: testConsole.databaseUrl,
        sqliteFile: `${testConsole.dataDir}/console.sqlite`,
      }),
    );
    try {
      // recordFailure takes the process-wide handle when called: hand each call another instance's.
      const calls = Array.from({ length: 20 }, (_, i) => {
        holder.__consoleDatabase = instances[i % instances.length];
        return fail(key, T0 + i, rule);
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

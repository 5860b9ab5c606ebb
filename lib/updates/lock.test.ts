import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { startTestConsole, type TestConsole } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

/**
 * Next loads route handlers, pages and the start-up code (which runs bulk jobs) in module graphs
 * of their own: a person's save and a bulk line's save of one profile come through different
 * copies of lib/updates/lock.ts, and must still take turns.
 */
describeEachEngine('a profile’s turn', (engine) => {
  let testConsole: TestConsole;
  beforeAll(async () => {
    testConsole = await startTestConsole({ engine });
  });
  afterAll(() => testConsole?.close());

  it('is one queue per process, however many times the module is loaded', async () => {
    const first = await import('@/lib/updates/lock');
    vi.resetModules();
    const second = await import('@/lib/updates/lock');
    expect(second).not.toBe(first);

    const events: string[] = [];
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const deadline = Date.now() + 10_000;
    const a = first.withProfileLock({ profileId: 'Aa1Bb2Cc3Dd4Ee5Ff6', deadline }, async () => {
      events.push('first starts');
      started();
      await released;
      events.push('first ends');
    });
    await hasStarted;
    const b = second.withProfileLock({ profileId: 'Aa1Bb2Cc3Dd4Ee5Ff6', deadline }, async () => {
      events.push('second starts');
    });
    // The second save has had every chance to start: another save's whole turn goes by first.
    await first.withProfileLock({ profileId: 'Zz9Yy8Xx7Ww6Vv5Uu4', deadline }, async () => undefined);
    release();
    await Promise.all([a, b]);
    expect(events).toEqual(['first starts', 'first ends', 'second starts']);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { ClaimedWork, JobKind } from '@/lib/jobs/kind';
import { startTestConsole, type TestConsole } from '@/test/support/console';

type Loop = typeof import('@/lib/jobs/loop');

/** A kind with `pending` pieces of work to do, counting what it was asked and what it did. */
function countingKind(input: { name: string; scope: 'shared' | 'process'; pending: number }) {
  const seen = { tended: 0, claims: 0, done: 0, pending: input.pending };
  const kind: JobKind<ClaimedWork> = {
    name: input.name,
    scope: input.scope,
    async tend() {
      seen.tended += 1;
    },
    async claim() {
      seen.claims += 1;
      if (seen.pending === 0) return undefined;
      seen.pending -= 1;
      return { failures: 0 };
    },
    async run() {
      seen.done += 1;
    },
  };
  return { kind, seen };
}

describe('The jobs loop [sqlite]', () => {
  let testConsole: TestConsole;
  let loop: Loop;

  beforeAll(async () => {
    testConsole = await startTestConsole({ engine: 'sqlite' });
    await (await import('@/lib/auth/migrate')).migrateDatabase();
    loop = await import('@/lib/jobs/loop');
  });
  afterAll(() => testConsole?.close());

  it('is idle only after a pass that began after it was asked and found no more work', async () => {
    const { kind, seen } = countingKind({ name: 'counting', scope: 'shared', pending: 3 });
    const jobs = loop.startJobs({ kinds: [kind], manual: true });
    try {
      await jobs.idle();
      expect(seen.done).toBe(3);
      const claims = seen.claims;
      seen.pending = 1;
      await jobs.idle();
      expect(seen.done).toBe(4);
      expect(seen.claims).toBeGreaterThan(claims + 1);
    } finally {
      await jobs.stop();
    }
  });

  it('is woken from another module graph, as a route handler wakes the loop instrumentation started', async () => {
    const { kind, seen } = countingKind({ name: 'woken', scope: 'shared', pending: 0 });
    const jobs = loop.startJobs({ kinds: [kind], manual: true });
    try {
      await jobs.idle();
      const loopsGraph = await import('@/lib/jobs/wake');
      // A fresh module graph: its wake module is another instance of the file, as in Next.
      vi.resetModules();
      const wake = await import('@/lib/jobs/wake');
      expect(wake).not.toBe(loopsGraph);
      const idle = new Promise<void>((resolve) => jobs.once('idle', () => resolve()));
      seen.pending = 2;
      wake.wakeJobs('woken');
      await idle;
      expect(seen.done).toBe(2);
    } finally {
      await jobs.stop();
    }
  });

  it('keeps tending each process’s own kinds (its heartbeat) while a shared kind’s housekeeping is held up', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let sharedTends = 0;
    const slow: JobKind<ClaimedWork> = {
      name: 'slow',
      scope: 'shared',
      async tend() {
        sharedTends += 1;
        await held;
      },
    };
    const beats: Array<() => void> = [];
    const own: JobKind<ClaimedWork> = {
      name: 'beat',
      scope: 'process',
      async tend() {
        beats.shift()?.();
      },
    };
    const beat = () => new Promise<void>((resolve) => beats.push(resolve));
    const jobs = loop.startJobs({ kinds: [own, slow], everyMs: 10 });
    try {
      // Two beats after the shared kind's tend began, while it still has not finished.
      await new Promise<void>((resolve) => {
        const started = () => (sharedTends > 0 ? resolve() : setImmediate(started));
        started();
      });
      await beat();
      await beat();
      expect(sharedTends).toBe(1);
    } finally {
      release();
      await jobs.stop();
    }
  });

  it('on SQLite, works shared kinds in the process holding the runner lease only, and every process’s own kinds everywhere', async () => {
    const first = countingKind({ name: 'shared', scope: 'shared', pending: 1 });
    const second = countingKind({ name: 'shared', scope: 'shared', pending: 1 });
    const ownFirst = countingKind({ name: 'own', scope: 'process', pending: 0 });
    const ownSecond = countingKind({ name: 'own', scope: 'process', pending: 0 });
    const holder = loop.startJobs({ kinds: [first.kind, ownFirst.kind], manual: true });
    await holder.idle();
    const other = loop.startJobs({ kinds: [second.kind, ownSecond.kind], manual: true });
    try {
      await other.idle();
      expect(first.seen.done).toBe(1);
      expect(second.seen).toMatchObject({ tended: 0, claims: 0, done: 0 });
      expect(ownSecond.seen.tended).toBeGreaterThan(0);
      // The holder stops and gives its lease up: the other takes the shared work over.
      await holder.stop();
      await other.idle();
      expect(second.seen.done).toBe(1);
    } finally {
      await holder.stop();
      await other.stop();
    }
  });
});

import 'server-only';

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';

import { giveUpRunnerLease, takeRunnerLease } from '@/lib/db/bulk-jobs';
import { getDatabase } from '@/lib/db/connection';
import { CLAIM_MS, HEARTBEAT_MS, type ClaimedWork, type JobContext, type JobKind } from '@/lib/jobs/kind';
import { CONSOLE_FAULT, resolveDecision } from '@/lib/jobs/policy';
import { listenForJobs } from '@/lib/jobs/wake';
import { getLogger } from '@/lib/log';
import { isProcessRunning } from '@/lib/process-alive';

/** How long the SQLite runner lease lasts unless renewed (every tick). */
const LEASE_MS = 30_000;

/**
 * What a loop reports, for tests and for whoever waits on it: 'tick' after each pass's
 * housekeeping, 'worked' after each piece of work is recorded, 'idle' when a pass and its workers
 * found nothing more to do now.
 */
export interface LoopEvents {
  tick: [];
  worked: [kind: string];
  idle: [];
}

export interface JobsLoop extends EventEmitter<LoopEvents> {
  owner: string;
  /** Looks for work now; resolves when this pass's housekeeping is done and its workers started. */
  tick(): Promise<void>;
  /**
   * Resolves once the loop has had a full pass that started after this call and found nothing
   * more to do now: every kind tended, every claim made came back empty.
   */
  idle(): Promise<void>;
  /** Stops looking for work; resolves once the work in hand is finished. */
  stop(): Promise<void>;
}

/**
 * Starts a jobs loop: the one loop of a server process, in which every kind of background job
 * runs. It ticks every `everyMs` and when woken (wakeJobs). On SQLite only the process holding
 * the runner lease works on shared kinds; on PostgreSQL every instance does, claims keeping any
 * piece of work to one of them.
 */
export function startJobs(input: {
  kinds: readonly JobKind<ClaimedWork>[];
  everyMs?: number;
  now?: () => number;
  /** No timer: the loop works only when woken or ticked (for tests that drive it step by step). */
  manual?: boolean;
}): JobsLoop {
  const now = input.now ?? Date.now;
  const engine = getDatabase().engine;
  let stopped = false;
  const ctx: JobContext = {
    owner: randomUUID(),
    engine,
    now,
    claimUntil: () => now() + CLAIM_MS,
    stopped: () => stopped,
  };
  const events = new EventEmitter<LoopEvents>();
  const workers = new Map<JobKind<ClaimedWork>, Set<Promise<void>>>(input.kinds.map((kind) => [kind, new Set()]));
  const lastTended = new Map<JobKind<ClaimedWork>, number>();
  let holdsLease = engine === 'postgres';
  let ticking: Promise<void> | null = null;
  let again = false;
  /** Passes begun, and the pass the workers now running were started by. */
  let passes = 0;
  let workedPass = 0;

  const busy = () => [...workers.values()].some((set) => set.size > 0);
  const maybeIdle = () => {
    if (!ticking && !busy()) events.emit('idle');
  };

  const work = async (kind: JobKind<ClaimedWork>) => {
    while (!stopped && kind.claim && kind.run) {
      const claimed = await kind.claim(ctx);
      if (!claimed) return;
      const beat = kind.renew
        ? setInterval(() => {
            kind
              .renew?.(ctx, claimed)
              .catch((error: unknown) =>
                getLogger().warn(
                  { event: 'jobs.heartbeat_failed', kind: kind.name, err: String(error) },
                  'claim not renewed',
                ),
              );
          }, HEARTBEAT_MS)
        : undefined;
      beat?.unref();
      try {
        await kind.run(ctx, claimed);
      } catch (error) {
        const decision = kind.decide?.(error) ?? CONSOLE_FAULT;
        if (decision === CONSOLE_FAULT) {
          getLogger().error({ event: 'jobs.work_crashed', kind: kind.name, err: String(error) }, 'a job hit an error');
        }
        const outcome = resolveDecision({ decision, failures: claimed.failures, now: now() });
        await kind.onOutcome?.(ctx, claimed, outcome, error);
      } finally {
        clearInterval(beat);
      }
      events.emit('worked', kind.name);
    }
  };

  const startWorkers = (kind: JobKind<ClaimedWork>) => {
    const running = workers.get(kind) as Set<Promise<void>>;
    const concurrency = kind.concurrency?.() ?? 1;
    while (running.size < concurrency && !stopped) {
      const worker: Promise<void> = work(kind)
        .catch((error: unknown) =>
          getLogger().error(
            { event: 'jobs.worker_failed', kind: kind.name, err: String(error) },
            'a job worker hit an error',
          ),
        )
        .finally(() => {
          running.delete(worker);
          maybeIdle();
        });
      running.add(worker);
    }
  };

  const tending = new Map<JobKind<ClaimedWork>, Promise<void>>();
  /** Tends a kind when due; a tend still under way is joined rather than started again. */
  const tendKind = (kind: JobKind<ClaimedWork>): Promise<void> => {
    const under = tending.get(kind);
    if (under) return under;
    if (!kind.tend || now() - (lastTended.get(kind) ?? -Infinity) < (kind.everyMs ?? 0)) return Promise.resolve();
    lastTended.set(kind, now());
    const tend = kind
      .tend(ctx)
      .catch((error: unknown) =>
        getLogger().error(
          { event: 'jobs.tend_failed', kind: kind.name, err: String(error) },
          'a job kind hit an error',
        ),
      )
      .finally(() => tending.delete(kind));
    tending.set(kind, tend);
    return tend;
  };
  /**
   * Each process's own kinds (its heartbeat) are tended on every timer tick even while a pass is
   * held up, say by settling many lapsed lines at Attestr: a process that stops beating for
   * twenty seconds is taken for gone by the others.
   */
  const tendOwn = () => {
    if (stopped) return;
    for (const kind of input.kinds) if (kind.scope === 'process') void tendKind(kind);
  };

  const pass = async () => {
    passes += 1;
    if (engine === 'sqlite') {
      const at = now();
      try {
        const held = await takeRunnerLease({
          owner: ctx.owner,
          host: hostname(),
          pid: process.pid,
          now: at,
          leaseUntil: at + LEASE_MS,
          isAlive: isProcessRunning,
        });
        // The event keeps the name operators and the crash tests know it by.
        if (held && !holdsLease) getLogger().info({ event: 'bulk.runner_lease' }, 'this process runs background jobs');
        holdsLease = held;
      } catch (error) {
        getLogger().error({ event: 'jobs.lease_failed', err: String(error) }, 'the runner lease could not be taken');
        holdsLease = false;
      }
    }
    for (const kind of input.kinds) {
      if (stopped) return;
      if (kind.scope === 'shared' && !holdsLease) continue;
      await tendKind(kind);
    }
    workedPass = passes;
    for (const kind of input.kinds) {
      if (!stopped && (kind.scope === 'process' || holdsLease)) startWorkers(kind);
    }
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !stopped);
      } finally {
        ticking = null;
        events.emit('tick');
        maybeIdle();
      }
    })();
    return ticking;
  };

  const idle = () =>
    new Promise<void>((resolve) => {
      const after = passes;
      const onIdle = () => {
        if (workedPass <= after) return;
        events.off('idle', onIdle);
        resolve();
      };
      events.on('idle', onIdle);
      void tick();
    });

  const timer = input.manual
    ? undefined
    : setInterval(() => {
        tendOwn();
        void tick();
      }, input.everyMs ?? 1_000);
  timer?.unref();
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unlisten();
    await ticking;
    await Promise.allSettled([...tending.values(), ...[...workers.values()].flatMap((set) => [...set])]);
    if (engine === 'sqlite') await giveUpRunnerLease({ owner: ctx.owner }).catch(() => undefined);
  };
  const unlisten = listenForJobs({
    wake: (message) => {
      if (message.kind === undefined || input.kinds.some((kind) => kind.name === message.kind)) void tick();
    },
    stop,
  });
  void tick();
  return Object.assign(events, { owner: ctx.owner, tick, idle, stop });
}

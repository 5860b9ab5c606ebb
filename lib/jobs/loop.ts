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

type Kind = JobKind<ClaimedWork>;

/** Renews a claim every HEARTBEAT_MS while its work runs, for kinds that renew claims. */
function startHeartbeat(kind: Kind, ctx: JobContext, claimed: ClaimedWork): NodeJS.Timeout | undefined {
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
  return beat;
}

/** What a try that threw comes to, by the kind's decision and the policy, recorded by the kind. */
async function recordFailedTry(kind: Kind, ctx: JobContext, claimed: ClaimedWork, error: unknown): Promise<void> {
  const decision = kind.decide?.(error) ?? CONSOLE_FAULT;
  if (decision === CONSOLE_FAULT) {
    getLogger().error({ event: 'jobs.work_crashed', kind: kind.name, err: String(error) }, 'a job hit an error');
  }
  const outcome = resolveDecision({ decision, failures: claimed.failures, now: ctx.now() });
  await kind.onOutcome?.(ctx, claimed, outcome, error);
}

/** Claims and runs a kind's work, one piece after another, until none is left or the loop stops. */
async function workKind(kind: Kind, ctx: JobContext, worked: (kind: string) => void): Promise<void> {
  while (!ctx.stopped() && kind.claim && kind.run) {
    const claimed = await kind.claim(ctx);
    if (!claimed) return;
    const beat = startHeartbeat(kind, ctx, claimed);
    try {
      await kind.run(ctx, claimed);
    } catch (error) {
      await recordFailedTry(kind, ctx, claimed, error);
    } finally {
      clearInterval(beat);
    }
    worked(kind.name);
  }
}

/** The workers running for each kind, topped up to the kind's concurrency when started. */
function createWorkers(input: {
  kinds: readonly Kind[];
  ctx: JobContext;
  worked: (kind: string) => void;
  /** Called as each worker ends. */
  ended: () => void;
}) {
  const workers = new Map<Kind, Set<Promise<void>>>(input.kinds.map((kind) => [kind, new Set()]));
  const start = (kind: Kind) => {
    const running = workers.get(kind) as Set<Promise<void>>;
    const concurrency = kind.concurrency?.() ?? 1;
    while (running.size < concurrency && !input.ctx.stopped()) {
      const worker: Promise<void> = workKind(kind, input.ctx, input.worked)
        .catch((error: unknown) =>
          getLogger().error(
            { event: 'jobs.worker_failed', kind: kind.name, err: String(error) },
            'a job worker hit an error',
          ),
        )
        .finally(() => {
          running.delete(worker);
          input.ended();
        });
      running.add(worker);
    }
  };
  return {
    start,
    busy: () => [...workers.values()].some((set) => set.size > 0),
    running: () => [...workers.values()].flatMap((set) => [...set]),
  };
}

/** Runs each kind's housekeeping on its cadence (its everyMs). */
function createTender(kinds: readonly Kind[], ctx: JobContext) {
  const lastTended = new Map<Kind, number>();
  const tending = new Map<Kind, Promise<void>>();
  /** Tends a kind when due; a tend still under way is joined rather than started again. */
  const tendKind = (kind: Kind): Promise<void> => {
    const under = tending.get(kind);
    if (under) return under;
    if (!kind.tend || ctx.now() - (lastTended.get(kind) ?? -Infinity) < (kind.everyMs ?? 0)) return Promise.resolve();
    lastTended.set(kind, ctx.now());
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
    if (ctx.stopped()) return;
    for (const kind of kinds) if (kind.scope === 'process') void tendKind(kind);
  };
  return { tendKind, tendOwn, underWay: () => [...tending.values()] };
}

/** Takes or renews the SQLite runner lease; whether this process holds it now. */
async function renewRunnerLease(ctx: JobContext, heldBefore: boolean): Promise<boolean> {
  const at = ctx.now();
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
    if (held && !heldBefore) getLogger().info({ event: 'bulk.runner_lease' }, 'this process runs background jobs');
    return held;
  } catch (error) {
    getLogger().error({ event: 'jobs.lease_failed', err: String(error) }, 'the runner lease could not be taken');
    return false;
  }
}

/**
 * Runs passes one at a time: a tick asked for while a pass runs is folded into one more pass
 * after it, and shares its promise.
 */
function createTicker(input: { pass: () => Promise<void>; stopped: () => boolean; ended: () => void }) {
  let ticking: Promise<void> | null = null;
  let again = false;
  const tick = (): Promise<void> => {
    if (input.stopped()) return Promise.resolve();
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        do {
          again = false;
          await input.pass();
        } while (again && !input.stopped());
      } finally {
        ticking = null;
        input.ended();
      }
    })();
    return ticking;
  };
  return { tick, current: () => ticking };
}

/** Ticks when woken for one of these kinds (or for any), and stops when told to. */
function listenForWakes(kinds: readonly Kind[], loop: { tick: () => Promise<void>; stop: () => Promise<void> }) {
  return listenForJobs({
    wake: (message) => {
      if (message.kind === undefined || kinds.some((kind) => kind.name === message.kind)) void loop.tick();
    },
    stop: loop.stop,
  });
}

/**
 * Counts passes, for idle(): the pass the workers now running were started by, so that a wait
 * ends only on an idle that came after a whole pass begun since the wait began.
 */
function createPassCount(events: EventEmitter<LoopEvents>) {
  let passes = 0;
  let workedPass = 0;
  return {
    begun: () => {
      passes += 1;
    },
    workersStarted: () => {
      workedPass = passes;
    },
    idle: (tick: () => Promise<void>) =>
      new Promise<void>((resolve) => {
        const after = passes;
        const onIdle = () => {
          if (workedPass <= after) return;
          events.off('idle', onIdle);
          resolve();
        };
        events.on('idle', onIdle);
        void tick();
      }),
  };
}

/**
 * One pass of the loop: on SQLite the runner lease is taken or renewed first; then every kind
 * this process may work on is tended when due, and its workers started.
 */
function createPass(input: {
  kinds: readonly Kind[];
  ctx: JobContext;
  passes: ReturnType<typeof createPassCount>;
  tender: ReturnType<typeof createTender>;
  workers: ReturnType<typeof createWorkers>;
}) {
  const { kinds, ctx, passes, tender, workers } = input;
  let holdsLease = ctx.engine === 'postgres';
  return async () => {
    passes.begun();
    if (ctx.engine === 'sqlite') holdsLease = await renewRunnerLease(ctx, holdsLease);
    for (const kind of kinds) {
      if (ctx.stopped()) return;
      if (kind.scope === 'shared' && !holdsLease) continue;
      await tender.tendKind(kind);
    }
    passes.workersStarted();
    for (const kind of kinds) {
      if (!ctx.stopped() && (kind.scope === 'process' || holdsLease)) workers.start(kind);
    }
  };
}

/** The loop's timer: every `everyMs`, unless the loop is driven by hand. */
function startTimer(input: { everyMs?: number; manual?: boolean }, onTimer: () => void) {
  const timer = input.manual ? undefined : setInterval(onTimer, input.everyMs ?? 1_000);
  timer?.unref();
  return timer;
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
  const passes = createPassCount(events);

  const maybeIdle = () => {
    if (!ticker.current() && !workers.busy()) events.emit('idle');
  };
  const workers = createWorkers({
    kinds: input.kinds,
    ctx,
    worked: (kind) => events.emit('worked', kind),
    ended: maybeIdle,
  });
  const tender = createTender(input.kinds, ctx);

  const ticker = createTicker({
    pass: createPass({ kinds: input.kinds, ctx, passes, tender, workers }),
    stopped: ctx.stopped,
    ended: () => {
      events.emit('tick');
      maybeIdle();
    },
  });
  const { tick } = ticker;

  const idle = () => passes.idle(tick);

  const timer = startTimer(input, () => {
    tender.tendOwn();
    void tick();
  });
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unlisten();
    await ticker.current();
    await Promise.allSettled([...tender.underWay(), ...workers.running()]);
    if (engine === 'sqlite') await giveUpRunnerLease({ owner: ctx.owner }).catch(() => undefined);
  };
  const unlisten = listenForWakes(input.kinds, { tick, stop });
  void tick();
  return Object.assign(events, { owner: ctx.owner, tick, idle, stop });
}

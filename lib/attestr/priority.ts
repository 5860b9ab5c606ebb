import 'server-only';

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose Attestr calls these are: a person waiting on a page ('interactive', the default), work
 * in the background (a "Retry all" run, a bulk job), or the health check's probe ('probe': it
 * waits no longer than a person's call, but is no person, so it does not keep the share of each
 * second for people while nobody is calling). The shared Attestr budget keeps a share for
 * people, so background work never makes a person's save wait more than a moment.
 */
export type CallPriority = 'interactive' | 'background' | 'probe';

interface CallContext {
  priority: CallPriority;
  /**
   * The moment (epoch ms) past which no call in this context waits for the budget: one deadline
   * for every call a save makes, so that its waits cannot add up.
   */
  waitUntil?: number;
}

const context = new AsyncLocalStorage<CallContext>();

/**
 * The longest background work waits for the budget in all, for one piece of work (a save, a
 * read): past it the call is refused with how long to wait, and the jobs policy puts the work
 * back for later (the next UTC day, for a daily limit) instead of holding its claim meanwhile.
 */
export const BACKGROUND_MAX_WAIT_MS = 5_000;

/** Runs `work` with every Attestr call inside it counted as background work. */
export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return context.run({ priority: 'background' }, work);
}

/** Runs `work` as background work whose budget waits end, together, after BACKGROUND_MAX_WAIT_MS. */
export function runInBackgroundWithin<T>(work: () => Promise<T>): Promise<T> {
  return runInBackground(() => withBudgetWaitUntil(Date.now() + BACKGROUND_MAX_WAIT_MS, work));
}

/** Runs `work` with every Attestr call inside it counted as the health check's probe. */
export function runAsProbe<T>(work: () => Promise<T>): Promise<T> {
  return context.run({ priority: 'probe' }, work);
}

/**
 * Runs `work` with one deadline on the budget waits of every Attestr call inside it, together:
 * past `until` (epoch ms) a call that would wait is refused instead. An earlier deadline of
 * the surrounding context stands.
 */
export function withBudgetWaitUntil<T>(until: number, work: () => Promise<T>): Promise<T> {
  const outer = context.getStore();
  const waitUntil = Math.min(until, outer?.waitUntil ?? Infinity);
  return context.run({ priority: outer?.priority ?? 'interactive', waitUntil }, work);
}

/** The priority of the Attestr call being made now. */
export function currentCallPriority(): CallPriority {
  return context.getStore()?.priority ?? 'interactive';
}

/** The deadline of the budget waits of the call being made now, if one was set. */
export function currentBudgetWaitUntil(): number | undefined {
  return context.getStore()?.waitUntil;
}

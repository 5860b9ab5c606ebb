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

const priority = new AsyncLocalStorage<CallPriority>();

/** Runs `work` with every Attestr call inside it counted as background work. */
export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return priority.run('background', work);
}

/** Runs `work` with every Attestr call inside it counted as the health check's probe. */
export function runAsProbe<T>(work: () => Promise<T>): Promise<T> {
  return priority.run('probe', work);
}

/** The priority of the Attestr call being made now. */
export function currentCallPriority(): CallPriority {
  return priority.getStore() ?? 'interactive';
}

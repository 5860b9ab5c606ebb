import 'server-only';

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose Attestr calls these are: a person waiting on a page ('interactive', the default) or
 * work in the background (a "Retry all" run, a bulk job). The shared Attestr budget keeps a
 * share for people, so background work never makes a person's save wait or trip a limit.
 */
export type CallPriority = 'interactive' | 'background';

const priority = new AsyncLocalStorage<CallPriority>();

/** Runs `work` with every Attestr call inside it counted as background work. */
export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return priority.run('background', work);
}

/** The priority of the Attestr call being made now. */
export function currentCallPriority(): CallPriority {
  return priority.getStore() ?? 'interactive';
}

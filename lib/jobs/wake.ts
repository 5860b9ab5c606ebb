import { channel } from 'node:diagnostics_channel';

/**
 * Next loads instrumentation (which starts the jobs loop) and the route handlers (which create
 * the work) in separate module graphs, so a module-level variable holding the loop is not the
 * same variable in both. A diagnostics channel is keyed by its name in Node itself, one per
 * process whatever module graph asks for it: publishing on it reaches the loop from anywhere in
 * the process, with no global object of our own.
 */
const wakeChannel = channel('attestr-console:jobs:wake');
const stopChannel = channel('attestr-console:jobs:stop');

export interface WakeMessage {
  /** The kind of job with new work, or every kind when absent. */
  kind?: string;
}

interface StopMessage {
  stopping: Promise<void>[];
}

/** Asks this process's jobs loop to look for work now rather than at its next tick. */
export function wakeJobs(kind?: string): void {
  if (wakeChannel.hasSubscribers) wakeChannel.publish((kind === undefined ? {} : { kind }) satisfies WakeMessage);
}

/** Stops every jobs loop of this process (work in hand finishes); for tests that start afresh. */
export async function stopAllJobs(): Promise<void> {
  const message: StopMessage = { stopping: [] };
  if (stopChannel.hasSubscribers) stopChannel.publish(message);
  await Promise.allSettled(message.stopping);
}

/** Subscribes a loop to wake-ups and stop requests; answers the unsubscribe. */
export function listenForJobs(input: { wake: (message: WakeMessage) => void; stop: () => Promise<void> }): () => void {
  const onWake = (message: unknown) => input.wake(message as WakeMessage);
  const onStop = (message: unknown) => (message as StopMessage).stopping.push(input.stop());
  wakeChannel.subscribe(onWake);
  stopChannel.subscribe(onStop);
  return () => {
    wakeChannel.unsubscribe(onWake);
    stopChannel.unsubscribe(onStop);
  };
}

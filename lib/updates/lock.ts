import 'server-only';

import { LockWaitTimeoutError, withAdvisoryLock } from '@/lib/db/advisory-lock';
import { getEnv } from '@/lib/env';

/**
 * The tail of each profile's queue of saves in this process. Kept on globalThis, like the
 * database handle: Next loads route handlers, pages and the start-up code that runs bulk jobs in
 * module graphs of their own, and a person's save and a bulk line's save of one profile must
 * join the same queue (on SQLite there is no lock behind it).
 */
const holder = globalThis as typeof globalThis & { __profileSaveQueues?: Map<string, Promise<unknown>> };
const queues = (holder.__profileSaveQueues ??= new Map<string, Promise<unknown>>());

/** A save gave up waiting for its turn on a profile: nothing of it ran. */
export class ProfileBusyError extends Error {
  constructor() {
    super('Another save of this profile did not finish in time');
    this.name = 'ProfileBusyError';
  }
}

/**
 * Runs `work` after every earlier call for the same key in this process has ended, or throws
 * ProfileBusyError when its turn has not come by `deadline` (epoch ms). A call that gave up
 * never runs, and the calls behind it wait only for those ahead that do.
 */
async function inTurn<T>(key: string, deadline: number, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  let gaveUp = false;
  let started = false;
  const begin = () => {
    if (gaveUp) return undefined;
    started = true;
    return work();
  };
  const turn = previous.then(begin, begin);
  const tail = turn.catch(() => undefined);
  queues.set(key, tail);
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        if (started) return;
        gaveUp = true;
        reject(new ProfileBusyError());
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return (await Promise.race([turn, timeUp])) as T;
  } finally {
    clearTimeout(timer);
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/**
 * Until when a save or a check waits for those of the same profile ahead of it: long enough for
 * one ordinary save and its budget wait, short enough that a person is told rather than left
 * waiting.
 */
export function profileTurnDeadline(): number {
  return Date.now() + getEnv().ATTESTR_TIMEOUT_MS + 5_000;
}

/**
 * Runs one save of a profile at a time: read, check, update and read back must not interleave
 * with another save of the same profile, or one of them would overwrite the other unseen
 * (Attestr has no version check of its own). In this process saves queue per profile; on
 * PostgreSQL, instances sharing the database also take turns behind an advisory lock, held on a
 * connection of its own (lib/db/advisory-lock.ts) so the save's queries never wait on it.
 * SQLite is one process's file, so the queue is enough there. A save whose turn has not come by
 * `deadline` is refused with ProfileBusyError and never runs.
 */
export function withProfileLock<T>(input: { profileId: string; deadline: number }, work: () => Promise<T>): Promise<T> {
  const { profileId, deadline } = input;
  return inTurn(profileId, deadline, async () => {
    try {
      return await withAdvisoryLock(
        { key: `attestr-profile:${profileId}`, waitMs: Math.max(1, deadline - Date.now()) },
        work,
      );
    } catch (error) {
      if (error instanceof LockWaitTimeoutError) throw new ProfileBusyError();
      throw error;
    }
  });
}

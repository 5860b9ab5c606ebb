import { vi } from 'vitest';

/**
 * A clock the test moves by hand. `Date` reads it, so the budget, its store's expiry (which
 * rate-limiter-flexible reckons with Date.now) and a sandbox started with `now: () => Date.now()`
 * all keep the same time; `sleep` (the budget's) resolves only once the clock has been moved
 * past its end. Each sleep that starts is an event: `until` waits for the sleepers to reach a
 * state, which proves the code had its chance to act and is now waiting.
 */
export function startManualClock(start: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  const sleepers: { wakeAt: number; wake: () => void }[] = [];
  const watchers: { ready: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const watcher of [...watchers]) {
      if (!watcher.ready()) continue;
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };
  const clock = {
    now: () => Date.now(),
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleepers.push({ wakeAt: Date.now() + ms, wake });
        check();
      }),
    /** How many sleeps are waiting for the clock to move. */
    get sleeping() {
      return sleepers.length;
    },
    /** Moves the clock to `at` and wakes every sleep that ends by then. */
    set(at: number) {
      vi.setSystemTime(at);
      for (const sleeper of sleepers.filter((waiting) => waiting.wakeAt <= at)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.wake();
      }
    },
    advance(ms: number) {
      clock.set(Date.now() + ms);
    },
    /** Resolves once `ready()` holds, checked now, at each sleep that starts and at `check()`. */
    until(ready: () => boolean): Promise<void> {
      if (ready()) return Promise.resolve();
      return new Promise((resolve) => watchers.push({ ready, resolve }));
    },
    /** Checks the watchers again, after something other than a sleep changed. */
    check,
    stop() {
      vi.useRealTimers();
    },
  };
  return clock;
}

export type ManualClock = ReturnType<typeof startManualClock>;

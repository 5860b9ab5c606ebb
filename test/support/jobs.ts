import type { JobsLoop } from '@/lib/jobs/loop';

/** Resolves at the loop's next 'idle' event: it made a pass and found nothing more to do now. */
export function nextIdle(loop: JobsLoop): Promise<void> {
  return new Promise((resolve) => loop.once('idle', () => resolve()));
}

/** Resolves at the loop's next event: a pass's housekeeping done, a piece of work recorded, or idle. */
function nextEvent(loop: JobsLoop): Promise<'tick' | 'other'> {
  return new Promise((resolve) => {
    const onTick = () => settle('tick');
    const onOther = () => settle('other');
    const settle = (event: 'tick' | 'other') => {
      loop.off('tick', onTick).off('worked', onOther).off('idle', onOther);
      resolve(event);
    };
    loop.on('tick', onTick).on('worked', onOther).on('idle', onOther);
  });
}

/**
 * Reads `read` after each event of the loop (a pass, a piece of work) until `done` accepts what
 * it answers. Gives up after `passes` passes of the loop, so a test of something that never
 * happens fails rather than hangs; no wall-clock window is involved.
 */
export async function afterPasses<T>(input: {
  loop: JobsLoop;
  what: string;
  read: () => Promise<T>;
  done: (value: T) => boolean;
  passes?: number;
}): Promise<T> {
  const passes = input.passes ?? 600;
  for (let pass = 0; ;) {
    const event = nextEvent(input.loop);
    const value = await input.read();
    if (input.done(value)) return value;
    if (pass >= passes) throw new Error(`${input.what} never happened: ${JSON.stringify(value)}`);
    if ((await event) === 'tick') pass += 1;
  }
}

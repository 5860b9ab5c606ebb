import type { TappedCall } from '@/sandbox/tap';

/** What one bulk job run against the rate-limited sandbox measured. */
export interface BulkFigures {
  engine: string;
  instances: number;
  lines: number;
  /** The sandbox's limit, and the console's ATTESTR_RATE_LIMIT_PER_SEC. */
  limitPerSecond: number;
  /** From Start update (the POST) to the job's end. */
  seconds: number;
  rowsPerSecond: number;
  /** From the POST to the first call reaching Attestr. */
  firstCallMs: number | null;
  /** From the first call to the last answer: the span Attestr was worked. */
  busySeconds: number;
  /** Calls Attestr let through (every call counts, reads included), per second of that span. */
  admittedPerSecond: number;
  /** admittedPerSecond as a share of the limit. */
  busyShare: number;
  admitted: number;
  /** Answered 429 (4291/4292) by the sandbox. */
  refused429: number;
  /** Calls by kind: reads and updates. */
  reads: number;
  updates: number;
  /** Each instance's accepted updates. */
  updatesByInstance: number[];
  /** Profiles with no accepted update, or not holding the file's values at the end. */
  lost: number;
  /** Profiles with more than one accepted update. */
  duplicated: number;
  /** Lines not settled as saved. */
  unsettled: number;
}

/**
 * Figures of one run, from every instance's tapped calls: only calls made after the POST count
 * (the bench's own set-up calls go straight to the sandbox).
 */
export function bulkFigures(input: {
  engine: string;
  lines: number;
  limitPerSecond: number;
  postedAt: number;
  finishedAt: number;
  callsByInstance: readonly (readonly TappedCall[])[];
  /** Profiles not holding the file's values at the end. */
  wrongValues: number;
  /** Accepted updates per profile, over every instance. */
  acceptedByProfile: ReadonlyMap<string, number>;
  profileIds: readonly string[];
  unsettled: number;
}): BulkFigures {
  const calls = input.callsByInstance.flat().filter((call) => call.startedAt >= input.postedAt);
  const admittedCalls = calls.filter((call) => call.status !== 429 && call.status !== 0);
  const first = Math.min(...calls.map((call) => call.startedAt));
  const last = Math.max(...calls.map((call) => call.endedAt));
  const busySeconds = calls.length > 0 ? (last - first) / 1000 : 0;
  const seconds = (input.finishedAt - input.postedAt) / 1000;
  const admittedPerSecond = busySeconds > 0 ? admittedCalls.length / busySeconds : 0;
  const never = input.profileIds.filter((id) => !input.acceptedByProfile.has(id)).length;
  return {
    engine: input.engine,
    instances: input.callsByInstance.length,
    lines: input.lines,
    limitPerSecond: input.limitPerSecond,
    seconds,
    rowsPerSecond: seconds > 0 ? input.lines / seconds : 0,
    firstCallMs: calls.length > 0 ? first - input.postedAt : null,
    busySeconds,
    admittedPerSecond,
    busyShare: admittedPerSecond / input.limitPerSecond,
    admitted: admittedCalls.length,
    refused429: calls.filter((call) => call.status === 429).length,
    reads: admittedCalls.filter((call) => call.method === 'GET').length,
    updates: admittedCalls.filter((call) => call.method === 'PUT').length,
    updatesByInstance: input.callsByInstance.map(
      (instance) => instance.filter((call) => call.method === 'PUT' && call.status === 200).length,
    ),
    lost: Math.max(never, input.wrongValues),
    duplicated: [...input.acceptedByProfile.values()].filter((count) => count > 1).length,
    unsettled: input.unsettled,
  };
}

export function printBulkFigures(figures: readonly BulkFigures[], table: (h: string[], r: string[][]) => string): void {
  console.log('\nBulk update through the console, against Attestr limited per second');
  console.log(
    table(
      [
        'engine',
        'inst',
        'lines',
        'limit/s',
        'rows/s',
        'admitted/s',
        'busy %',
        '429s',
        'first call ms',
        'lost',
        'dup',
        'unsettled',
        'PUTs by instance',
      ],
      figures.map((f) => [
        f.engine,
        String(f.instances),
        String(f.lines),
        String(f.limitPerSecond),
        f.rowsPerSecond.toFixed(2),
        f.admittedPerSecond.toFixed(1),
        (f.busyShare * 100).toFixed(1),
        String(f.refused429),
        f.firstCallMs === null ? 'n/a' : f.firstCallMs.toFixed(0),
        String(f.lost),
        String(f.duplicated),
        String(f.unsettled),
        f.updatesByInstance.join(' + '),
      ]),
    ),
  );
}

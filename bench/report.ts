import { CONNECTION_LEVELS, TARGETS } from './config';
import type { FirstLoadJs } from './first-load-js';
import { percentile, type Measurement, type TargetName } from './load';

export interface Comparison {
  connections: number;
  /** Console p50/p99 minus direct: what the console adds in front of Attestr. */
  addedVsDirectMs: { p50: number; p99: number };
  /** Console p50/p99 minus the no-op floor: the route's own work beyond the framework. */
  addedVsFloorMs: { p50: number; p99: number };
  /** Floor+session minus floor: the cost of the session and role check. */
  sessionCheckMs: { p50: number; p99: number };
  ratios: { consoleToFloor: number; consoleToDirect: number; sessionFloorToFloor: number };
  /**
   * console/floor req/s within each round (the two are measured one right after the other),
   * summarised over the rounds. A burst of other people's work slows both halves of a pair,
   * so this moves less than the ratio of the two medians; the target is checked on it.
   */
  pairedConsoleToFloor: PairedRatios;
  /** floor+call/floor, paired the same way: how far one Attestr exchange alone takes the floor. */
  pairedCallToFloor: PairedRatios;
  /** Server CPU per request beyond the floor's (console minus floor; floor+session minus floor). */
  extraCpuMsPerRequest: { console: number | null; session: number | null };
}

export interface PairedRatios {
  median: number;
  low: number;
  high: number;
}

export interface TargetCheck {
  name: string;
  value: number;
  limit: string;
  met: boolean;
}

/** `measurements`: one median figure per target and level; `rounds`: every single run, in order. */
export function compare(measurements: Measurement[], rounds: readonly Measurement[]): Comparison[] {
  return CONNECTION_LEVELS.map((connections) => {
    const at = (target: TargetName) => {
      const found = measurements.find((m) => m.target === target && m.connections === connections);
      if (!found) throw new Error(`No measurement of ${target} at ${connections} connections`);
      return found;
    };
    const [direct, viaConsole, floor, session] = [at('direct'), at('console'), at('floor'), at('floor+session')];
    const minus = (a: Measurement, b: Measurement) => ({ p50: a.p50Ms - b.p50Ms, p99: a.p99Ms - b.p99Ms });
    const cpuMinus = (a: Measurement, b: Measurement) =>
      a.serverCpuMsPerRequest === null || b.serverCpuMsPerRequest === null
        ? null
        : a.serverCpuMsPerRequest - b.serverCpuMsPerRequest;
    return {
      connections,
      addedVsDirectMs: minus(viaConsole, direct),
      addedVsFloorMs: minus(viaConsole, floor),
      sessionCheckMs: minus(session, floor),
      ratios: {
        consoleToFloor: viaConsole.rps / floor.rps,
        consoleToDirect: viaConsole.rps / direct.rps,
        sessionFloorToFloor: session.rps / floor.rps,
      },
      extraCpuMsPerRequest: { console: cpuMinus(viaConsole, floor), session: cpuMinus(session, floor) },
      pairedConsoleToFloor: pairedRatios(rounds, connections),
      pairedCallToFloor: pairedRatios(rounds, connections, 'floor+call'),
    };
  });
}

/** `target`/floor req/s, each of the target's runs paired with the floor's run of the same round. */
export function pairedRatios(
  rounds: readonly Measurement[],
  connections: number,
  target: TargetName = 'console',
): PairedRatios {
  const runsOf = (name: TargetName) => rounds.filter((m) => m.target === name && m.connections === connections);
  const [targetRuns, floorRuns] = [runsOf(target), runsOf('floor')];
  if (targetRuns.length === 0 || targetRuns.length !== floorRuns.length) {
    throw new Error(`Unpaired rounds of ${target} at ${connections} connections`);
  }
  const ratios = targetRuns.map((m, i) => m.rps / (floorRuns[i] as Measurement).rps);
  return { median: percentile(ratios, 50), low: Math.min(...ratios), high: Math.max(...ratios) };
}

export function checkTargets(input: { comparisons: Comparison[]; firstLoadJs: FirstLoadJs }): TargetCheck[] {
  const atOne = input.comparisons.find((c) => c.connections === 1);
  const checks: TargetCheck[] = input.comparisons.map((c) => ({
    name: `console/floor throughput at c=${c.connections} (paired median)`,
    value: c.pairedConsoleToFloor.median,
    limit: `≥ ${TARGETS.consoleToFloorRatio}×`,
    met: c.pairedConsoleToFloor.median >= TARGETS.consoleToFloorRatio,
  }));
  if (atOne) {
    checks.push({
      name: 'added p50 at c=1 (console − direct), ms',
      value: atOne.addedVsDirectMs.p50,
      limit: `≤ ${TARGETS.addedP50AtOneConnectionMs} ms`,
      met: atOne.addedVsDirectMs.p50 <= TARGETS.addedP50AtOneConnectionMs,
    });
  }
  const kib = input.firstLoadJs.totalGzipBytes / 1024;
  checks.push({
    name: 'First Load JS of /profiles/[profileId], KiB gz',
    value: kib,
    limit: `≤ ${TARGETS.firstLoadJsKiB} KiB`,
    met: kib <= TARGETS.firstLoadJsKiB,
  });
  return checks;
}

const ms = (value: number) => value.toFixed(2);
const signedMs = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const ratio = (value: number) => `${value.toFixed(2)}×`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function printMeasurements(measurements: Measurement[]): void {
  console.log('\nLatency (ms) and throughput, PUT with a profile body');
  console.log(
    table(
      ['target', 'conns', 'req/s', 'p50', 'p99', 'requests', 'CPU ms/req', 'load avg'],
      measurements.map((m) => [
        m.target,
        String(m.connections),
        m.rps.toFixed(0),
        ms(m.p50Ms),
        ms(m.p99Ms),
        String(m.requests),
        m.serverCpuMsPerRequest === null ? 'n/a' : ms(m.serverCpuMsPerRequest),
        m.loadAverage.toFixed(1),
      ]),
    ),
  );
}

export function printComparisons(comparisons: Comparison[]): void {
  console.log('\nPer concurrency (differences in ms; ratios of req/s)');
  console.log(
    table(
      [
        'conns',
        'console−direct p50',
        'p99',
        'console−floor p50',
        'p99',
        'session check p50',
        'p99',
        'console/floor',
        'paired (range)',
        'console/direct',
        'floor+session/floor',
        'floor+call/floor paired (range)',
        'CPU/req console−floor',
        'session',
      ],
      comparisons.map((c) => [
        String(c.connections),
        signedMs(c.addedVsDirectMs.p50),
        signedMs(c.addedVsDirectMs.p99),
        signedMs(c.addedVsFloorMs.p50),
        signedMs(c.addedVsFloorMs.p99),
        signedMs(c.sessionCheckMs.p50),
        signedMs(c.sessionCheckMs.p99),
        ratio(c.ratios.consoleToFloor),
        `${ratio(c.pairedConsoleToFloor.median)} (${c.pairedConsoleToFloor.low.toFixed(2)}–${c.pairedConsoleToFloor.high.toFixed(2)})`,
        ratio(c.ratios.consoleToDirect),
        ratio(c.ratios.sessionFloorToFloor),
        `${ratio(c.pairedCallToFloor.median)} (${c.pairedCallToFloor.low.toFixed(2)}–${c.pairedCallToFloor.high.toFixed(2)})`,
        c.extraCpuMsPerRequest.console === null ? 'n/a' : signedMs(c.extraCpuMsPerRequest.console),
        c.extraCpuMsPerRequest.session === null ? 'n/a' : signedMs(c.extraCpuMsPerRequest.session),
      ]),
    ),
  );
}

export function printFirstLoadJs(result: FirstLoadJs): void {
  console.log(`\nFirst Load JS of ${result.page} (gzip level ${result.gzipLevel})`);
  console.log(
    table(
      ['script', 'raw', 'gzip', 'shared with /sign-in'],
      result.scripts.map((s) => [s.src, kib(s.rawBytes), kib(s.gzipBytes), s.shared ? 'yes' : 'no']),
    ),
  );
  console.log(
    `total ${kib(result.totalGzipBytes)} = shared ${kib(result.sharedGzipBytes)} + page-specific ${kib(result.pageGzipBytes)}`,
  );
}

export function printTargetChecks(checks: TargetCheck[]): void {
  console.log('\nTargets');
  console.log(
    table(
      ['target', 'measured', 'goal', ''],
      checks.map((c) => [c.name, c.value.toFixed(2), c.limit, c.met ? 'met' : 'MISSED']),
    ),
  );
}

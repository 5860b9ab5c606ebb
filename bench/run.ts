// `npm run bench`: the console's update route against Attestr direct and the framework floor,
// plus the First Load JS of the edit page and profile search (bench/search.ts). See README.md, "Benchmark".
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildConsole } from './build';
import {
  CONNECTION_LEVELS,
  DIST_DIR_NAME,
  JIT_WARMUP_SECONDS,
  MEASURE_SECONDS,
  RESULTS_DIR,
  ROOT_DIR,
  ROUNDS,
  SKIP_BUILD,
  TARGETS,
  WARMUP_SECONDS,
} from './config';
import { measureFirstLoadJs } from './first-load-js';
import {
  benchTargets,
  checkTargetsAnswer,
  createBenchProfiles,
  measure,
  medianOfRounds,
  warmUp,
  type Measurement,
} from './load';
import { stopAllServices } from './processes';
import {
  checkTargets,
  compare,
  printComparisons,
  printFirstLoadJs,
  printMeasurements,
  printTargetChecks,
} from './report';
import { runSearchBench } from './search';
import { startStack } from './stack';

let tempDir: string | undefined;
let cleaningUp: Promise<void> | undefined;
let interrupted = false;

/** Stops every process this script started and removes the temporary database, once. */
function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    await stopAllServices();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  })();
  return cleaningUp;
}

// The services run in their own process groups, so a Ctrl-C reaches only this script: stop them here.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the services…`);
    void cleanUp().finally(() => process.exit(code));
  });
}

/** The commit measured, marked when the working tree had changes: figures belong to code. */
function codeVersion(): string | null {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
    return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? '+changes' : ''}`;
  } catch {
    return null;
  }
}

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const loadBefore = os.loadavg();

  console.log(SKIP_BUILD ? `Build: reusing ${DIST_DIR_NAME} if complete…` : `Building into ${DIST_DIR_NAME}…`);
  const build = await buildConsole({ skip: SKIP_BUILD });
  console.log(build.skipped ? '  reused the existing build' : `  built in ${build.seconds.toFixed(1)} s`);

  tempDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-bench-'));
  const stack = await startStack({ dataDir: tempDir });
  console.log(`Sandbox ${stack.sandboxUrl}, console ${stack.consoleUrl}, signed in (${elapsed(started)})`);

  const targets = benchTargets(stack, await createBenchProfiles(stack, Math.max(...CONNECTION_LEVELS)));
  await checkTargetsAnswer(targets);
  console.log(`Warming up each target for ${JIT_WARMUP_SECONDS} s…`);
  await warmUp(targets, JIT_WARMUP_SECONDS);

  // Targets are interleaved per concurrency level, round after round, so that each level's
  // five figures share the machine's conditions of the same minutes.
  const rounds: Measurement[] = [];
  for (const connections of CONNECTION_LEVELS) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of targets) {
        const m = await measure({ target, connections, warmupSeconds: WARMUP_SECONDS, seconds: MEASURE_SECONDS });
        console.log(
          `  ${target.name.padEnd(13)} c=${String(connections).padEnd(2)} round ${round}/${ROUNDS} ` +
            `${m.rps.toFixed(0).padStart(5)} req/s  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms.toFixed(2)} ms`,
        );
        rounds.push(m);
      }
    }
  }
  const measurements = medianOfRounds(rounds);

  const firstLoadJs = await measureFirstLoadJs(stack);
  const comparisons = compare(measurements, rounds);
  const targetChecks = checkTargets({ comparisons, firstLoadJs });

  printMeasurements(measurements);
  printComparisons(comparisons);
  printFirstLoadJs(firstLoadJs);
  printTargetChecks(targetChecks);
  console.log('\nFind a profile: searchProfiles over 100,000 indexed profiles, in one process…');
  const search = runSearchBench();

  const results = {
    finishedAt: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    code: codeVersion(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
    },
    settings: {
      connections: CONNECTION_LEVELS,
      jitWarmupSecondsPerTarget: JIT_WARMUP_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      measureSeconds: MEASURE_SECONDS,
      rounds: ROUNDS,
      build: build.skipped ? 'reused' : { seconds: build.seconds },
      latency: 'fractional ms per response, nearest-rank percentiles',
    },
    goals: TARGETS,
    measurements,
    rounds,
    comparisons,
    firstLoadJs,
    targetChecks,
    search,
    notes: [
      'The console route checks the session in the database, reads the profile from Attestr, and writes an update record to SQLite before and after the update.',
      'floor+call: the session check and one Attestr update, with no read before it and no record.',
      'The load generator, the console and the sandbox share the same machine.',
      'serverCpuMsPerRequest: user+system CPU of the answering process group during the measured run, per request.',
    ],
  };
  const file = path.join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), file)}; whole run ${elapsed(started)}.`);
}

try {
  await main();
} catch (error) {
  // After a Ctrl-C, the load runs fail because their servers are going away: not news.
  if (!interrupted) console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

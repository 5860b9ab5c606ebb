import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { DIST_DIR, DIST_DIR_NAME, RESULTS_DIR, ROOT_DIR } from './config';
import { runToCompletion } from './processes';

/**
 * `next build` rewrites two files outside bench/: it adds `.next-bench/types/**` to
 * tsconfig.json's `include` and points next-env.d.ts at `.next-bench/types`. Neither is
 * needed to run the build, and tsconfig.json is tracked, so both are put back afterwards,
 * but only when the build's edit is the sole change: a concurrent edit by someone else is
 * left alone (and reported).
 */
function snapshotFilesNextRewrites(): () => string[] {
  const tsconfigPath = path.join(ROOT_DIR, 'tsconfig.json');
  const nextEnvPath = path.join(ROOT_DIR, 'next-env.d.ts');
  const readOrNull = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
  const tsconfigBefore = readOrNull(tsconfigPath);
  const nextEnvBefore = readOrNull(nextEnvPath);

  return () => {
    const notes: string[] = [];
    const tsconfigAfter = readOrNull(tsconfigPath);
    if (tsconfigBefore !== null && tsconfigAfter !== null && tsconfigAfter !== tsconfigBefore) {
      if (onlyBenchIncludesAdded(tsconfigBefore, tsconfigAfter)) {
        writeFileSync(tsconfigPath, tsconfigBefore);
        notes.push(`tsconfig.json: removed the ${DIST_DIR_NAME} entries next build added`);
      } else {
        notes.push('tsconfig.json changed during the build beyond next build’s own entries: left as it is');
      }
    }
    const nextEnvAfter = readOrNull(nextEnvPath);
    if (nextEnvBefore !== null && nextEnvAfter !== nextEnvBefore && nextEnvAfter?.includes(`./${DIST_DIR_NAME}/`)) {
      writeFileSync(nextEnvPath, nextEnvBefore);
      notes.push('next-env.d.ts: restored (next build had pointed it at the bench build)');
    }
    return notes;
  };
}

function onlyBenchIncludesAdded(before: string, after: string): boolean {
  try {
    const parsedBefore = JSON.parse(before) as { include?: unknown };
    const parsedAfter = JSON.parse(after) as { include?: unknown };
    if (Array.isArray(parsedAfter.include)) {
      parsedAfter.include = parsedAfter.include.filter(
        (entry) => !(typeof entry === 'string' && entry.startsWith(`${DIST_DIR_NAME}/`)),
      );
    }
    return isDeepStrictEqual(parsedBefore, parsedAfter);
  } catch {
    // A tsconfig with comments is not plain JSON: do not guess.
    return false;
  }
}

/** Builds into .next-bench unless BENCH_SKIP_BUILD=1 and a finished build is already there. */
export async function buildConsole(input: { skip: boolean }): Promise<{ seconds: number; skipped: boolean }> {
  // BUILD_ID is written last, so it tells a finished build from an interrupted one.
  if (input.skip && existsSync(path.join(DIST_DIR, 'BUILD_ID'))) return { seconds: 0, skipped: true };
  const logFile = path.join(RESULTS_DIR, 'build.log');
  const restore = snapshotFilesNextRewrites();
  const started = performance.now();
  try {
    await runToCompletion({
      command: 'npx',
      args: ['--no', 'next', 'build', '--webpack'],
      cwd: ROOT_DIR,
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR_NAME, NEXT_TELEMETRY_DISABLED: '1' },
      logFile,
    });
  } finally {
    for (const note of restore()) console.log(`  ${note}`);
  }
  return { seconds: (performance.now() - started) / 1000, skipped: false };
}

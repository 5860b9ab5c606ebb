import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DIST_DIR, DIST_DIR_NAME, RESULTS_DIR, ROOT_DIR } from './config';
import { runToCompletion } from './processes';

/** Where the benchmark's own route handlers live; they join the app only in its build. */
export const BENCH_ROUTES_DIR = path.join(ROOT_DIR, 'bench', 'routes');
/** Their place in the app of the staged copy: /api/bench/*. */
const ROUTES_IN_APP = path.join('app', 'api', 'bench');

/** Top-level entries of the checkout the build does not need (or makes itself). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'data', 'test-results', 'playwright-report', 'blob-report']);

function copied(relative: string): boolean {
  const [top = ''] = relative.split(path.sep);
  if (NOT_COPIED.has(top) || top === '.next' || top.startsWith('.next-') || top.startsWith('.e2e-data')) return false;
  return !relative.startsWith(path.join('bench', 'results'));
}

/**
 * Runs `build` in a copy of the checkout, made in a temporary folder, whose app also holds the
 * benchmark's routes. The checkout itself is never written to: its app has no benchmark
 * route, and a crash or Ctrl-C midway leaves at most a folder under the system's temp
 * directory, which is removed whenever this returns or throws. `next build` also rewrites
 * tsconfig.json and next-env.d.ts; in the copy that touches nothing tracked.
 */
export async function inStagedApp<T>(
  input: { rootDir: string; routesDir: string },
  build: (stagedDir: string) => Promise<T>,
): Promise<T> {
  const stagedDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-bench-build-'));
  try {
    cpSync(input.rootDir, stagedDir, {
      recursive: true,
      filter: (source) => copied(path.relative(input.rootDir, source)),
    });
    const routesTarget = path.join(stagedDir, ROUTES_IN_APP);
    if (existsSync(routesTarget)) throw new Error(`${ROUTES_IN_APP} already exists in the checkout`);
    cpSync(input.routesDir, routesTarget, { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
    // The same packages, not a copy: the build resolves them to the checkout's node_modules.
    symlinkSync(path.join(input.rootDir, 'node_modules'), path.join(stagedDir, 'node_modules'), 'dir');
    return await build(stagedDir);
  } finally {
    rmSync(stagedDir, { recursive: true, force: true });
  }
}

/** Moves a finished build from the staged copy into the checkout, replacing the last one. */
function takeBuild(stagedDir: string): void {
  const built = path.join(stagedDir, DIST_DIR_NAME);
  rmSync(DIST_DIR, { recursive: true, force: true });
  try {
    renameSync(built, DIST_DIR);
  } catch {
    // Another file system: copy, leaving out the build cache, which `next start` never reads.
    cpSync(built, DIST_DIR, { recursive: true, filter: (source) => path.relative(built, source) !== 'cache' });
  }
}

/**
 * Builds into .next-bench, with the benchmark's routes, unless BENCH_SKIP_BUILD=1 and a
 * finished build is already there.
 */
export async function buildConsole(input: { skip: boolean }): Promise<{ seconds: number; skipped: boolean }> {
  // BUILD_ID is written last, so it tells a finished build from an interrupted one.
  if (input.skip && existsSync(path.join(DIST_DIR, 'BUILD_ID'))) return { seconds: 0, skipped: true };
  const logFile = path.join(RESULTS_DIR, 'build.log');
  const started = performance.now();
  await inStagedApp({ rootDir: ROOT_DIR, routesDir: BENCH_ROUTES_DIR }, async (stagedDir) => {
    await runToCompletion({
      command: 'npx',
      args: ['--no', 'next', 'build', '--webpack'],
      cwd: stagedDir,
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR_NAME, NEXT_TELEMETRY_DISABLED: '1' },
      logFile,
    });
    takeBuild(stagedDir);
  });
  return { seconds: (performance.now() - started) / 1000, skipped: false };
}

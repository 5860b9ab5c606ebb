import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SANDBOX_PROFILE_IDS } from '@/sandbox/seed';

/** Settings of one benchmark run. Only the duration is meant to be tuned from outside. */

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR_NAME = '.next-bench';
export const DIST_DIR = path.join(ROOT_DIR, DIST_DIR_NAME);
export const RESULTS_DIR = path.join(ROOT_DIR, 'bench', 'results');

// The sample profile from Attestr's docs: seeded by the sandbox on every start.
export const PROFILE_ID = SANDBOX_PROFILE_IDS.gitanjali;
const PROFILE_FIELDS = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};
/** Attestr's Update Profile body, as sent straight to the sandbox. */
export const PROFILE_BODY = JSON.stringify(PROFILE_FIELDS);
/** The console's PUT body: the same fields, and the values the form loaded (the same: no edit races it). */
export const CONSOLE_PROFILE_BODY = JSON.stringify({ ...PROFILE_FIELDS, base: PROFILE_FIELDS });

export const ADMIN_EMAIL = 'bench-admin@example.com';
export const CONNECTION_LEVELS = [1, 16, 64] as const;
export const WARMUP_SECONDS = 1;
/**
 * Before anything is measured, each target runs this long at 16 connections: a fresh Node
 * process runs its code unoptimised at first, and the console's first seconds measured
 * 2–3× slower than its steady state.
 */
export const JIT_WARMUP_SECONDS = 8;
export const MEASURE_SECONDS = readSeconds(process.env.BENCH_SECONDS, 4);
/**
 * Each concurrency level's five targets are measured this many times, interleaved, and each
 * figure is the median of its rounds: one disturbed run on a shared machine moves a median
 * far less than a single measurement.
 */
export const ROUNDS = 5;
export const SKIP_BUILD = process.env.BENCH_SKIP_BUILD === '1';

/** What the console should reach; printed beside the figures, never enforced. */
export const TARGETS = {
  consoleToFloorRatio: 0.5,
  addedP50AtOneConnectionMs: 5,
  firstLoadJsKiB: 170,
} as const;

function readSeconds(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`BENCH_SECONDS must be a positive number of seconds, not "${raw}"`);
  }
  return seconds;
}

import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { inStagedApp } from './build';

let rootDir: string;

function write(relative: string, text = 'x'): void {
  const file = path.join(rootDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeEach(() => {
  rootDir = mkdtempSync(path.join(os.tmpdir(), 'attestr-bench-root-'));
  for (const file of [
    'app/api/health/route.ts',
    'lib/env.ts',
    'package.json',
    'node_modules/next/package.json',
    '.git/HEAD',
    '.next/BUILD_ID',
    '.next-bench/BUILD_ID',
    'data/console.sqlite',
    'bench/run.ts',
    'bench/results/build.log',
    'bench/routes/noop/route.ts',
    'bench/routes/noop/route.test.ts',
  ])
    write(file);
});
afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

it('builds in a copy whose app has the benchmark routes, and removes the copy after a failed build', async () => {
  let stagedDir = '';
  const build = inStagedApp({ rootDir, routesDir: path.join(rootDir, 'bench', 'routes') }, async (staged) => {
    stagedDir = staged;
    const has = (relative: string) => existsSync(path.join(staged, relative));
    expect(has('app/api/bench/noop/route.ts')).toBe(true);
    expect(has('app/api/bench/noop/route.test.ts')).toBe(false);
    expect(has('app/api/health/route.ts') && has('lib/env.ts') && has('bench/run.ts')).toBe(true);
    for (const left of ['.git', '.next', '.next-bench', 'data', 'bench/results']) expect(has(left), left).toBe(false);
    expect(lstatSync(path.join(staged, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(has('node_modules/next/package.json')).toBe(true);
    throw new Error('the build crashed');
  });

  await expect(build).rejects.toThrow('the build crashed');
  expect(existsSync(path.join(rootDir, 'app', 'api', 'bench'))).toBe(false);
  expect(readdirSync(path.join(rootDir, 'app', 'api'))).toEqual(['health']);
  expect(stagedDir).not.toBe('');
  expect(existsSync(stagedDir)).toBe(false);
  // The checkout's own packages were never behind the link: they are still there.
  expect(existsSync(path.join(rootDir, 'node_modules', 'next', 'package.json'))).toBe(true);
});

it('refuses a checkout that already has an app/api/bench folder', async () => {
  write('app/api/bench/noop/route.ts');
  await expect(
    inStagedApp({ rootDir, routesDir: path.join(rootDir, 'bench', 'routes') }, async () => 'built'),
  ).rejects.toThrow('app/api/bench already exists');
});

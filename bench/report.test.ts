import { expect, it } from 'vitest';

import type { Measurement, TargetName } from './load';
import { checkTargets, compare, pairedRatios } from './report';

function run(target: TargetName, connections: number, rps: number): Measurement {
  return {
    target,
    connections,
    rounds: 1,
    seconds: 4,
    requests: rps * 4,
    rps,
    p50Ms: 1,
    p99Ms: 2,
    serverCpuMsPerRequest: 1,
    loadAverage: 1,
  };
}

it('pairs each console run with the floor run of the same round', () => {
  // The machine slows down in round 2: both halves of that pair suffer alike.
  const rounds = [
    run('console', 1, 600),
    run('floor', 1, 1000),
    run('console', 1, 300),
    run('floor', 1, 480),
    run('console', 1, 610),
    run('floor', 1, 1000),
  ];
  expect(pairedRatios(rounds, 1)).toEqual({ median: 0.61, low: 0.6, high: 0.625 });
});

it('pairs another target with the floor the same way', () => {
  const rounds = [run('floor+call', 1, 700), run('floor', 1, 1000), run('floor+call', 1, 300), run('floor', 1, 500)];
  expect(pairedRatios(rounds, 1, 'floor+call')).toEqual({ median: 0.6, low: 0.6, high: 0.7 });
  expect(() => pairedRatios(rounds, 1)).toThrow('Unpaired rounds of console at 1 connections');
});

it('refuses rounds that do not pair up', () => {
  expect(() => pairedRatios([run('console', 16, 500)], 16)).toThrow('Unpaired rounds of console at 16 connections');
});

it('checks the throughput target on the paired median, each level on its own', () => {
  const levels = [1, 16, 64];
  const rounds = levels.flatMap((c) => [
    run('direct', c, 10_000),
    run('console', c, c === 64 ? 450 : 550),
    run('floor', c, 1000),
    run('floor+session', c, 900),
    run('floor+call', c, 700),
  ]);
  const comparisons = compare(rounds, rounds);
  const checks = checkTargets({
    comparisons,
    firstLoadJs: { totalGzipBytes: 100 * 1024 } as Parameters<typeof checkTargets>[0]['firstLoadJs'],
  });
  expect(checks.filter((check) => check.name.startsWith('console/floor')).map((check) => check.met)).toEqual([
    true,
    true,
    false,
  ]);
});

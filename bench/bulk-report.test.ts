import { expect, it } from 'vitest';

import type { TappedCall } from '@/sandbox/tap';

import { bulkFigures } from './bulk-report';

const call = (method: string, profileId: string, status: number, startedAt: number, endedAt = startedAt + 20) =>
  ({ method, path: `/api/v1/public/factx/${profileId}`, profileId, status, startedAt, endedAt }) as TappedCall;

it('counts what reached Attestr after the POST, lines lost or sent twice, and the share of the limit', () => {
  const postedAt = 10_000;
  const figures = bulkFigures({
    engine: 'sqlite',
    lines: 3,
    limitPerSecond: 5,
    postedAt,
    finishedAt: 12_500,
    callsByInstance: [
      [
        // Set-up before the job does not count.
        call('GET', 'a', 200, 9_000),
        call('GET', 'a', 200, 10_200),
        call('PUT', 'a', 200, 10_300),
        call('GET', 'a', 200, 10_400),
        call('PUT', 'b', 429, 10_500),
        call('PUT', 'b', 200, 11_000),
      ],
      [call('PUT', 'b', 200, 11_500), call('GET', 'c', 200, 12_180)],
    ],
    wrongValues: 0,
    acceptedByProfile: new Map([
      ['a', 1],
      ['b', 2],
    ]),
    profileIds: ['a', 'b', 'c'],
    unsettled: 1,
  });
  expect(figures).toMatchObject({
    instances: 2,
    seconds: 2.5,
    rowsPerSecond: 1.2,
    firstCallMs: 200,
    busySeconds: 2,
    admitted: 6,
    refused429: 1,
    reads: 3,
    updates: 3,
    updatesByInstance: [2, 1],
    lost: 1,
    duplicated: 1,
    unsettled: 1,
  });
  expect(figures.admittedPerSecond).toBeCloseTo(3);
  expect(figures.busyShare).toBeCloseTo(0.6);
});

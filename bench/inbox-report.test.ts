import { describe, expect, it } from 'vitest';

import { inboxRatios, type InboxTiming } from './inbox-report';

const timing = (size: number, rows: number, first: number, next: number | null, p95 = first): InboxTiming => ({
  engine: 'sqlite',
  size,
  scenario: 's',
  rows,
  firstPage: { p50: first, p95 },
  nextPage: next === null ? null : { p50: next, p95: next },
});

describe('the updates page bench’s goals', () => {
  it('holds pages to the time limit and to twice their time at the small size', () => {
    expect(inboxRatios([timing(10_000, 50, 1, 1), timing(1_000_000, 50, 1.9, 1.5)], [10_000, 1_000_000])).toEqual([
      { engine: 'sqlite', scenario: 's', firstPage: 1.9, nextPage: 1.5, comparable: true, met: true },
    ]);
    expect(inboxRatios([timing(10_000, 50, 1, 1), timing(1_000_000, 50, 2.5, 1)], [10_000, 1_000_000])[0]?.met).toBe(
      false,
    );
    expect(inboxRatios([timing(10_000, 50, 1, 1), timing(1_000_000, 50, 1, 1, 120)], [10_000, 1_000_000])[0]?.met).toBe(
      false,
    );
  });

  it('compares times only when both sizes answered the same rows', () => {
    const [ratio] = inboxRatios([timing(10_000, 6, 1, 1), timing(1_000_000, 50, 5, 5)], [10_000, 1_000_000]);
    expect(ratio).toMatchObject({ comparable: false, met: true });
  });
});

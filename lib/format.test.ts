import { describe, expect, it } from 'vitest';

import { formatLocalTimestamp, formatTimestamp, formatWait } from '@/lib/format';

const at = Date.parse('2025-11-02T12:05:41Z');

describe('timestamps', () => {
  it('in UTC, the same everywhere', () => {
    expect(formatTimestamp(at)).toBe('2 Nov 2025, 12:05:41 UTC');
  });

  it('in a viewer’s zone, with the zone named', () => {
    expect(formatLocalTimestamp(at, 'Asia/Kolkata')).toBe('2 Nov 2025, 17:35:41 GMT+5:30');
    expect(formatLocalTimestamp(at, 'America/New_York')).toBe('2 Nov 2025, 07:05:41 GMT-5');
    expect(formatLocalTimestamp(at, 'UTC')).toBe('2 Nov 2025, 12:05:41 UTC');
  });

  it('a dash for no time', () => {
    expect(formatLocalTimestamp(null)).toBe('—');
    expect(formatTimestamp(undefined)).toBe('—');
  });
});

describe('formatWait', () => {
  it.each([
    [0.2, '1 second'],
    [1, '1 second'],
    [12, '12 seconds'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [3599, '1 hour'],
    [3600, '1 hour'],
    [5400, '1 hour and 30 minutes'],
    [41_234, '11 hours and 28 minutes'],
  ])('%s s reads “%s”', (seconds, words) => {
    expect(formatWait(seconds)).toBe(words);
  });
});

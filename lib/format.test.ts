import { describe, expect, it } from 'vitest';

import { formatLocalTimestamp, formatTimestamp } from '@/lib/format';

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

import { describe, expect, it } from 'vitest';

import { codeColour, failureTotals } from '@/components/updates/failures-chart-data';

describe('the failures chart’s colours', () => {
  it('give a code the same colour whatever else the period holds, and whichever code is commonest', () => {
    const one = failureTotals([
      { day: '2026-11-01', code: '4291', count: 9 },
      { day: '2026-11-01', code: '5001', count: 1 },
    ]);
    const other = failureTotals([
      { day: '2026-11-20', code: 'UPSTREAM_TIMEOUT', count: 30 },
      { day: '2026-11-21', code: '5001', count: 12 },
      { day: '2026-11-21', code: '4291', count: 2 },
    ]);
    for (const code of ['4291', '5001']) expect(one.colour(code)).toBe(other.colour(code));
    expect(other.codes[0]).toBe('UPSTREAM_TIMEOUT');
  });

  it('tell the failures met most often apart', () => {
    const common = [
      '4291',
      '4292',
      '5001',
      '4005',
      'UPSTREAM_TIMEOUT',
      'UPSTREAM_UNREACHABLE',
      'UPDATE_INTERRUPTED',
      null,
    ];
    expect(new Set(common.map(codeColour)).size).toBe(common.length);
  });

  it('give a code outside the table a colour of its own, the same each time', () => {
    expect(codeColour('9999')).toMatch(/^#[0-9a-f]{6}$/);
    expect(codeColour('9999')).toBe(codeColour('9999'));
  });
});

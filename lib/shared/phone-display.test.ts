import { describe, expect, it } from 'vitest';

import { formatMobile } from '@/lib/shared/phone-display';

describe('formatMobile', () => {
  it.each([
    ['+918888999978', '+91 88889 99978'],
    ['+919876543210', '+91 98765 43210'],
    ['+442079460958', '+44 20 7946 0958'],
    ['+14155552671', '+1 415 555 2671'],
  ])('shows %s as %s', (saved, shown) => {
    expect(formatMobile(saved)).toBe(shown);
  });

  it('shows what does not parse as it is, and nothing for no number', () => {
    expect(formatMobile('+91 12')).toBe('+91 12');
    expect(formatMobile(null)).toBe('');
    expect(formatMobile('')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';

import { changedFields, sameValue } from '@/lib/profiles/same-value';

const loaded = { tag: 'AA-1234', name: 'Gitanjali Raheja', email: 'g@example.com', mobile: '+918888999978' };

describe('changedFields', () => {
  it('names the fields the person changed', () => {
    expect(changedFields({ mine: { ...loaded, email: '', name: 'G. Raheja' }, base: loaded })).toEqual([
      'name',
      'email',
    ]);
  });

  it('does not count what the console normalises: spaces around text, a phone number’s layout', () => {
    const base = { ...loaded, tag: ' AA-1234 ', mobile: '+91 88889 99978' };
    expect(changedFields({ mine: loaded, base })).toEqual([]);
  });
});

describe('sameValue', () => {
  it('ignores spaces around text and the layout of a phone number, nothing else', () => {
    expect(sameValue('name', ' Gitanjali ', 'Gitanjali')).toBe(true);
    expect(sameValue('mobile', '+91 88889-99978', '+918888999978')).toBe(true);
    expect(sameValue('name', 'gitanjali', 'Gitanjali')).toBe(false);
  });
});

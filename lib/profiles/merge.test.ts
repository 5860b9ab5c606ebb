import { describe, expect, it } from 'vitest';

import { changedFields, mergeEdits } from '@/lib/profiles/merge';

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

describe('mergeEdits', () => {
  it('sends the person’s changes and nothing else when nobody else changed anything', () => {
    const mine = { ...loaded, name: 'G. Raheja' };
    expect(mergeEdits({ mine, base: loaded, current: loaded })).toEqual({
      values: mine,
      changed: ['name'],
      changedMeanwhile: [],
      conflicts: [],
    });
  });

  it('keeps a field someone else changed while the person left it alone, as Attestr holds it', () => {
    const current = { ...loaded, email: 'new@example.com', tag: ' AA-1234 ' };
    const merged = mergeEdits({ mine: { ...loaded, mobile: '+919845012399' }, base: loaded, current });
    expect(merged.values).toEqual({ ...current, mobile: '+919845012399' });
    expect(merged.changedMeanwhile).toEqual(['email']);
    expect(merged.conflicts).toEqual([]);
  });

  it('is a conflict when both changed one field to different values, naming what Attestr holds', () => {
    const current = { ...loaded, mobile: '+919845012399', email: '' };
    const mine = { ...loaded, mobile: '+447700900123', email: '' };
    const merged = mergeEdits({ mine, base: loaded, current });
    expect(merged.conflicts).toEqual([{ field: 'mobile', current: '+919845012399' }]);
    expect(merged.changedMeanwhile).toEqual([]);
  });

  it('is no conflict when both made the same change', () => {
    const current = { ...loaded, name: 'G. Raheja' };
    const merged = mergeEdits({ mine: { ...loaded, name: ' G. Raheja' }, base: loaded, current });
    expect(merged.conflicts).toEqual([]);
    expect(merged.values.name).toBe(' G. Raheja');
  });
});

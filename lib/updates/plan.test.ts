import { describe, expect, it } from 'vitest';

import { checkChanges, heldDifferently, planUpdate, toUpdateBody } from '@/lib/updates/plan';

const loaded = { tag: 'AA-1234', name: 'Gitanjali Raheja', email: 'g@example.com', mobile: '+918888999978' };

describe('planUpdate', () => {
  it('sends the person’s changes and nothing else when nobody else changed anything', async () => {
    const mine = { ...loaded, name: 'G. Raheja' };
    expect(await planUpdate({ role: 'hr', mine, base: loaded, current: loaded })).toEqual({
      kind: 'send',
      changed: ['name'],
      values: mine,
      body: mine,
      changedMeanwhile: [],
    });
  });

  it('keeps a field someone else changed while the person left it alone, as Attestr holds it', async () => {
    const current = { ...loaded, email: 'new@example.com', tag: ' AA-1234 ' };
    const plan = await planUpdate({ role: 'hr', mine: { ...loaded, mobile: '+919845012399' }, base: loaded, current });
    expect(plan).toMatchObject({
      kind: 'send',
      values: { ...current, mobile: '+919845012399' },
      changedMeanwhile: ['email'],
    });
  });

  it('is a conflict when both changed one field to different values, naming what Attestr holds', async () => {
    const current = { ...loaded, mobile: '+919845012399', email: '' };
    const mine = { ...loaded, mobile: '+447911123456', email: '' };
    expect(await planUpdate({ role: 'hr', mine, base: loaded, current })).toEqual({
      kind: 'conflict',
      changed: ['email', 'mobile'],
      conflicts: [{ field: 'mobile', current: '+919845012399' }],
    });
  });

  it('is no conflict when both made the same change, in another layout', async () => {
    const current = { ...loaded, mobile: '+919845012399' };
    const plan = await planUpdate({
      role: 'hr',
      mine: { ...loaded, mobile: '+91 98450 12399' },
      base: loaded,
      current,
    });
    expect(plan).toMatchObject({ kind: 'send', values: { mobile: '+919845012399' } });
  });

  it('never sends a field the role may not change, whatever base claims was loaded', async () => {
    // A support agent's forged tag and name, with a base that says they were already there.
    const forged = { ...loaded, tag: 'FORGED-1', name: 'Forged Name', email: 'new@example.com' };
    const claimed = { ...forged, email: loaded.email };
    const plan = await planUpdate({ role: 'support', mine: forged, base: claimed, current: loaded });
    expect(plan).toMatchObject({ kind: 'send', body: { ...loaded, email: 'new@example.com' } });
  });

  it('refuses a change to a field the role may not change, naming it', async () => {
    const plan = await planUpdate({
      role: 'support',
      mine: { ...loaded, tag: 'AA-9999', email: 'new@example.com' },
      base: loaded,
      current: loaded,
    });
    expect(plan).toEqual({
      kind: 'refused',
      reason: 'role',
      changed: ['tag', 'email'],
      fieldErrors: { tag: 'Your role cannot change Tag' },
    });
  });

  it('refuses every change for a role that changes nothing, and for an unknown role', async () => {
    for (const role of ['ops', 'intern', '']) {
      const plan = await planUpdate({
        role,
        mine: { ...loaded, email: 'x@example.com' },
        base: loaded,
        current: loaded,
      });
      expect(plan).toMatchObject({ kind: 'refused', reason: 'role' });
    }
  });

  it('does not let a value Attestr holds, which the console would refuse, block a change to another field', async () => {
    const current = { ...loaded, tag: 'T'.repeat(80), mobile: '+10000000000' };
    const hr = await planUpdate({ role: 'hr', mine: { ...current, name: 'G. Raheja' }, base: current, current });
    expect(hr).toMatchObject({ kind: 'send', body: { ...current, name: 'G. Raheja' } });
    const support = await planUpdate({
      role: 'support',
      mine: { ...current, email: 'new@example.com' },
      base: current,
      current,
    });
    expect(support).toMatchObject({ kind: 'send', body: { ...current, email: 'new@example.com' } });
  });

  it('validates what the person changed, and normalises it', async () => {
    const bad = await planUpdate({
      role: 'hr',
      mine: { ...loaded, mobile: '8888999978' },
      base: loaded,
      current: loaded,
    });
    expect(bad).toMatchObject({ kind: 'refused', reason: 'validation', fieldErrors: { mobile: expect.any(String) } });
    const good = await planUpdate({
      role: 'hr',
      mine: { ...loaded, name: '  G. Raheja ', mobile: '+44 7911 123456' },
      base: loaded,
      current: loaded,
    });
    expect(good).toMatchObject({ kind: 'send', body: { name: 'G. Raheja', mobile: '+447911123456' } });
  });

  it.each([
    ['a right-to-left override', 'Gitanjali \u202Eahejar'],
    ['a left-to-right isolate', 'Gita\u2066njali'],
    ['a line separator', 'Gitanjali\u2028Raheja'],
    ['a paragraph separator', 'Gitanjali\u2029Raheja'],
    ['a right-to-left mark', 'Gitanjali\u200F'],
  ])('refuses a name or tag with %s', async (_label, value) => {
    for (const field of ['name', 'tag'] as const) {
      const plan = await planUpdate({ role: 'hr', mine: { ...loaded, [field]: value }, base: loaded, current: loaded });
      expect(plan).toMatchObject({
        kind: 'refused',
        reason: 'validation',
        fieldErrors: { [field]: expect.stringContaining('invisible characters') },
      });
    }
  });
});

describe('checkChanges', () => {
  it('refuses before anything is read, and checks nothing the person did not change', async () => {
    expect(await checkChanges({ role: 'hr', mine: { ...loaded, email: 'nope' }, base: loaded })).toMatchObject({
      kind: 'refused',
      fieldErrors: { email: expect.any(String) },
    });
    const held = { ...loaded, email: 'not-an-email' };
    expect(await checkChanges({ role: 'hr', mine: held, base: held })).toEqual({
      kind: 'changes',
      changed: [],
      changes: {},
    });
  });
});

describe('toUpdateBody', () => {
  it('leaves an emptied email or mobile out, never sends it empty', () => {
    expect(toUpdateBody({ ...loaded, email: '', mobile: '' })).toEqual({ tag: 'AA-1234', name: 'Gitanjali Raheja' });
  });
});

describe('heldDifferently', () => {
  it('names the fields Attestr holds otherwise than they were sent', () => {
    expect(heldDifferently({ sent: { ...loaded, email: '' }, held: loaded })).toEqual(['email']);
    expect(heldDifferently({ sent: loaded, held: { ...loaded, mobile: '+91 88889 99978' } })).toEqual([]);
  });
});

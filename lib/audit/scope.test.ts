import { describe, expect, it } from 'vitest';

import { attemptScope, mayViewAttempt } from '@/lib/audit/scope';

describe('attemptScope', () => {
  it.each([
    ['admin', {}],
    ['hr', {}],
    ['ops', {}],
    ['support', { actorId: 'me' }],
    ['contractor', null],
    ['', null],
  ])('gives %s %j', (role, scope) => {
    expect(attemptScope({ userId: 'me', role })).toEqual(scope);
  });

  it('lets support see its own attempts only, and an unknown role none', () => {
    expect(mayViewAttempt({ userId: 'me', role: 'support' }, { actorId: 'me' })).toBe(true);
    expect(mayViewAttempt({ userId: 'me', role: 'support' }, { actorId: 'someone' })).toBe(false);
    expect(mayViewAttempt({ userId: 'me', role: 'hr' }, { actorId: 'someone' })).toBe(true);
    expect(mayViewAttempt({ userId: 'me', role: 'contractor' }, { actorId: 'me' })).toBe(false);
  });
});

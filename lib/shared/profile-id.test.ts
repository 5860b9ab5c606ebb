import { describe, expect, it } from 'vitest';

import { isProfileId, profileIdFromAddress, profileIdProblem } from '@/lib/shared/profile-id';

describe('profileIdProblem', () => {
  it.each(['AX1LgghsxZsJZUwYvN', 'Cd3Px_9vFj6sNa1-Gk', 'a', 'A'.repeat(64)])('accepts %j', (id) => {
    expect(profileIdProblem(id)).toBeUndefined();
    expect(isProfileId(id)).toBe(true);
  });

  it.each([
    ['', 'Enter a profile ID.'],
    ['A'.repeat(65), 'Profile IDs are at most 64 characters; this one has 65.'],
    ['abc.def', 'Profile IDs contain only letters, digits, - and _; this one also has “.”.'],
    ['not a/profile id', 'Profile IDs contain only letters, digits, - and _; this one also has a space and “/”.'],
    ['Zoë', 'Profile IDs contain only letters, digits, - and _; this one also has “ë”.'],
    ['a.b/c?d', 'Profile IDs contain only letters, digits, - and _; this one also has “.”, “/” and “?”.'],
    [`${'A'.repeat(70)}.`, 'Profile IDs contain only letters, digits, - and _; this one also has “.”.'],
  ])('says plainly what is wrong with %j', (id, problem) => {
    expect(profileIdProblem(id)).toBe(problem);
    expect(isProfileId(id)).toBe(false);
  });
});

describe('profileIdFromAddress', () => {
  it.each([
    ['AX1LgghsxZsJZUwYvN', 'AX1LgghsxZsJZUwYvN'],
    ['abc%20def', 'abc def'],
    ['Zo%C3%AB.M%C3%BCller', 'Zoë.Müller'],
    ['50%25off', '50%off'],
    // Not valid percent-encoding: shown as it came.
    ['abc%E0%A4%A', 'abc%E0%A4%A'],
    ['50%off', '50%off'],
  ])('reads %j as %j', (segment, typed) => {
    expect(profileIdFromAddress(segment)).toBe(typed);
  });
});

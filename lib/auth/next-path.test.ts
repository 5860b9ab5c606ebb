import { describe, expect, it } from 'vitest';

import { sameOriginPath } from '@/lib/auth/next-path';

const ORIGIN = 'https://console.example.com';

describe('sameOriginPath', () => {
  it.each([
    ['/profiles/P-1', '/profiles/P-1'],
    ['/profiles/P-1?tab=history', '/profiles/P-1?tab=history'],
    ['/admin/users#top', '/admin/users'],
    ['/a/../profiles', '/profiles'],
  ])('keeps the console page %j as %j', (next, expected) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(expected);
  });

  it.each([
    ['a tab after the slash', '/\t/example.org'],
    ['a line break after the slash', '/\n/example.org'],
    ['a carriage return after the slash', '/\r/example.org'],
    ['a backslash', '/\\example.org'],
    ['two slashes', '//example.org'],
    ['slash backslash', '/\\/example.org'],
    ['a dot segment before two slashes', '/.//example.org'],
    ['an absolute https URL', 'https://example.org/profiles'],
    ['an absolute URL of the console itself without a leading slash', `${ORIGIN}/profiles`],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'profiles'],
    ['nothing', ''],
  ])('refuses %s', (_, next) => {
    expect(sameOriginPath(next, ORIGIN)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(sameOriginPath(undefined, ORIGIN)).toBeNull();
    expect(sameOriginPath(['/profiles'], ORIGIN)).toBeNull();
  });
});

import { expect, it } from 'vitest';

import { timeOrderedId } from '@/lib/db/time-ordered-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('is a version 7 UUID carrying the time it was made', () => {
  const now = Date.UTC(2026, 10, 26, 14, 30, 0, 123);
  const id = timeOrderedId(now);
  expect(id).toMatch(UUID_V7);
  expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(now);
});

it('sorts ids made later after earlier ones, and never repeats', () => {
  const base = Date.now();
  const ids = Array.from({ length: 2_000 }, (_, i) => timeOrderedId(base + Math.floor(i / 10)));
  expect(new Set(ids).size).toBe(ids.length);
  const times = ids.map((id) => id.slice(0, 13));
  expect([...times].sort()).toEqual(times);
  expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
});

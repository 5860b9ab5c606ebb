import Papa from 'papaparse';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';

import { createBulkJobSchema } from '@/app/api/bulk/jobs/schema';
import { profileUpdateSchema } from '@/app/api/profiles/[profileId]/schema';
import { profileSearchSchema } from '@/app/api/profiles/search/schema';
import { resolveAttemptSchema } from '@/app/api/updates/[attemptId]/resolve/schema';
import { startRetryRunSchema } from '@/app/api/updates/retry-runs/schema';
import { checkBulkRows } from '@/lib/bulk/rows';
import { profileFieldsSchema } from '@/lib/shared/profile-fields';
import { changeOwnPasswordSchema, changeUserSchema, createUserSchema, resetPasswordSchema } from '@/lib/users/schema';

/**
 * U+0000 from a request never reaches the database (PostgreSQL cannot store it in text, and
 * the query fails with a 500): every schema that takes text from a request refuses it.
 */
const NUL = '\u0000';
const loaded = { tag: 'AA-1234', name: 'Gitanjali Raheja', email: 'g@example.com', mobile: '+918888999978' };
const user = { name: 'Asha Rao', email: 'asha@example.com', role: 'hr', password: 'a-long-password-1' };

const cases: [string, z.core.$ZodType, unknown, unknown][] = [
  ['a profile search', profileSearchSchema, { q: 'AA-12' }, { q: `AA${NUL}12` }],
  ['a profile’s tag', profileUpdateSchema, { ...loaded, base: loaded }, { ...loaded, tag: `AA${NUL}`, base: loaded }],
  [
    'a profile’s email',
    profileUpdateSchema,
    { ...loaded, base: loaded },
    { ...loaded, email: `g${NUL}@x.com`, base: loaded },
  ],
  [
    'a base value',
    profileUpdateSchema,
    { ...loaded, base: loaded },
    { ...loaded, base: { ...loaded, name: `G${NUL}` } },
  ],
  [
    'a reason',
    profileUpdateSchema,
    { ...loaded, base: loaded, reason: 'ticket 42' },
    { ...loaded, base: loaded, reason: `t${NUL}` },
  ],
  ['an email field', profileFieldsSchema.shape.email, 'g@example.com', `g@example.com${NUL}`],
  ['a mobile field', profileFieldsSchema.shape.mobile, '+918888999978', `+918888999978${NUL}`],
  ['a new user’s name', createUserSchema, user, { ...user, name: `Asha${NUL}` }],
  ['a new user’s email', createUserSchema, user, { ...user, email: `asha${NUL}@example.com` }],
  ['a new user’s password', createUserSchema, user, { ...user, password: `a-long-password${NUL}` }],
  ['a reset password', resetPasswordSchema, { password: 'a-long-password-1' }, { password: `a-long-password${NUL}` }],
  [
    'a changed password',
    changeOwnPasswordSchema,
    { currentPassword: 'old-password-1', newPassword: 'a-long-password-1' },
    { currentPassword: `old${NUL}`, newPassword: 'a-long-password-1' },
  ],
  ['a role', changeUserSchema, { role: 'hr' }, { role: `hr${NUL}` }],
  ['a resolve note', resolveAttemptSchema, { note: 'Done by phone' }, { note: `Done${NUL}` }],
  ['a Retry all search', startRetryRunSchema, { filter: { q: 'AA' } }, { filter: { q: `AA${NUL}` } }],
  [
    'a bulk file’s name',
    createBulkJobSchema,
    { fileName: 'a.csv', csv: 'profileId\n1', mapping: { profileId: 'profileId' }, dryRun: true },
    { fileName: `a${NUL}.csv`, csv: 'profileId\n1', mapping: { profileId: 'profileId' }, dryRun: true },
  ],
  [
    'a bulk file’s column name',
    createBulkJobSchema,
    { fileName: 'a.csv', csv: 'profileId\n1', mapping: { profileId: 'profileId' }, dryRun: true },
    { fileName: 'a.csv', csv: 'profileId\n1', mapping: { [`profileId${NUL}`]: 'profileId' }, dryRun: true },
  ],
];

describe('text from a request with a NUL character', () => {
  it.each(cases)('is refused in %s', async (_what, schema, fine, withNul) => {
    expect((await z.safeParseAsync(schema, fine)).success).toBe(true);
    const result = await z.safeParseAsync(schema, withNul);
    expect(result.success).toBe(false);
  });

  it('makes a bulk file with one refused as a whole, naming the line, so no cell of it is kept', async () => {
    const [headers = [], ...rows] = Papa.parse<string[]>(
      `profileId,email\nAX1LgghsxZsJZUwYvN,a@example.com\nBq7TzK2mWn4RcY8hLe,Notes${NUL}here\n`,
      { skipEmptyLines: 'greedy' },
    ).data;
    const checked = await checkBulkRows({
      headers,
      rows,
      mapping: { profileId: 'profileId', email: 'email' },
      role: 'hr',
    });
    expect(checked.problems).toEqual([
      'Line 3 has a control character (NUL) that text does not have: save the file again as CSV from the spreadsheet and upload it again.',
    ]);
    expect(checked.valid).toEqual([]);
    expect(checked.invalid).toEqual([]);
  });
});

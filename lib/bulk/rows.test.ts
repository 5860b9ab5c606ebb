import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

import {
  ERROR_COLUMN,
  checkBulkRows,
  headersMatchColumns,
  mappingProblems,
  rowsWithErrorsCsv,
  suggestMapping,
  type ColumnMapping,
} from '@/lib/bulk/rows';

const ID_A = 'AX1LgghsxZsJZUwYvN';
const ID_B = 'Bq7TzK2mWn4RcY8hLe';
const ID_C = 'Cd3Px_9vFj6sNa1-Gk';

/** Reads a CSV text as the worker and the server do. */
function parse(csv: string): { headers: string[]; rows: string[][] } {
  const [headers = [], ...rows] = Papa.parse<string[]>(csv, { skipEmptyLines: 'greedy' }).data;
  return { headers, rows };
}

const contacts: ColumnMapping = { profileId: 'profileId', email: 'email', mobile: 'mobile' };

describe('suggestMapping', () => {
  it('recognises usual names in any case, spacing or punctuation', () => {
    expect(
      suggestMapping(['Profile ID', 'Full Name', 'E-mail Address', 'Phone_Number', 'Employee ID', 'Notes']),
    ).toEqual({
      'Profile ID': 'profileId',
      'Full Name': 'name',
      'E-mail Address': 'email',
      Phone_Number: 'mobile',
      'Employee ID': 'tag',
      Notes: null,
    });
  });

  it('takes each column once: a second header that spells it is left unmapped', () => {
    expect(suggestMapping(['email', 'Work Email', 'phone', 'mobile'])).toEqual({
      email: 'email',
      'Work Email': null,
      phone: 'mobile',
      mobile: null,
    });
  });

  it('follows the person’s last mapping for the same header over the synonyms', () => {
    const last: ColumnMapping = { Ref: 'profileId', 'Contact number': null, id: null };
    expect(suggestMapping(['id', 'Ref', 'Contact number', 'email'], last)).toEqual({
      id: null,
      Ref: 'profileId',
      'Contact number': null,
      email: 'email',
    });
  });

  it('does not let a synonym take a column the last mapping gave to another header', () => {
    expect(suggestMapping(['email', 'Personal mail'], { 'Personal mail': 'email' })).toEqual({
      email: null,
      'Personal mail': 'email',
    });
  });
});

describe('headersMatchColumns', () => {
  it('is true for the console’s own columns, the error column of a downloaded file left out', () => {
    expect(headersMatchColumns(['profileId', 'email', 'mobile'])).toBe(true);
    expect(headersMatchColumns(['profileId', 'name', ERROR_COLUMN])).toBe(true);
  });

  it('is false with any other header, another spelling or no profileId', () => {
    expect(headersMatchColumns(['profileId', 'Email'])).toBe(false);
    expect(headersMatchColumns(['profileId', 'notes'])).toBe(false);
    expect(headersMatchColumns(['email', 'mobile'])).toBe(false);
    expect(headersMatchColumns([])).toBe(false);
  });
});

describe('mappingProblems', () => {
  it('asks for the profile ID column when none is mapped', () => {
    const problems = mappingProblems({ headers: ['id', 'email'], mapping: { id: null, email: 'email' }, role: 'hr' });
    expect(problems).toEqual([expect.stringMatching(/^No column gives the profile ID/)]);
  });

  it('names both headers when one column is filled twice', () => {
    const problems = mappingProblems({
      headers: ['profileId', 'email', 'Work email'],
      mapping: { profileId: 'profileId', email: 'email', 'Work email': 'email' },
      role: 'hr',
    });
    expect(problems).toEqual(['Email comes from more than one column (“email”, “Work email”): keep one.']);
  });

  it('says when nothing would change', () => {
    const problems = mappingProblems({
      headers: ['profileId', 'notes'],
      mapping: { profileId: 'profileId', notes: null },
      role: 'hr',
    });
    expect(problems).toEqual([expect.stringMatching(/^No column changes anything/)]);
  });

  it('refuses support’s name and tag columns with the reason, and says what support may change', () => {
    const problems = mappingProblems({
      headers: ['profileId', 'Full name', 'tag', 'email'],
      mapping: { profileId: 'profileId', 'Full name': 'name', tag: 'tag', email: 'email' },
      role: 'support',
    });
    expect(problems).toEqual([
      'Your role cannot change Tag, so the column “tag” cannot be used: remove it or leave it unmapped. You may change Email and Mobile.',
      'Your role cannot change Name, so the column “Full name” cannot be used: remove it or leave it unmapped. You may change Email and Mobile.',
    ]);
    expect(mappingProblems({ headers: ['profileId', 'email'], mapping: contacts, role: 'support' })).toEqual([]);
  });

  it('lets operations change nothing', () => {
    const problems = mappingProblems({ headers: ['profileId', 'email'], mapping: contacts, role: 'ops' });
    expect(problems).toEqual([
      'Your role cannot change Email, so the column “email” cannot be used: remove it or leave it unmapped.',
    ]);
  });
});

describe('checkBulkRows', () => {
  const check = (csv: string, mapping: ColumnMapping = contacts, role = 'hr') =>
    checkBulkRows({ ...parse(csv), mapping, role });

  it('keeps the filled cells of each line, in the form’s shape, and leaves empty cells alone', async () => {
    const result = await check(
      [
        'profileId,email,mobile',
        `${ID_A},a@example.com,`,
        `${ID_B},,+91 98765 43210`,
        ` ${ID_C} , b@example.com ,`,
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(result.fields).toEqual(['email', 'mobile']);
    expect(result.rowCount).toBe(3);
    expect(result.invalid).toEqual([]);
    expect(result.valid).toEqual([
      { line: 2, profileId: ID_A, set: { email: 'a@example.com' } },
      { line: 3, profileId: ID_B, set: { mobile: '+919876543210' } },
      { line: 4, profileId: ID_C, set: { email: 'b@example.com' } },
    ]);
  });

  it('gives each bad line its reason and line number, counting the header as line 1', async () => {
    const result = await check(
      [
        'profileId,email,mobile',
        `not/an id,a@example.com,`,
        `,a@example.com,`,
        `${ID_A},a@example.com,`,
        `${ID_A},other@example.com,`,
        `${ID_B},,`,
        `${ID_C},c@example.com`,
        `${ID_C},not-an-email,12345`,
      ].join('\n'),
    );
    expect(result.valid.map((row) => row.line)).toEqual([4]);
    expect(result.invalid.map(({ line, error }) => ({ line, error }))).toEqual([
      { line: 2, error: 'The profile ID is not one: it is letters, digits, - and _ only, up to 64.' },
      { line: 3, error: 'No profile ID on this line.' },
      { line: 5, error: 'This profile is also on line 4: put each profile on one line only.' },
      { line: 6, error: 'Nothing to change on this line: every cell to change is empty.' },
      {
        line: 7,
        error: 'This line has 2 cells and the header 3: check for a missing or extra comma.',
      },
      {
        line: 8,
        error:
          'Email: Enter a valid email address, like name@company.com; Mobile: Enter the mobile in international format: + and the country code, e.g. +91 88889 99978',
      },
    ]);
    expect(result.invalid[5]?.cells).toEqual([ID_C, 'not-an-email', '12345']);
  });

  it('refuses a line with a cell over 1,000 characters, naming its column, in any column', async () => {
    const long = 'x'.repeat(1_001);
    const result = await check(
      [
        'profileId,email,mobile,notes',
        `${ID_A},a@example.com,,${'n'.repeat(1_000)}`,
        `${ID_B},b@example.com,,${long}`,
        `${ID_C},${long}@example.com,,`,
      ].join('\n'),
      { ...contacts, notes: null },
    );
    expect(result.valid.map((row) => row.line)).toEqual([2]);
    expect(result.invalid.map(({ line, error }) => ({ line, error }))).toEqual([
      {
        line: 3,
        error: 'The cell in the column “notes” has 1,001 characters; a cell may have at most 1,000. Shorten it.',
      },
      {
        line: 4,
        error: 'The cell in the column “email” has 1,013 characters; a cell may have at most 1,000. Shorten it.',
      },
    ]);
    const longHeader = await check(`profileId,email,${'h'.repeat(1_001)}\n${ID_A},a@example.com,x\n`, contacts);
    expect(longHeader.problems).toEqual([
      'A column name in the header line is longer than 1,000 characters: shorten it.',
    ]);
  });

  it('lets other work run between slices of checking when asked to', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`ID${String(i).padStart(8, '0')}`, `p${i}@example.com`]);
    let turns = 0;
    const result = await checkBulkRows({
      headers: ['profileId', 'email'],
      rows,
      mapping: { profileId: 'profileId', email: 'email' },
      role: 'hr',
      yieldNow: async () => {
        turns += 1;
      },
    });
    expect(result.valid).toHaveLength(20_000);
    expect(turns).toBeGreaterThan(0);
  });

  it('reads a cell written with the formula guard of a downloaded file as it was', async () => {
    const result = await check(['profileId,email,mobile', `${ID_A},,'+447911123456`].join('\n'));
    expect(result.valid).toEqual([{ line: 2, profileId: ID_A, set: { mobile: '+447911123456' } }]);
  });

  it('refuses the file as a whole for a problem with its columns, and checks no line', async () => {
    const result = await check(
      `profileId,name\n${ID_A},Someone\n`,
      { profileId: 'profileId', name: 'name' },
      'support',
    );
    expect(result.problems).toEqual([expect.stringMatching(/Your role cannot change Name/)]);
    expect(result.valid).toEqual([]);
    expect(result.invalid).toEqual([]);
    const empty = await check('profileId,email\n');
    expect(empty.problems).toEqual(['The file has a header but no lines to change.']);
  });
});

describe('rowsWithErrorsCsv', () => {
  it('writes the file’s header plus error, quotes what needs it and guards formulas', () => {
    const csv = rowsWithErrorsCsv({
      headers: ['profileId', 'name', 'mobile'],
      rows: [
        { cells: [ID_A, 'Raheja, Gitanjali', '+918888999978'], error: 'Name: too "long"' },
        { cells: [ID_B, '=HYPERLINK("x")', '@home'], error: 'Line\nbreak' },
      ],
    });
    expect(csv).toBe(
      [
        'profileId,name,mobile,error',
        `${ID_A},"Raheja, Gitanjali",'+918888999978,"Name: too ""long"""`,
        `${ID_B},"'=HYPERLINK(""x"")",'@home,"Line\nbreak"`,
        '',
      ].join('\r\n'),
    );
  });

  it('replaces the error column of a file that was downloaded before, rather than adding a second', async () => {
    const csv = rowsWithErrorsCsv({
      headers: ['profileId', 'email', ERROR_COLUMN],
      rows: [{ cells: [ID_A, 'still-wrong', 'Email: the earlier reason'], error: 'Email: the new reason' }],
    });
    expect(csv).toBe(['profileId,email,error', `${ID_A},still-wrong,Email: the new reason`, ''].join('\r\n'));
    const again = await checkBulkRows({ ...parse(csv), mapping: suggestMapping(parse(csv).headers), role: 'hr' });
    expect(again.problems).toEqual([]);
    expect(again.invalid.map((row) => row.error)).toEqual([
      'Email: Enter a valid email address, like name@company.com',
    ]);
  });

  it('makes a file that, once fixed, checks as valid again', async () => {
    const headers = ['Profile ID', 'Work email', 'Phone'];
    const mapping = suggestMapping(headers);
    const first = await checkBulkRows({
      headers,
      rows: [
        [ID_A, 'a@example', '+91 98765 43210'],
        [ID_B, '', '-12'],
        [ID_C, 'c@example.com', ''],
      ],
      mapping,
      role: 'support',
    });
    expect(first.valid.map((row) => row.line)).toEqual([4]);
    const downloaded = parse(rowsWithErrorsCsv({ headers, rows: first.invalid }));
    expect(downloaded.headers).toEqual([...headers, 'error']);
    expect(downloaded.rows).toEqual([
      [ID_A, 'a@example', "'+91 98765 43210", expect.stringMatching(/^Email: Enter a valid email/)],
      [ID_B, '', "'-12", expect.stringMatching(/^Mobile: /)],
    ]);
    // The person fixes the cells the reasons name, keeping the rest as downloaded.
    const fixed = downloaded.rows.map((cells) =>
      cells[0] === ID_A ? [ID_A, 'a@example.com', cells[2] ?? '', cells[3] ?? ''] : [ID_B, '', "'+44 7911 123456", ''],
    );
    const again = await checkBulkRows({
      headers: downloaded.headers,
      rows: fixed,
      mapping: suggestMapping(downloaded.headers, mapping),
      role: 'support',
    });
    expect(again.problems).toEqual([]);
    expect(again.invalid).toEqual([]);
    expect(again.valid).toEqual([
      { line: 2, profileId: ID_A, set: { email: 'a@example.com', mobile: '+919876543210' } },
      { line: 3, profileId: ID_B, set: { mobile: '+447911123456' } },
    ]);
  });
});

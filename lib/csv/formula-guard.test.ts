import { describe, expect, it } from 'vitest';

import { rowsWithErrorsCsv } from '@/lib/bulk/rows';
import { guardFormula, unguardFormula } from '@/lib/csv/formula-guard';
import { csvCell } from '@/lib/updates/inbox-csv';

/**
 * Every CSV file the console writes for a spreadsheet: the updates export (csvCell) and the
 * bulk downloads of failed and invalid lines (rowsWithErrorsCsv).
 */
const bulkCell = (value: string) =>
  rowsWithErrorsCsv({ headers: ['x'], rows: [{ cells: [value], error: 'e' }] })
    .split('\r\n')[1]
    ?.replace(/,e$/, '');

const RUN_AS_FORMULA = [
  ['a leading space before =', ' =1+1'],
  ['spaces and a tab before +', '  \t+1'],
  ['a non-breaking space before =', '\u00A0=HYPERLINK("x")'],
  ['a zero-width space before @', '\u200B@SUM(A1)'],
  ['a control character before -', '\u0001-2+3'],
  ['the full-width equals sign', '\uFF1DHYPERLINK("x")'],
  ['a space before the full-width equals sign', ' \uFF1D1+1'],
  ['the full-width plus', '\uFF0B1'],
  ['the full-width minus', '\uFF0D1'],
  ['the full-width at sign', '\uFF20SUM(A1)'],
  ['a pipe', '|calc'],
  ['a space before a pipe', ' |calc'],
  ['the full-width pipe', '\uFF5Ccalc'],
  ['an ideographic space before =', '\u3000=1'],
] as const;

describe('the formula guard of the CSV files a spreadsheet opens', () => {
  it.each(RUN_AS_FORMULA)('keeps a cell with %s as text in the updates export', (_, value) => {
    expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
  });

  it.each(RUN_AS_FORMULA)('keeps a cell with %s as text in the bulk downloads', (_, value) => {
    expect(bulkCell(value)?.replace(/^"/, '')).toMatch(/^'/);
  });

  it('still guards what it guarded, and leaves text that merely holds such a sign alone', () => {
    for (const value of ['=1', '+1', '-1', '@x', '\tx', '\rx']) {
      expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
      expect(bulkCell(value)?.replace(/^"/, '')).toMatch(/^'/);
    }
    for (const value of ['a=b', 'Raheja', ' Raheja', 'x|y', '\u00A0Raheja', '1+1', '']) {
      expect(csvCell(value)).not.toMatch(/^"?'/);
      expect(bulkCell(value)).not.toMatch(/^"?'/);
    }
  });

  it('reads back each guarded cell as it was, so a downloaded file uploads again unchanged', () => {
    for (const [, value] of RUN_AS_FORMULA) expect(unguardFormula(guardFormula(value))).toBe(value);
    expect(unguardFormula("'Raheja")).toBe("'Raheja");
  });
});

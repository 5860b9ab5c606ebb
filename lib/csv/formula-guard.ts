/**
 * What keeps a cell of a CSV file the console writes from running as a formula when a
 * spreadsheet opens it: such a cell is written with a leading apostrophe, which the spreadsheet
 * shows as text. A cell is guarded when it starts with a tab or a carriage return, or when its
 * first character after any spaces, non-breaking or zero-width spaces and control characters is
 * one a spreadsheet starts a formula with: = + - @ | or its full-width form (＝ ＋ － ＠ ｜),
 * which some spreadsheets read as the same. Shared by the browser and the server; imports nothing.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C])/u;
const GUARDED = /^'(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@|\uFF1D\uFF0B\uFF0D\uFF20\uFF5C])/u;

/** The cell as written to a CSV file: with a leading ' when a spreadsheet would run it. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell read back from a file the console wrote: the guard's ' taken off again. */
export function unguardFormula(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

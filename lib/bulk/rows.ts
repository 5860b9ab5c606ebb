import { guardFormula, unguardFormula } from '@/lib/csv/formula-guard';
import { editableFields } from '@/lib/shared/permissions';
import { isProfileId } from '@/lib/shared/profile-id';
import {
  PROFILE_FIELDS,
  PROFILE_FIELD_LABELS,
  validateChangedFields,
  type ProfileField,
} from '@/lib/shared/profile-fields';
import { hasNul } from '@/lib/shared/request-text';

/**
 * A bulk file, column by column and line by line: one set of rules that the browser applies
 * while the person checks a file (in a Web Worker) and that the server applies again to the
 * file it is sent, which it trusts no more than any request. Nothing here knows of HTTP,
 * the database or the DOM.
 */

export const BULK_COLUMNS = ['profileId', ...PROFILE_FIELDS] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

export const BULK_COLUMN_LABELS: Record<BulkColumn, string> = {
  profileId: 'Profile ID',
  ...PROFILE_FIELD_LABELS,
};

/** Which column of the console each header of the file fills; null leaves the header out. */
export type ColumnMapping = Record<string, BulkColumn | null>;

/** The most lines one file may hold, and its largest size. */
export const BULK_MAX_ROWS = 100_000;
export const BULK_MAX_BYTES = 20 * 1024 * 1024;
/** The longest cell: far above any profile value, low enough that no line carries a document. */
const BULK_MAX_CELL_CHARACTERS = 1_000;
/** How long checking runs before `yieldNow` lets the thread do other work. */
const CHECK_SLICE_MS = 8;

/** One line to send: the profile, and the fields it sets (only those with a value in the file). */
export interface BulkRowChange {
  /** The line in the file, counting the header as line 1. */
  line: number;
  profileId: string;
  set: Partial<Record<ProfileField, string>>;
}

export interface InvalidBulkRow {
  line: number;
  /** The line's cells as the file has them, by header, to be written back out with the reason. */
  cells: string[];
  error: string;
}

export interface BulkCheck {
  /** Lines of data in the file (the header not counted). */
  rowCount: number;
  /** The profile fields the file sets. */
  fields: ProfileField[];
  /** What is wrong with the file as a whole (its columns): nothing can start until it is fixed. */
  problems: string[];
  valid: BulkRowChange[];
  invalid: InvalidBulkRow[];
}

const SYNONYMS: Record<BulkColumn, string[]> = {
  profileId: ['profileid', 'id', 'profile', 'attestrid', 'attestrprofileid', 'profilenumber'],
  tag: ['tag', 'profiletag', 'reference', 'ref', 'employeeid', 'employeeno', 'staffid'],
  name: ['name', 'fullname', 'profilename', 'candidatename', 'employeename'],
  email: ['email', 'emailaddress', 'mail', 'contactemail', 'workemail'],
  mobile: ['mobile', 'mobilenumber', 'phone', 'phonenumber', 'cell', 'cellphone', 'contactnumber', 'mobileno'],
};

/** The column a downloaded file of rejected lines adds: it is left out when that file comes back. */
export const ERROR_COLUMN = 'error';

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Whether the file's headers are exactly the console's columns, so no mapping step is needed. */
export function headersMatchColumns(headers: readonly string[]): boolean {
  const known = new Set<string>([...BULK_COLUMNS, ERROR_COLUMN]);
  return headers.length > 0 && headers.every((header) => known.has(header)) && headers.includes('profileId');
}

/**
 * A mapping for the file's headers: the person's last mapping where it names the same
 * header, else a column whose name or usual synonym the header spells (any case, spaces or
 * punctuation), each column taken once.
 */
export function suggestMapping(headers: readonly string[], last?: ColumnMapping | null): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<BulkColumn>();
  const give = (header: string, column: BulkColumn | null) => {
    if (column && taken.has(column)) column = null;
    mapping[header] = column;
    if (column) taken.add(column);
  };
  const remembered = headers.filter((header) => last && header in last);
  for (const header of remembered) give(header, last?.[header] ?? null);
  for (const header of headers) {
    if (header in mapping) continue;
    const key = squash(header);
    const column = BULK_COLUMNS.find((candidate) => !taken.has(candidate) && SYNONYMS[candidate].includes(key));
    give(header, column ?? null);
  }
  return mapping;
}

/**
 * What stops a file with this mapping from being used at all: no profile ID column, a column
 * filled twice, nothing to change, or a column the person's role may not change.
 */
export function mappingProblems(input: { headers: readonly string[]; mapping: ColumnMapping; role: string }): string[] {
  const problems: string[] = [];
  const byColumn = new Map<BulkColumn, string[]>();
  for (const header of input.headers) {
    const column = input.mapping[header];
    if (!column) continue;
    byColumn.set(column, [...(byColumn.get(column) ?? []), header]);
  }
  if (!byColumn.has('profileId')) {
    problems.push(
      'No column gives the profile ID: choose which column holds it (a column named profileId is found by itself).',
    );
  }
  for (const [column, headers] of byColumn) {
    if (headers.length > 1) {
      problems.push(
        `${BULK_COLUMN_LABELS[column]} comes from more than one column (${headers.map((h) => `“${h}”`).join(', ')}): keep one.`,
      );
    }
  }
  const fields = PROFILE_FIELDS.filter((field) => byColumn.has(field));
  if (fields.length === 0) {
    problems.push('No column changes anything: map at least one of Tag, Name, Email or Mobile.');
  }
  const editable = editableFields(input.role);
  for (const field of fields) {
    if (!editable.includes(field)) {
      problems.push(
        `Your role cannot change ${PROFILE_FIELD_LABELS[field]}, so the column “${byColumn.get(field)?.[0]}” cannot be used: ` +
          `remove it or leave it unmapped.` +
          (editable.length > 0 ? ` You may change ${editable.map((f) => PROFILE_FIELD_LABELS[f]).join(' and ')}.` : ''),
      );
    }
  }
  return problems;
}

/** Headers the mapping cannot tell apart: an empty one, or two of the same name. */
function headerProblems(headers: readonly string[]): string[] {
  const problems: string[] = [];
  if (headers.some((header) => header.length > BULK_MAX_CELL_CHARACTERS)) {
    problems.push(
      `A column name in the header line is longer than ${BULK_MAX_CELL_CHARACTERS.toLocaleString('en')} characters: shorten it.`,
    );
  }
  if (headers.some((header) => header.trim() === '')) {
    problems.push('A column has no name in the header line: give every column a name, or delete the empty column.');
  }
  const seen = new Set<string>();
  for (const header of headers) {
    if (header.trim() !== '' && seen.has(header)) {
      problems.push(`Two columns are both named “${header}”: rename or delete one.`);
    }
    seen.add(header);
  }
  return problems;
}

/** The profile fields a mapping fills. */
function mappedFields(mapping: ColumnMapping): ProfileField[] {
  const columns = new Set(Object.values(mapping));
  return PROFILE_FIELDS.filter((field) => columns.has(field));
}

/** What stops a file as a whole: its headers, its mapping, how many lines it has, a NUL anywhere. */
function fileProblems(input: {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  mapping: ColumnMapping;
  role: string;
}): string[] {
  const { headers, rows, mapping } = input;
  const problems = [...headerProblems(headers), ...mappingProblems({ headers, mapping, role: input.role })];
  if (rows.length > BULK_MAX_ROWS) {
    problems.push(
      `The file has ${rows.length.toLocaleString('en')} lines; one file may have at most ${BULK_MAX_ROWS.toLocaleString('en')}. Split it in two.`,
    );
  }
  if (rows.length === 0) problems.push('The file has a header but no lines to change.');
  // Refused as a whole: no cell of such a file is kept (the database cannot store a NUL).
  const withNul = [headers, ...rows].findIndex((cells) => cells.some(hasNul));
  if (withNul >= 0) {
    problems.push(
      `Line ${withNul + 1} has a control character (NUL) that text does not have: save the file again as CSV from the spreadsheet and upload it again.`,
    );
  }
  return problems;
}

/** Where a line's cells are read from: the profile ID's column, and each mapped field's. */
interface LineLayout {
  headers: readonly string[];
  idAt: number;
  fieldAt: readonly (readonly [ProfileField, number])[];
}

function lineLayout(headers: readonly string[], mapping: ColumnMapping, fields: readonly ProfileField[]): LineLayout {
  const indexOf = (column: BulkColumn) => headers.findIndex((header) => mapping[header] === column);
  return { headers, idAt: indexOf('profileId'), fieldAt: fields.map((field) => [field, indexOf(field)] as const) };
}

type LineRequest = { profileId: string; values: Record<ProfileField, string>; changed: ProfileField[] };

/**
 * What one line asks for, or what is wrong with its shape, its profile ID or its cells before
 * its values are validated. A line with a valid profile ID not seen before is recorded in
 * `firstLineOf`, so that a later line naming that profile is refused.
 */
function readLine(input: {
  cells: readonly string[];
  line: number;
  layout: LineLayout;
  firstLineOf: Map<string, number>;
}): LineRequest | { error: string } {
  const { cells, line, firstLineOf } = input;
  const { headers, idAt, fieldAt } = input.layout;
  if (cells.length !== headers.length) {
    return {
      error: `This line has ${cells.length} cells and the header ${headers.length}: check for a missing or extra comma.`,
    };
  }
  const longAt = cells.findIndex((cell) => cell.length > BULK_MAX_CELL_CHARACTERS);
  if (longAt !== -1) {
    return {
      error:
        `The cell in the column “${headers[longAt]}” has ${(cells[longAt] ?? '').length.toLocaleString('en')} characters; ` +
        `a cell may have at most ${BULK_MAX_CELL_CHARACTERS.toLocaleString('en')}. Shorten it.`,
    };
  }
  const profileId = unguardFormula(cells[idAt] ?? '').trim();
  if (!profileId) return { error: 'No profile ID on this line.' };
  if (!isProfileId(profileId)) {
    return { error: 'The profile ID is not one: it is letters, digits, - and _ only, up to 64.' };
  }
  const earlier = firstLineOf.get(profileId);
  if (earlier !== undefined) {
    return { error: `This profile is also on line ${earlier}: put each profile on one line only.` };
  }
  firstLineOf.set(profileId, line);
  const values = { tag: '', name: '', email: '', mobile: '' };
  const changed: ProfileField[] = [];
  for (const [field, at] of fieldAt) {
    const value = unguardFormula(cells[at] ?? '');
    if (value.trim() === '') continue;
    values[field] = value;
    changed.push(field);
  }
  if (changed.length === 0) return { error: 'Nothing to change on this line: every cell to change is empty.' };
  return { profileId, values, changed };
}

/** A line's invalid values in one sentence, field by field in the form's order. */
function fieldErrorsSentence(fieldErrors: Partial<Record<ProfileField, string>>): string {
  return PROFILE_FIELDS.filter((field) => fieldErrors[field])
    .map((field) => `${PROFILE_FIELD_LABELS[field]}: ${fieldErrors[field]}`)
    .join('; ');
}

/**
 * Checks every line of a file: no cell is too long, the profile ID is one, each line names a
 * profile once in the file, and each value is valid by the same schema as the form's. An empty
 * cell leaves the field as Attestr holds it. `onProgress` is told how many lines are done now
 * and then; `yieldNow`, when given, is awaited after every few milliseconds of checking, so
 * that a thread shared with other work (the server's) goes on serving it meanwhile.
 */
export async function checkBulkRows(input: {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  mapping: ColumnMapping;
  role: string;
  onProgress?: (done: number) => void;
  yieldNow?: () => Promise<void>;
}): Promise<BulkCheck> {
  const { headers, rows, mapping } = input;
  const problems = fileProblems(input);
  const fields = mappedFields(mapping);
  const result: BulkCheck = { rowCount: rows.length, fields, problems, valid: [], invalid: [] };
  if (problems.length > 0) return result;

  const layout = lineLayout(headers, mapping, fields);
  const firstLineOf = new Map<string, number>();
  let sliceStart = performance.now();
  for (let index = 0; index < rows.length; index += 1) {
    const cells = rows[index] ?? [];
    const line = index + 2;
    const invalid = (error: string) => result.invalid.push({ line, cells: [...cells], error });
    if (input.onProgress && index % 2000 === 0) input.onProgress(index);
    if (input.yieldNow && index % 64 === 0 && performance.now() - sliceStart > CHECK_SLICE_MS) {
      await input.yieldNow();
      sliceStart = performance.now();
    }
    const request = readLine({ cells, line, layout, firstLineOf });
    if ('error' in request) {
      invalid(request.error);
      continue;
    }
    const validated = await validateChangedFields({ values: request.values, changed: request.changed });
    if (!validated.ok) {
      invalid(fieldErrorsSentence(validated.fieldErrors));
      continue;
    }
    result.valid.push({ line, profileId: request.profileId, set: validated.values });
  }
  input.onProgress?.(rows.length);
  return result;
}

/** A cell that a spreadsheet would run as a formula is written with a leading '. */
function csvCell(value: string): string {
  const guarded = guardFormula(value);
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * Lines as CSV with the file's own header and an `error` column: fixed, it can be uploaded
 * again. A file that was downloaded this way before has its old `error` column replaced, so
 * that the file never has two columns of one name.
 */
export function rowsWithErrorsCsv(input: {
  headers: readonly string[];
  rows: readonly { cells: readonly string[]; error: string }[];
}): string {
  const oldError = input.headers.indexOf(ERROR_COLUMN);
  const kept = (cells: readonly string[]) => (oldError === -1 ? [...cells] : cells.filter((_, at) => at !== oldError));
  const lines = [[...kept(input.headers), ERROR_COLUMN], ...input.rows.map((row) => [...kept(row.cells), row.error])];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

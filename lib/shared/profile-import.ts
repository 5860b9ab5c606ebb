import { profileIdProblem } from '@/lib/shared/profile-id';

/**
 * A directory import's file: a column of profile IDs, every other column ignored. One set of
 * rules for the browser (the bulk page's CSV worker reads the file) and for the types the
 * import's route and pages share. Nothing here knows of HTTP, the database or the DOM.
 */

/** The most profile IDs one import may hold: as many as a bulk file's lines. */
export const IMPORT_MAX_IDS = 100_000;

/** An ID of the file that cannot be read: its line (the header is line 1), what it holds, why. */
export interface InvalidImportLine {
  line: number;
  value: string;
  error: string;
}

export interface ImportIdsCheck {
  /** Lines of data in the file (the header not counted). */
  rowCount: number;
  /** The profile IDs to read, each once, in the file's order. */
  ids: string[];
  /** Lines whose ID was already on an earlier line: counted once. */
  duplicates: number;
  invalid: InvalidImportLine[];
  /** What stops the file from being imported at all, when something does. */
  problem: string | null;
}

/** Checks the IDs of one column: each valid one kept once, the others listed with their reason. */
export function checkImportIds(input: { headers: readonly string[]; rows: readonly string[][]; column: string }) {
  const index = input.headers.indexOf(input.column);
  const seen = new Set<string>();
  const check: ImportIdsCheck = { rowCount: input.rows.length, ids: [], duplicates: 0, invalid: [], problem: null };
  input.rows.forEach((row, at) => {
    const value = (row[index] ?? '').trim();
    const line = at + 2;
    const problem = value === '' ? 'No profile ID on this line.' : profileIdProblem(value);
    if (problem) {
      check.invalid.push({ line, value, error: problem });
    } else if (seen.has(value)) {
      check.duplicates += 1;
    } else {
      seen.add(value);
      check.ids.push(value);
    }
  });
  if (check.ids.length > IMPORT_MAX_IDS) {
    check.problem = `The file has ${check.ids.length.toLocaleString('en')} profile IDs; one import may have at most ${IMPORT_MAX_IDS.toLocaleString('en')}. Split it in two.`;
  }
  return check;
}

/** An import as its page shows it. */
export interface ProfileImportView {
  id: string;
  fileName: string;
  createdBy: string | null;
  createdAt: number;
  finishedAt: number | null;
  total: number;
  /** IDs read so far, whatever they came to. */
  read: number;
  found: number;
  notFound: number;
  failed: number;
  /** Why the import waits, when it does. */
  message: string | null;
}

/** An ID of an import that was not found or could not be read, with the plain reason. */
export interface ProfileImportItemView {
  position: number;
  profileId: string;
  code: string | null;
  message: string | null;
}

/** The import, and the first of its IDs not found and failed, for its page. */
export interface ProfileImportProgress {
  import: ProfileImportView;
  notFound: ProfileImportItemView[];
  failed: ProfileImportItemView[];
}

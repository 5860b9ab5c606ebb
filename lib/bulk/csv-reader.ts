import Papa from 'papaparse';

import {
  BULK_MAX_BYTES,
  checkBulkRows,
  rowsWithErrorsCsv,
  type BulkCheck,
  type BulkRowChange,
  type ColumnMapping,
  type InvalidBulkRow,
} from '@/lib/bulk/rows';
import type { ProfileField } from '@/lib/shared/profile-fields';
import { checkImportIds, type ImportIdsCheck } from '@/lib/shared/profile-import';

/**
 * What the bulk page's Web Worker does with one file, apart from the worker itself so it can
 * be tested: it reads and parses the file, answers its headers first, and checks every line
 * on request. The lines stay in the worker; the page gets counts, the first invalid lines,
 * a sample of the changes and a ready-made download of every invalid line.
 */

/** The invalid lines the page shows; all of them are in the download. */
export const SHOWN_INVALID_ROWS = 100;
/** The changes shown as a sample. */
export const SAMPLE_CHANGES = 10;
/** Characters parsed between two progress messages. */
const CHUNK_CHARACTERS = 256 * 1024;

export type CsvWorkerRequest =
  | { type: 'read'; file: Blob }
  | { type: 'check'; mapping: ColumnMapping; role: string }
  /** A directory import's check: the profile IDs of one column, every other column ignored. */
  | { type: 'check-ids'; column: string };

/** What the page is told of a directory import's file: its IDs (each once), and the first invalid lines. */
export interface CsvIdsSummary extends ImportIdsCheck {
  /** Every invalid line, of which `invalid` holds the first SHOWN_INVALID_ROWS. */
  invalidCount: number;
}

export interface CsvCheckSummary {
  rowCount: number;
  fields: ProfileField[];
  problems: string[];
  validCount: number;
  invalidCount: number;
  /** The first invalid lines, with their reasons. */
  invalid: InvalidBulkRow[];
  /** The first lines to send, as they would be sent. */
  sample: BulkRowChange[];
  /** Every invalid line as CSV (the file's header and an error column), or null when none is. */
  invalidCsv: Blob | null;
}

export type CsvWorkerAnswer =
  | { type: 'reading'; fraction: number }
  | { type: 'headers'; headers: string[] }
  | { type: 'read'; rowCount: number }
  | { type: 'checking'; done: number; total: number }
  | { type: 'checked'; summary: CsvCheckSummary }
  | { type: 'ids-checked'; summary: CsvIdsSummary }
  | { type: 'failed'; message: string };

/** Parses CSV text a chunk at a time, handing on each row, and after each chunk the share parsed. */
function parseCsv(text: string, on: { row: (row: string[]) => void; progress: (fraction: number) => void }) {
  const total = text.length;
  let parsed = 0;
  return new Promise<void>((resolve) => {
    Papa.parse<string[]>(text, {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: CHUNK_CHARACTERS,
      chunk: (results: Papa.ParseResult<string[]>) => {
        for (const row of results.data) on.row(row);
        parsed = Math.min(total, parsed + CHUNK_CHARACTERS);
        on.progress(total === 0 ? 1 : parsed / total);
      },
      complete: () => resolve(),
    });
  });
}

/** What the page is told of a check: the counts, the first invalid lines, a sample, the download. */
function checkSummary(result: BulkCheck, headers: readonly string[]): CsvCheckSummary {
  const invalidCsv =
    result.invalid.length > 0
      ? new Blob([rowsWithErrorsCsv({ headers, rows: result.invalid })], { type: 'text/csv' })
      : null;
  return {
    rowCount: result.rowCount,
    fields: result.fields,
    problems: result.problems,
    validCount: result.valid.length,
    invalidCount: result.invalid.length,
    invalid: result.invalid.slice(0, SHOWN_INVALID_ROWS),
    sample: result.valid.slice(0, SAMPLE_CHANGES),
    invalidCsv,
  };
}

export function createCsvReader(post: (answer: CsvWorkerAnswer) => void) {
  let headers: string[] | null = null;
  let rows: string[][] = [];
  let reading: Promise<boolean> | null = null;

  async function read(file: Blob): Promise<boolean> {
    if (file.size > BULK_MAX_BYTES) {
      post({
        type: 'failed',
        message: `The file is ${megabytes(file.size)}; one file may be at most ${megabytes(BULK_MAX_BYTES)}. Split it in two.`,
      });
      return false;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      post({ type: 'failed', message: 'The file could not be read. Choose it again, or save it again and retry.' });
      return false;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    await parseCsv(text, {
      row: (row) => {
        if (headers === null) {
          // Trimmed as the server trims them, so the mapping names the same headers.
          headers = row.map((header) => header.trim());
          post({ type: 'headers', headers });
        } else {
          rows.push(row);
        }
      },
      progress: (fraction) => post({ type: 'reading', fraction }),
    });
    if (headers === null) {
      post({ type: 'failed', message: 'The file is empty: it needs a header line and a line per profile.' });
      return false;
    }
    post({ type: 'read', rowCount: rows.length });
    return true;
  }

  async function check(mapping: ColumnMapping, role: string): Promise<void> {
    if (!reading || !(await reading) || headers === null) return;
    const total = rows.length;
    const onProgress = (done: number) => post({ type: 'checking', done, total });
    const result = await checkBulkRows({ headers, rows, mapping, role, onProgress });
    post({ type: 'checked', summary: checkSummary(result, headers) });
  }

  async function checkIds(column: string): Promise<void> {
    if (!reading || !(await reading) || headers === null) return;
    const result = checkImportIds({ headers, rows, column });
    post({
      type: 'ids-checked',
      summary: { ...result, invalid: result.invalid.slice(0, SHOWN_INVALID_ROWS), invalidCount: result.invalid.length },
    });
  }

  return {
    async handle(request: CsvWorkerRequest): Promise<void> {
      if (request.type === 'read') {
        headers = null;
        rows = [];
        reading = read(request.file);
        await reading;
      } else if (request.type === 'check-ids') {
        await checkIds(request.column);
      } else {
        await check(request.mapping, request.role);
      }
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
}

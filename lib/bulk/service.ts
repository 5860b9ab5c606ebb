import 'server-only';

import { setImmediate as nextTurn } from 'node:timers/promises';

import Papa from 'papaparse';

import { bulkFileError, bulkUploadRefused } from '@/lib/bulk/errors';
import { attestrSaidText } from '@/lib/errors/attestr-said';
import { lineResult } from '@/lib/shared/bulk-line-result';
import {
  BULK_COLUMNS,
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  checkBulkRows,
  rowsWithErrorsCsv,
  type BulkCheck,
  type BulkColumn,
  type ColumnMapping,
} from '@/lib/bulk/rows';
import type { BulkJobView, BulkRowGroup, BulkRowView } from '@/lib/shared/bulk-types';
import { takeBulkUploadSlot } from '@/lib/bulk/upload-slots';
import {
  cancelBulkJob as cancelJobRecord,
  countRetryableRows,
  countRowsFinishedSince,
  countWaitingRowsOf,
  findBulkJob,
  findBulkMapping,
  insertBulkJob,
  listBulkJobRecords,
  listBulkRowRecords,
  listUnsuccessfulRows,
  moveBulkJob,
  saveBulkMapping,
  startCheckedJob,
  tallyBulkRows,
  type BulkJobRecord,
  type BulkRowRecord,
  type NewBulkRow,
} from '@/lib/db/bulk-jobs';
import { timeOrderedId } from '@/lib/db/time-ordered-id';
import { listUserNames } from '@/lib/db/users';
import { getEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors/domain-error';
import { CANNOT_SUCCEED_AGAIN_CODES } from '@/lib/errors/code-classes';
import { wakeJobs } from '@/lib/jobs/wake';
import { getLogger } from '@/lib/log';
import { can, editableFields, updatesScope } from '@/lib/shared/permissions';
import type { ProfileField } from '@/lib/shared/profile-fields';
import type { Actor } from '@/lib/updates/save';

/**
 * Lines Retry failed rows leaves out: refused for a reason sending the same line again cannot
 * change (an unknown or archived profile, …): the code table's final class, as the inbox's Retry.
 */
const CANNOT_SUCCEED_CODES = CANNOT_SUCCEED_AGAIN_CODES;

/** How far back the current pace is measured. */
const PACE_WINDOW_MS = 30_000;
const JOBS_LISTED = 100;

function parsedList<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Whether a person may see a job: their own, or anyone's when their role sees everyone's updates. */
function mayView(viewer: Actor, job: Pick<BulkJobRecord, 'created_by'>): boolean {
  if (!can(viewer.role, 'bulk:view')) return false;
  return job.created_by === viewer.userId || updatesScope(viewer.role) === 'all';
}

/** Whether a person's role may change every field a job sets. */
function mayChangeFields(role: string, fields: readonly ProfileField[]): boolean {
  const editable = editableFields(role);
  return can(role, 'bulk:update') && fields.every((field) => editable.includes(field));
}

async function jobFor(viewer: Actor, jobId: string): Promise<BulkJobRecord> {
  const job = await findBulkJob({ id: jobId });
  // A job the person may not see is answered as one that does not exist.
  if (!job || !mayView(viewer, job)) throw new DomainError('not_found', 'BULK_JOB_NOT_FOUND');
  return job;
}

async function viewOf(job: BulkJobRecord, viewer: Actor, ownerName?: string | null): Promise<BulkJobView> {
  const now = Date.now();
  const [{ byState, byPreview }, names] = await Promise.all([
    tallyBulkRows({ jobId: job.id }),
    ownerName === undefined ? listUserNames({ ids: [job.created_by] }) : Promise.resolve(null),
  ]);
  const open = ['dry_run', 'checked', 'queued', 'running', 'paused'].includes(job.state);
  const retryable =
    !open && job.purged_at === null && byState.failed + byState.conflict > 0
      ? await countRetryableRows({ jobId: job.id, leaveOut: CANNOT_SUCCEED_CODES })
      : 0;
  const fields = parsedList<ProfileField[]>(job.fields) ?? [];
  const done = byState.succeeded + byState.unchanged;
  const failed = byState.failed + byState.conflict + byState.invalid;
  const remaining = byState.pending + byState.sending;
  let rowsPerSecond: number | null = null;
  let secondsLeft: number | null = null;
  const going = job.state === 'running' || job.state === 'dry_run' || job.state === 'queued';
  if (going) {
    const since = Math.max(now - PACE_WINDOW_MS, Number(job.first_sent_at ?? job.started_at ?? job.created_at));
    const settled = await countRowsFinishedSince({ jobId: job.id, since });
    const seconds = (now - since) / 1000;
    if (settled >= 3 && seconds >= 1) {
      rowsPerSecond = settled / seconds;
      const left = job.state === 'dry_run' ? Math.max(0, job.total - sumOf(byPreview) - byState.invalid) : remaining;
      secondsLeft = left / rowsPerSecond;
    }
  }
  const viewable = mayView(viewer, job);
  return {
    id: job.id,
    fileName: job.file_name,
    state: job.state,
    dryRun: job.dry_run === 1,
    fields,
    owner: {
      id: job.created_by,
      name: ownerName !== undefined ? ownerName : (names?.get(job.created_by)?.name ?? null),
      role: job.created_by_role,
    },
    createdAt: Number(job.created_at),
    startedAt: job.started_at === null ? null : Number(job.started_at),
    firstSentAt: job.first_sent_at === null ? null : Number(job.first_sent_at),
    finishedAt: job.finished_at === null ? null : Number(job.finished_at),
    counts: {
      total: job.total,
      done,
      failed,
      skipped: byState.skipped,
      remaining,
      cancelled: byState.cancelled,
      byState,
    },
    preview: job.dry_run === 1 ? { read: sumOf(byPreview), byState: byPreview } : null,
    rowsPerSecond,
    secondsLeft,
    message: job.message,
    pausedUntil: job.paused_until === null ? null : Number(job.paused_until),
    purged: job.purged_at !== null,
    retryOf: job.retry_of,
    leftOut: Number(job.left_out),
    may: {
      pause: viewable && (job.state === 'running' || job.state === 'queued' || job.state === 'dry_run'),
      resume: viewable && job.state === 'paused',
      cancel: viewable && open,
      start: job.state === 'checked' && job.created_by === viewer.userId && mayChangeFields(viewer.role, fields),
      retryFailed: retryable > 0 && mayChangeFields(viewer.role, fields),
    },
  };
}

function sumOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

const PARSE_OPTIONS = { skipEmptyLines: 'greedy' } as const;
/** Characters parsed between two turns of the event loop (a few milliseconds' work). */
const PARSE_CHUNK_CHARACTERS = 64 * 1024;

/** Reads a CSV text into its header and lines, as the browser's worker does. */
export function parseBulkCsv(csv: string): { headers: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), PARSE_OPTIONS);
  const [headers = [], ...rows] = parsed.data;
  return { headers: headers.map((header) => header.trim()), rows };
}

/**
 * The same as parseBulkCsv, a slice at a time. A file is read and checked on the server's own
 * thread, in slices of a few milliseconds with a turn of the event loop between two, so that
 * everyone else's requests are answered meanwhile. (A worker thread would take the work off
 * the thread altogether, but its lines would come back to be stored here all the same, and it
 * would be a second bundle for Next's server build to get right; at the limits below, slices
 * keep the server answering within a few tens of milliseconds.)
 */
async function parseBulkCsvInSlices(csv: string): Promise<{ headers: string[]; rows: string[][] }> {
  const data: string[][] = [];
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
      ...PARSE_OPTIONS,
      chunkSize: PARSE_CHUNK_CHARACTERS,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        for (const row of results.data) data.push(row);
        parser.pause();
        nextTurn().then(() => parser.resume(), reject);
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  const [headers = [], ...rows] = data;
  return { headers: headers.map((header) => header.trim()), rows };
}

/** Only the file's own headers, mapped to a known column or to none. */
function cleanMapping(headers: readonly string[], mapping: ColumnMapping): ColumnMapping {
  const known = new Set<string>(BULK_COLUMNS);
  return Object.fromEntries(
    headers.map((header) => {
      const column = mapping[header];
      return [header, column && known.has(column) ? (column as BulkColumn) : null];
    }),
  );
}

/**
 * Makes a job of a file: the file is checked again here, line by line with the same rules as
 * the browser's and with the person's role; a problem with the file as a whole refuses it
 * (bulkFileError), and invalid lines are kept as such, with their reason, and never sent.
 * Nothing is sent here: a runner takes the job up in the background. A person has one file
 * checked at a time, the process a few (BULK_UPLOADS_AT_ONCE), and a file is refused while the
 * person's lines waiting to be sent would pass BULK_MAX_WAITING_LINES_PER_PERSON
 * (bulkUploadRefused).
 */
export async function createBulkJob(input: {
  actor: Actor;
  fileName: string;
  csv: string;
  mapping: ColumnMapping;
  dryRun: boolean;
}): Promise<BulkJobView> {
  const { actor } = input;
  if (!can(actor.role, 'bulk:update')) throw new DomainError('forbidden', 'FORBIDDEN');
  const env = getEnv();
  const release = takeBulkUploadSlot({ userId: actor.userId, limit: env.BULK_UPLOADS_AT_ONCE });
  try {
    return await checkAndStore({ ...input, maxWaitingLines: env.BULK_MAX_WAITING_LINES_PER_PERSON });
  } finally {
    release();
  }
}

/** Refused: the person's lines still to send, with this file's, would pass what one person may have waiting. */
function tooManyWaiting(input: { waiting: number; lines: number; maxWaitingLines: number }) {
  return bulkUploadRefused({
    code: 'BULK_TOO_MANY_WAITING_LINES',
    details:
      `Your bulk updates have ${input.waiting.toLocaleString('en')} lines still to send` +
      (input.lines > 0 ? ` and this file ${input.lines.toLocaleString('en')} more` : '') +
      `; one person may have at most ${input.maxWaitingLines.toLocaleString('en')} waiting.`,
  });
}

/** The file's header and lines, once it is known to be neither empty nor longer than one file may be. */
async function readBulkFile(csv: string): Promise<{ headers: string[]; rows: string[][] }> {
  const { headers, rows } = await parseBulkCsvInSlices(csv);
  if (headers.length === 0) throw bulkFileError({ problems: ['The file is empty: it has no header line.'] });
  if (rows.length > BULK_MAX_ROWS) {
    throw bulkFileError({
      code: 'BULK_FILE_TOO_LARGE',
      problems: [`The file has ${rows.length.toLocaleString('en')} lines; one file may have at most 100,000.`],
    });
  }
  return { headers, rows };
}

/** Valid and invalid lines together, in the file's order, as they are stored. */
function linesInFileOrder(input: {
  headers: readonly string[];
  rows: readonly string[][];
  mapping: ColumnMapping;
  checked: BulkCheck;
}): NewBulkRow[] {
  const { headers, rows, mapping, checked } = input;
  const idAt = headers.findIndex((header) => mapping[header] === 'profileId');
  // Both lists are in the file's order already: merged, not sorted.
  const byLine: NewBulkRow[] = [];
  let v = 0;
  let i = 0;
  while (v < checked.valid.length || i < checked.invalid.length) {
    const valid = checked.valid[v];
    const invalid = checked.invalid[i];
    if (valid && (!invalid || valid.line < invalid.line)) {
      byLine.push({
        line: valid.line,
        profileId: valid.profileId,
        cells: rows[valid.line - 2] ?? [],
        set: valid.set as Record<string, string>,
        error: null,
      });
      v += 1;
    } else if (invalid) {
      byLine.push({
        line: invalid.line,
        profileId: (invalid.cells[idAt] ?? '').trim().slice(0, 64),
        cells: invalid.cells,
        set: null,
        error: invalid.error,
      });
      i += 1;
    }
  }
  return byLine;
}

/** Stores the checked file as a job, keeps the person's mapping for next time, and wakes the runner. */
async function storeBulkJob(input: {
  actor: Actor;
  fileName: string;
  dryRun: boolean;
  headers: string[];
  rows: string[][];
  mapping: ColumnMapping;
  checked: BulkCheck;
}): Promise<BulkJobView> {
  const { actor, headers, rows, mapping, checked } = input;
  const byLine = linesInFileOrder({ headers, rows, mapping, checked });
  const id = timeOrderedId();
  const at = Date.now();
  await insertBulkJob({
    id,
    createdBy: actor.userId,
    createdByRole: actor.role,
    fileName: input.fileName.trim().slice(0, 255) || 'file.csv',
    headers,
    fields: checked.fields,
    dryRun: input.dryRun,
    retryOf: null,
    rows: byLine,
    at,
  });
  await saveBulkMapping({ userId: actor.userId, mapping, at });
  getLogger().info(
    { event: 'bulk.created', jobId: id, lines: rows.length, invalid: checked.invalid.length, dryRun: input.dryRun },
    'bulk update created',
  );
  wakeJobs('bulk-lines');
  return viewOf((await findBulkJob({ id })) as BulkJobRecord, actor);
}

async function checkAndStore(input: {
  actor: Actor;
  fileName: string;
  csv: string;
  mapping: ColumnMapping;
  dryRun: boolean;
  maxWaitingLines: number;
}): Promise<BulkJobView> {
  const { actor, maxWaitingLines } = input;
  if (Buffer.byteLength(input.csv) > BULK_MAX_BYTES) {
    throw bulkFileError({ code: 'BULK_FILE_TOO_LARGE', problems: ['The file is larger than 20 MB.'] });
  }
  const waiting = await countWaitingRowsOf({ userId: actor.userId });
  if (waiting >= maxWaitingLines) throw tooManyWaiting({ waiting, lines: 0, maxWaitingLines });
  const { headers, rows } = await readBulkFile(input.csv);
  const mapping = cleanMapping(headers, input.mapping);
  const checked = await checkBulkRows({ headers, rows, mapping, role: actor.role, yieldNow: () => nextTurn() });
  if (checked.problems.length > 0) throw bulkFileError({ problems: checked.problems });
  if (waiting + checked.valid.length > maxWaitingLines) {
    throw tooManyWaiting({ waiting, lines: checked.valid.length, maxWaitingLines });
  }
  return storeBulkJob({ ...input, headers, rows, mapping, checked });
}

export async function getBulkJob(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  return viewOf(await jobFor(input.viewer, input.jobId), input.viewer);
}

/** The jobs a person may see, newest first. */
export async function listBulkJobs(input: { viewer: Actor }): Promise<BulkJobView[]> {
  const { viewer } = input;
  if (!can(viewer.role, 'bulk:view')) return [];
  const jobs = await listBulkJobRecords({
    ...(updatesScope(viewer.role) === 'all' ? {} : { createdBy: viewer.userId }),
    limit: JOBS_LISTED,
  });
  const names = await listUserNames({ ids: jobs.map((job) => job.created_by) });
  return Promise.all(jobs.map((job) => viewOf(job, viewer, names.get(job.created_by)?.name ?? null)));
}

function rowView(row: BulkRowRecord): BulkRowView {
  return {
    line: row.line,
    profileId: row.profile_id,
    state: row.state,
    set: parsedList<Partial<Record<ProfileField, string>>>(row.set_values),
    preview: row.preview_state
      ? {
          state: row.preview_state,
          current: parsedList<Record<ProfileField, string>>(row.preview_current),
          changes: parsedList<ProfileField[]>(row.preview_changes) ?? [],
        }
      : null,
    result:
      row.result_message !== null || row.result_code !== null
        ? lineResult({ code: row.result_code, message: row.result_message })
        : null,
    attemptId: row.state === 'invalid' || row.state === 'cancelled' ? null : row.attempt_id,
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

export async function listBulkRows(input: {
  viewer: Actor;
  jobId: string;
  group: BulkRowGroup;
  after?: number;
  limit?: number;
}): Promise<{ rows: BulkRowView[]; next: number | null }> {
  await jobFor(input.viewer, input.jobId);
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const records = await listBulkRowRecords({
    jobId: input.jobId,
    group: input.group,
    after: input.after ?? 0,
    limit: limit + 1,
  });
  const rows = records.slice(0, limit).map(rowView);
  return { rows, next: records.length > limit ? (rows.at(-1)?.line ?? null) : null };
}

/**
 * A line's reason in the failed-rows file: the console's plain sentence, then, for a line Attestr
 * refused, Attestr's own words and code; never a code alone.
 */
function errorColumn(row: BulkRowRecord): string {
  if (row.result_message === null && row.result_code === null) return 'Not saved.';
  const result = lineResult({ code: row.result_code, message: row.result_message });
  if (!result.summary) return result.message || 'Not saved.';
  return result.said ? `${result.summary} ${attestrSaidText(result.said)}` : result.summary;
}

/** The lines that did not get through, as CSV with the file's header and an `error` column. */
export async function failedRowsCsv(input: {
  viewer: Actor;
  jobId: string;
}): Promise<{ fileName: string; csv: string }> {
  const job = await jobFor(input.viewer, input.jobId);
  // Once the file's values are deleted, only each line's profile ID is left to write out.
  const purged = job.purged_at !== null;
  const headers = purged ? ['profileId'] : (parsedList<string[]>(job.headers) ?? []);
  const rows = (await listUnsuccessfulRows({ jobId: job.id })).map((row) => ({
    cells: purged ? [row.profile_id] : (parsedList<string[]>(row.cells) ?? []),
    error: errorColumn(row),
  }));
  const base = job.file_name.replace(/\.csv$/i, '');
  return { fileName: `${base}-failed-rows.csv`, csv: rowsWithErrorsCsv({ headers, rows }) };
}

export async function getLastBulkMapping(input: { userId: string }): Promise<ColumnMapping | null> {
  const mapping = await findBulkMapping(input);
  return mapping && typeof mapping === 'object' ? (mapping as ColumnMapping) : null;
}

function stateRefusal(): never {
  throw new DomainError('invalid_state', 'BULK_JOB_STATE');
}

/** Pause: nothing more is sent until Resume; a line being sent finishes. */
export async function pauseBulkJob(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  const job = await jobFor(input.viewer, input.jobId);
  const moved = await moveBulkJob({
    id: job.id,
    from: ['queued', 'running', 'dry_run'],
    to: 'paused',
    set: { message: null },
  });
  if (!moved) stateRefusal();
  getLogger().info({ event: 'bulk.paused', jobId: job.id }, 'bulk update paused');
  return getBulkJob(input);
}

export async function resumeBulkJob(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  const job = await jobFor(input.viewer, input.jobId);
  // A job is started (started_at) by Start update; before, a paused job was in its dry run.
  const to = job.started_at === null ? 'dry_run' : 'running';
  // A deliberate go-on: lines failed with one error before the pause no longer count towards
  // pausing it again (lib/bulk/runaway.ts).
  const set = { message: null, runaway_code: null, runaway_count: 0, runaway_from_start: 0 };
  if (!(await moveBulkJob({ id: job.id, from: ['paused'], to, set }))) stateRefusal();
  getLogger().info({ event: 'bulk.resumed', jobId: job.id }, 'bulk update resumed');
  wakeJobs('bulk-lines');
  return getBulkJob(input);
}

/** Cancel: nothing more is sent; lines not sent yet are cancelled, the rest keep their true state. */
export async function cancelBulkJob(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  const job = await jobFor(input.viewer, input.jobId);
  const names = await listUserNames({ ids: [input.viewer.userId] });
  const by = names.get(input.viewer.userId)?.name ?? 'someone';
  if (!(await cancelJobRecord({ id: job.id, at: Date.now(), message: `Cancelled by ${by}.` }))) stateRefusal();
  getLogger().info({ event: 'bulk.cancelled', jobId: job.id }, 'bulk update cancelled');
  return getBulkJob(input);
}

/** Start update after a dry run: only its owner, whose role must still allow its columns. */
export async function startBulkJob(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  const job = await jobFor(input.viewer, input.jobId);
  const fields = parsedList<ProfileField[]>(job.fields) ?? [];
  if (job.created_by !== input.viewer.userId || !mayChangeFields(input.viewer.role, fields)) {
    throw new DomainError('forbidden', 'FORBIDDEN');
  }
  if (!(await startCheckedJob({ id: job.id, at: Date.now() }))) stateRefusal();
  getLogger().info({ event: 'bulk.started', jobId: job.id }, 'bulk update started after its dry run');
  wakeJobs('bulk-lines');
  return getBulkJob(input);
}

/**
 * A new job of an ended job's lines that failed or met someone else's change, with the same
 * values, owned by whoever asks (their role must allow its columns). Invalid lines need fixing
 * in the file first, and archived or missing profiles cannot change, so neither is taken: not
 * the lines a dry run skipped, nor those Attestr refused for good (CANNOT_SUCCEED_CODES),
 * whose number the new job keeps.
 */
export async function retryFailedRows(input: { viewer: Actor; jobId: string }): Promise<BulkJobView> {
  const { viewer } = input;
  const job = await jobFor(viewer, input.jobId);
  const fields = parsedList<ProfileField[]>(job.fields) ?? [];
  if (!mayChangeFields(viewer.role, fields)) throw new DomainError('forbidden', 'FORBIDDEN');
  if (['dry_run', 'checked', 'queued', 'running', 'paused'].includes(job.state)) stateRefusal();
  const failed = (await listUnsuccessfulRows({ jobId: job.id })).filter(
    (row) => (row.state === 'failed' || row.state === 'conflict') && row.set_values !== null,
  );
  // A conflict is planned again on what Attestr holds then, so it may always go through.
  const rows = failed.filter(
    (row) => row.state === 'conflict' || row.result_code === null || !CANNOT_SUCCEED_CODES.includes(row.result_code),
  );
  if (rows.length === 0) throw new DomainError('invalid_state', 'BULK_NOTHING_TO_RETRY');
  const id = timeOrderedId();
  await insertBulkJob({
    id,
    createdBy: viewer.userId,
    createdByRole: viewer.role,
    fileName: job.file_name,
    headers: parsedList<string[]>(job.headers) ?? [],
    fields,
    dryRun: false,
    retryOf: job.id,
    leftOut: failed.length - rows.length,
    rows: rows.map((row) => ({
      line: row.line,
      profileId: row.profile_id,
      cells: parsedList<string[]>(row.cells) ?? [],
      set: parsedList<Record<string, string>>(row.set_values),
      error: null,
    })),
    at: Date.now(),
  });
  getLogger().info(
    { event: 'bulk.retried', jobId: id, retryOf: job.id, lines: rows.length, leftOut: failed.length - rows.length },
    'failed lines sent again',
  );
  wakeJobs('bulk-lines');
  return getBulkJob({ viewer, jobId: id });
}

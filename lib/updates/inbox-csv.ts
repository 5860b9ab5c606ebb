import { guardFormula } from '@/lib/csv/formula-guard';
import { ROLE_LABELS, isRole } from '@/lib/shared/permissions';
import { OUTCOME_LABELS, SOURCE_LABELS, type InboxAttempt } from '@/lib/shared/inbox-view';

/** The export's columns, in order. No email or mobile value is ever among them. */
export const CSV_COLUMNS = [
  'Time (UTC)',
  'Attempt ID',
  'Profile ID',
  'Number',
  'Tag',
  'Name',
  'Who',
  'Role',
  'Source',
  'Changed fields',
  'Outcome',
  'Code',
  'Message',
  'Tracing ID',
  'Reason',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A cell a spreadsheet would run as a formula gets a leading apostrophe
 * (lib/csv/formula-guard.ts), so a tag like `=HYPERLINK(…)` stays text.
 */
export function csvCell(value: string | null | undefined): string {
  const text = guardFormula(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of the CSV, ended by CRLF. */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function attemptCsvLine(attempt: InboxAttempt): string {
  return csvLine([
    new Date(attempt.createdAt).toISOString(),
    attempt.id,
    attempt.profileId,
    attempt.profileNumber,
    attempt.profileTag,
    attempt.profileName,
    attempt.actorName ?? attempt.actorId,
    isRole(attempt.actorRole) ? ROLE_LABELS[attempt.actorRole] : attempt.actorRole,
    SOURCE_LABELS[attempt.source],
    attempt.changedFields.join(' '),
    OUTCOME_LABELS[attempt.outcome],
    attempt.errorCode,
    attempt.message,
    attempt.tracingId,
    attempt.reason,
  ]);
}

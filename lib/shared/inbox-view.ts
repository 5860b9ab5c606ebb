import type { ProfileField } from '@/lib/shared/profile-fields';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { INBOX_FILTER_KEYS } from '@/lib/shared/inbox-filter-values';

/** How an attempt to change a profile ended, or that it has not yet. */
export type AttemptOutcome = 'pending' | 'succeeded' | 'failed' | 'refused' | 'conflict' | 'unknown';
/** What started an attempt: the profile form, a retry, or a bulk job's line. */
export type AttemptSource = 'form' | 'retry' | 'bulk';

/** An attempt as the updates page and its export show it. */
export interface InboxAttempt {
  id: string;
  createdAt: number;
  profileId: string;
  /** Attestr's number for the profile, from the console's index of profiles; null if never seen. */
  profileNumber: string | null;
  /** The profile's tag and name as last seen, else as the attempt knew them. */
  profileTag: string | null;
  profileName: string | null;
  actorId: string;
  /** The actor's name now; null when the account no longer exists. */
  actorName: string | null;
  /** The actor's role when the attempt was made. */
  actorRole: string;
  source: AttemptSource;
  changedFields: ProfileField[];
  outcome: AttemptOutcome;
  errorCode: string | null;
  message: string | null;
  tracingId: string | null;
  reason: string | null;
  /** Still waiting for a person: failed or unknown, neither resolved nor found applied. */
  open: boolean;
}

/** The failed lines of one bulk job under the page's filter, shown as one row. */
export interface BulkFailureGroup {
  jobId: string;
  /** The file the job was made from; null when the job is gone. */
  fileName: string | null;
  /** How many of its lines failed (failed or unknown) under the filter. */
  failed: number;
  /** Its newest failed line: where the row stands in the list (newest first). */
  latestAt: number;
  latestId: string;
}

/** One row of the updates list: an update, or a bulk job's failed lines together. */
export type InboxRow = { kind: 'attempt'; attempt: InboxAttempt } | { kind: 'bulk'; group: BulkFailureGroup };

/** The most updates one "Resolve selected" may name. */
export const RESOLVE_SELECTED_MAX = 500;

/** Where a page of attempts ends: the next page starts strictly after it, in (created_at, id) order. */
export interface AttemptCursor {
  createdAt: number;
  id: string;
}

export const OUTCOME_LABELS: Record<AttemptOutcome | 'open', string> = {
  open: 'Open failures',
  succeeded: 'Saved',
  failed: 'Failed',
  unknown: 'Not confirmed',
  refused: 'Refused',
  conflict: 'Changed meanwhile',
  pending: 'In progress',
};

export const SOURCE_LABELS: Record<AttemptSource, string> = {
  form: 'Profile form',
  retry: 'Retry',
  bulk: 'Bulk update',
};

/**
 * The outcome the updates page opens on for a role when no filter is asked for: operations land
 * on the open failures they deal with; the others on every update.
 */
export function defaultInboxOutcome(role: string): 'open' | undefined {
  return role === 'ops' ? 'open' : undefined;
}

/** The page's filter labels, as the page names them (and an ignored one). */
export const FILTER_LABELS: Record<keyof InboxFilter, string> = {
  outcome: 'Outcome',
  code: 'Error code',
  who: 'Who',
  source: 'Source',
  from: 'From',
  to: 'To',
  q: 'Search',
};

/** What a value of each filter must look like, for the notice of one that was ignored. */
export const FILTER_HINTS: Record<keyof InboxFilter, string> = {
  outcome: 'choose one from the list',
  code: 'a code is letters, digits and _ only, like 4291',
  who: 'choose a person from the list',
  source: 'choose one from the list',
  from: 'a date is written YYYY-MM-DD',
  to: 'a date is written YYYY-MM-DD, on or after From',
  q: 'type a profile ID, number or tag of at most 100 characters',
};

/** An opaque page position for the URL. */
export function encodeCursor(cursor: AttemptCursor): string {
  // Ids and times are ASCII, so btoa (in browsers and Node alike) is enough.
  return btoa(`${cursor.createdAt}~${cursor.id}`).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The page position a URL carried, or undefined for anything this console did not write. */
export function decodeCursor(value: string | undefined): AttemptCursor | undefined {
  if (!value || value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let text: string;
  try {
    text = atob(value.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return undefined;
  }
  const match = /^(\d{1,15})~([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match) return undefined;
  return { createdAt: Number(match[1]), id: match[2] as string };
}

/** The filter as URL search params, in the page's order, leaving out those not set. */
export function filterSearchParams(filter: InboxFilter, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of INBOX_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

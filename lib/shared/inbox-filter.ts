import * as z from 'zod/mini';

import { isRetryableInInbox, RETRYABLE_IN_INBOX_CODES } from '@/lib/errors/code-classes';
import { withoutNul } from '@/lib/shared/request-text';
import {
  ANY_OUTCOME,
  ATTEMPT_OUTCOME_FILTERS,
  ATTEMPT_SOURCE_FILTERS,
  INBOX_FILTER_KEYS,
  type AttemptOutcomeFilter,
} from '@/lib/shared/inbox-filter-values';

/**
 * The filters of the updates page, as they stand in its URL: the page, the CSV export and a
 * "Retry all" run read the same ones, so a shared link, a download and a run cover the same
 * attempts. Parsed from URL search params (strings); a value that does not parse is dropped
 * rather than failing the page, and the page says which filters it could not use.
 */
export { ATTEMPT_OUTCOME_FILTERS, ATTEMPT_SOURCE_FILTERS, INBOX_FILTER_KEYS, type AttemptOutcomeFilter };

/** Whether YYYY-MM-DD names a day of the calendar: 2024-02-30 and 2024-13-45 do not. */
function isCalendarDay(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

const day = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is written YYYY-MM-DD.'),
    z.refine(isCalendarDay, 'That date is not on the calendar.'),
  );

/** `from` after `to` matches nothing, and is a mistake rather than a question. */
const TO_BEFORE_FROM = 'To must be on or after From.';

const inboxFilterFields = z.object({
  /** 'open': failed or unknown, not resolved and not settled as applied; 'all': any outcome, asked for. */
  outcome: z.optional(z.enum([...ATTEMPT_OUTCOME_FILTERS, ANY_OUTCOME])),
  /** Attestr's numeric code ("4291") or the console's ("UPSTREAM_TIMEOUT"). */
  code: z.optional(z.string().check(z.regex(/^[A-Z0-9_]{1,40}$/))),
  /** The actor's user id. */
  who: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  source: z.optional(z.enum(ATTEMPT_SOURCE_FILTERS)),
  /** Days in UTC, both included. */
  from: z.optional(day),
  to: z.optional(day),
  /** A profile id, number or tag (prefix for tags). */
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100), withoutNul('Search'))),
});

export const inboxFilterSchema = inboxFilterFields.check(
  z.refine((filter) => filter.from === undefined || filter.to === undefined || filter.from <= filter.to, {
    message: TO_BEFORE_FROM,
    path: ['to'],
  }),
);
export type InboxFilter = z.infer<typeof inboxFilterSchema>;

/**
 * Reads the filters from URL search params, keeping each one that parses. Answers the filter
 * and the names of the params it had to ignore, so the page can say so.
 */
export function parseInboxFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): {
  filter: InboxFilter;
  ignored: (keyof InboxFilter)[];
} {
  const read = (key: string): string | undefined => {
    if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const filter: Record<string, unknown> = {};
  const ignored: (keyof InboxFilter)[] = [];
  for (const key of INBOX_FILTER_KEYS) {
    const raw = read(key);
    if (raw === undefined || raw === '') continue;
    const field = inboxFilterFields.shape[key].safeParse(raw);
    if (field.success && field.data !== undefined) filter[key] = field.data;
    else ignored.push(key);
  }
  if (typeof filter.from === 'string' && typeof filter.to === 'string' && filter.from > filter.to) {
    delete filter.to;
    ignored.push('to');
  }
  return { filter: filter as InboxFilter, ignored };
}

/**
 * Error codes whose failure may go through if sent again unchanged, later: those of the classes
 * rate, daily, transient and pacing in lib/errors/codes.ts (Attestr's limits, its 5001, a
 * timeout, a dropped connection, a gateway's page, the console's own pacing). An attempt whose
 * outcome is 'unknown' is retryable too; the save path reads Attestr first, so a retry never
 * applies a change twice.
 */
export const RETRYABLE_ERROR_CODES: readonly string[] = RETRYABLE_IN_INBOX_CODES;

/** The filter as the queries read it: "any outcome" asked for is no condition on the outcome. */
export function withoutAnyOutcome(filter: InboxFilter): InboxFilter {
  return filter.outcome === ANY_OUTCOME ? { ...filter, outcome: undefined } : filter;
}

export function isRetryableAttempt(attempt: { outcome: string; errorCode: string | null }): boolean {
  if (attempt.outcome === 'unknown') return true;
  return attempt.outcome === 'failed' && attempt.errorCode !== null && isRetryableInInbox(attempt.errorCode);
}

/**
 * The values the updates page's filters can take, kept apart from their zod schema
 * (lib/shared/inbox-filter.ts) so that the page's filter form ships without zod.
 */
export const ATTEMPT_OUTCOME_FILTERS = [
  'open',
  'failed',
  'unknown',
  'conflict',
  'refused',
  'succeeded',
  'pending',
] as const;
export type AttemptOutcomeFilter = (typeof ATTEMPT_OUTCOME_FILTERS)[number];

/**
 * "Any outcome", chosen in so many words: it stands in the URL, so a role whose page opens on
 * another outcome (operations: open failures) can ask for every update and keep it.
 */
export const ANY_OUTCOME = 'all';

export const ATTEMPT_SOURCE_FILTERS = ['form', 'retry', 'bulk'] as const;

/** The filters' names, in the order the page and its URL give them. */
export const INBOX_FILTER_KEYS = ['outcome', 'code', 'who', 'source', 'from', 'to', 'q'] as const;

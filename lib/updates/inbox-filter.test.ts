import { describe, expect, it } from 'vitest';

import { INBOX_FILTER_KEYS, inboxFilterSchema, isRetryableAttempt, parseInboxFilter } from '@/lib/updates/inbox-filter';

describe('the updates page’s filters', () => {
  it('names every filter the schema knows, and no other', () => {
    expect([...INBOX_FILTER_KEYS].sort()).toEqual(Object.keys(inboxFilterSchema.shape).sort());
  });

  it('keeps each filter that parses and names those it had to ignore', () => {
    const { filter, ignored } = parseInboxFilter(
      new URLSearchParams({
        outcome: 'open',
        code: '4291',
        from: '2026-12-01',
        to: '1 Dec',
        source: 'fax',
        q: '  AA-12 ',
      }),
    );
    expect(filter).toEqual({ outcome: 'open', code: '4291', from: '2026-12-01', q: 'AA-12' });
    expect(ignored.sort()).toEqual(['source', 'to']);
  });

  it('reads the first of repeated params, as a page’s searchParams give them', () => {
    expect(parseInboxFilter({ outcome: ['failed', 'succeeded'], who: undefined }).filter).toEqual({
      outcome: 'failed',
    });
  });

  it.each([
    [{ outcome: 'unknown', errorCode: null }, true],
    [{ outcome: 'failed', errorCode: '5001' }, true],
    [{ outcome: 'failed', errorCode: 'UPSTREAM_TIMEOUT' }, true],
    [{ outcome: 'failed', errorCode: 'ATTESTR_BUDGET_WAIT' }, true],
    [{ outcome: 'failed', errorCode: '4001' }, false],
    [{ outcome: 'failed', errorCode: '40038' }, false],
    [{ outcome: 'conflict', errorCode: 'PROFILE_CHANGED' }, false],
  ])('%j is retryable: %s', (attempt, retryable) => {
    expect(isRetryableAttempt(attempt)).toBe(retryable);
  });
});

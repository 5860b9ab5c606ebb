import { describe, expect, it } from 'vitest';

import { INBOX_FILTER_KEYS, inboxFilterSchema, isRetryableAttempt, parseInboxFilter } from '@/lib/shared/inbox-filter';

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

describe('the updates page’s filters, as an attacker writes them', () => {
  it.each(['2024-13-45', '2024-02-30', '2023-02-29', '0000-00-00', '2024-00-10', '2024-04-31'])(
    'ignores the impossible date %s',
    (day) => {
      const { filter, ignored } = parseInboxFilter(new URLSearchParams({ from: day, to: day }));
      expect(filter).toEqual({});
      expect(ignored.sort()).toEqual(['from', 'to']);
    },
  );

  it('keeps real days, leap days included', () => {
    expect(parseInboxFilter(new URLSearchParams({ from: '2024-02-29', to: '2024-12-31' })).filter).toEqual({
      from: '2024-02-29',
      to: '2024-12-31',
    });
  });

  it('ignores To when it is before From, keeping From', () => {
    const { filter, ignored } = parseInboxFilter(new URLSearchParams({ from: '2026-12-02', to: '2026-12-01' }));
    expect(filter).toEqual({ from: '2026-12-02' });
    expect(ignored).toEqual(['to']);
  });

  it('ignores a search with a NUL character', () => {
    const { filter, ignored } = parseInboxFilter(new URLSearchParams({ q: 'AA\u00001', code: '4291' }));
    expect(filter).toEqual({ code: '4291' });
    expect(ignored).toEqual(['q']);
  });

  it('refuses the same in a Retry all run’s filter', () => {
    expect(inboxFilterSchema.safeParse({ from: '2024-02-30' }).success).toBe(false);
    expect(inboxFilterSchema.safeParse({ from: '2026-12-02', to: '2026-12-01' }).success).toBe(false);
    expect(inboxFilterSchema.safeParse({ q: 'a\u0000' }).success).toBe(false);
    expect(inboxFilterSchema.safeParse({ from: '2026-12-01', to: '2026-12-01', q: 'AA' }).success).toBe(true);
  });
});

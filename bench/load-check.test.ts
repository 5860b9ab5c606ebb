import { describe, expect, it } from 'vitest';

import type { TappedCall } from '@/sandbox/tap';

import { loadFailures, loadFigures, type AttemptRow, type PersonRequest } from './load-check';

const P = 'profile0000000001x';
const Q = 'profile0000000002x';

function put(profileId: string, at: number, status = 200): TappedCall {
  return {
    method: 'PUT',
    path: `/api/v1/public/factx/${profileId}`,
    profileId,
    status,
    startedAt: at,
    endedAt: at + 5,
  };
}

function attempt(id: string, profileId: string, at: number, outcome = 'succeeded', changed = '["name"]'): AttemptRow {
  return {
    id,
    profile_id: profileId,
    outcome,
    source: 'form',
    changed_fields: changed,
    sent: changed === '[]' ? '{"name":"same"}' : '{"name":"new"}',
    error_code: outcome === 'succeeded' ? null : 'CODE',
    created_at: at,
    finished_at: at + 50,
  };
}

function save(id: string, status = 200, extra: Partial<PersonRequest> = {}): PersonRequest {
  return {
    kind: 'put',
    profileId: P,
    status,
    code: status === 200 ? null : 'X',
    hang: false,
    failed: false,
    ms: 40,
    attemptId: id,
    answeredAttemptId: status === 200 ? id : null,
    ...extra,
  };
}

/** A clean run: two saves of P by people, a bulk line on Q that sent, one that found its value held. */
function clean() {
  return {
    requests: [save('a1'), save('a2'), save('a3', 429, { retryAfter: '1' })],
    attempts: [
      attempt('a1', P, 1000),
      attempt('a2', P, 2000),
      attempt('b1', Q, 1500),
      attempt('b2', Q, 2500, 'succeeded', '[]'),
    ],
    calls: [put(P, 1010), put(P, 2010), put(Q, 1510), { ...put(Q, 0), method: 'GET' }],
  };
}

describe('the load test’s invariants', () => {
  it('hold for a clean run, a 429 with Retry-After and a bulk line that sent nothing included', () => {
    expect(loadFailures(clean())).toEqual([]);
  });

  it('(a) fail on a 5xx answer', () => {
    const run = clean();
    run.requests.push(save('a4', 500));
    expect(loadFailures(run)).toEqual([expect.stringMatching(/^\(a\) 1 answer\(s\) 5xx/)]);
  });

  it('(b) fail on a request left unanswered past the deadline', () => {
    const run = clean();
    run.requests.push(save('a4', 0, { hang: true, ms: 30_000 }));
    expect(loadFailures(run)).toEqual([expect.stringMatching(/^\(b\) 1 request\(s\) not answered/)]);
  });

  it('(c) fail on a 200 whose attempt is recorded otherwise, or not at all', () => {
    const run = clean();
    run.attempts[1] = { ...(run.attempts[1] as AttemptRow), outcome: 'unknown' };
    run.requests.push(save('a9'));
    const failures = loadFailures(run);
    expect(failures[0]).toMatch(
      /^\(c\) 2 save\(s\).*a2 answered 200 is recorded 'unknown'.*a9 answered 200 is not recorded/,
    );
  });

  it('(d) fail when Attestr accepted more updates of a profile than were recorded succeeded', () => {
    const run = clean();
    run.calls.push(put(Q, 3000));
    expect(loadFailures(run)).toEqual([expect.stringMatching(/^\(d\) 1 profile\(s\).*2 accepted, 1 succeeded/)]);
  });

  it('(e) fail on an attempt recorded unknown although Attestr answered its update 200', () => {
    const run = clean();
    run.attempts.push(attempt('a5', P, 5000, 'unknown'));
    run.calls.push(put(P, 40_000));
    // The accepted update is also one more than the succeeded attempts of its profile.
    expect(loadFailures(run)).toEqual([
      expect.stringMatching(/^\(d\) 1 profile\(s\).*3 accepted, 2 succeeded/),
      expect.stringMatching(/^\(e\) 1 attempt\(s\).*a5 \(form\).*'unknown'/),
    ]);
  });

  it('(e) hold for an unknown attempt whose update Attestr never accepted', () => {
    const run = clean();
    run.attempts.push(attempt('a5', P, 5000, 'unknown'));
    run.calls.push(put(P, 5010, 0));
    expect(loadFailures(run)).toEqual([]);
  });

  it('(e) leave out an attempt that sent nothing (a conflict), whatever reached Attestr meanwhile', () => {
    const run = clean();
    // A bulk line's save of P, and a person's conflict on P while it ran: (g), not (e).
    run.attempts.push(
      { ...attempt('b3', P, 5000), source: 'bulk' },
      { ...attempt('a5', P, 5010, 'conflict'), sent: null, finished_at: 5020 },
    );
    run.calls.push(put(P, 5030));
    expect(loadFailures(run)).toEqual([
      expect.stringMatching(
        /^\(g\) 1 save\(s\).*"form during bulk":1}\): a5 \(form\) on profile0000000001x began 40 ms before b3/,
      ),
    ]);
  });

  it('(g) fail when a save of a profile starts before the one before it ended', () => {
    const run = clean();
    run.attempts[1] = { ...(run.attempts[1] as AttemptRow), created_at: 1020, source: 'bulk' };
    run.calls[1] = put(P, 1030);
    expect(loadFailures(run)).toEqual([
      expect.stringMatching(/^\(g\) 1 save\(s\).*a2 \(bulk\).*began 30 ms before a1 \(form\)/),
    ]);
  });

  it('(g) leave out a save refused because another of the profile was under way (it never had its turn)', () => {
    const run = clean();
    run.attempts.push(
      { ...attempt('b3', P, 5000), source: 'bulk', finished_at: 30_000 },
      { ...attempt('a5', P, 25_000, 'failed'), error_code: 'PROFILE_BUSY', sent: null, finished_at: 25_000 },
    );
    run.calls.push(put(P, 5030));
    expect(loadFailures(run)).toEqual([]);
  });

  it('(f) fail when no save went through at all', () => {
    expect(loadFailures({ requests: [save('x', 429, { retryAfter: '1' })], attempts: [], calls: [] })).toEqual([
      expect.stringMatching(/^\(f\)/),
    ]);
  });

  it('count what the report prints', () => {
    const run = clean();
    run.requests.push(save('a4', 409, { code: 'PROFILE_CHANGED' }), save('a5', 0, { hang: true }));
    const figures = loadFigures({ ...run, bulkLinesDone: 2 });
    expect(figures).toMatchObject({
      requests: 5,
      saves: 5,
      savesOk: 2,
      tooMany: 1,
      tooManyWithoutRetryAfter: 0,
      clientErrors: { '409 PROFILE_CHANGED': 1 },
      serverErrors: 0,
      hangs: 1,
      putsAtAttestr: { '200': 3 },
      attemptsByOutcome: { succeeded: 4 },
      bulkLinesDone: 2,
    });
  });
});

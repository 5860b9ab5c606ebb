import { describe, expect, it } from 'vitest';

import { AttestrError } from '@/lib/attestr/errors';
import { decideAfterSave as decide } from '@/lib/updates/save-error-decisions';
import { JOB_MAX_FAILURES, decideFromCode, resolveDecision } from '@/lib/jobs/policy';
import { UpdateError } from '@/lib/updates/errors';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

describe('What every kind of job does with a try that did not succeed', () => {
  it('tries again after Attestr’s 5001 with a growing back-off, and gives up at the third failure', () => {
    const decision = decideFromCode({ code: '5001', message: 'Request could not be processed' });
    expect(decision).toMatchObject({ kind: 'again', failure: true });
    const first = resolveDecision({ decision, failures: 0, now: NOW });
    const second = resolveDecision({ decision, failures: 1, now: NOW });
    expect(first).toMatchObject({ kind: 'again', failures: 1 });
    expect(second).toMatchObject({ kind: 'again', failures: 2 });
    const wait = (resolved: typeof first) => (resolved.kind === 'again' ? (resolved.nextTryAt ?? 0) - NOW : 0);
    expect(wait(first)).toBeGreaterThanOrEqual(1000);
    expect(wait(first)).toBeLessThanOrEqual(1500);
    expect(wait(second)).toBeGreaterThanOrEqual(2000);
    expect(wait(second)).toBeLessThanOrEqual(3000);
    expect(resolveDecision({ decision, failures: JOB_MAX_FAILURES - 1, now: NOW })).toMatchObject({
      kind: 'given_up',
      failures: JOB_MAX_FAILURES,
      code: '5001',
    });
  });

  it('goes again without counting a failure when the console paces itself, waiting at most ten seconds', () => {
    for (const code of ['ATTESTR_BUDGET_WAIT', 'PROFILE_BUSY', 'DATABASE_BUSY']) {
      const resolved = resolveDecision({
        decision: decideFromCode({ code, message: 'wait', retryAfterSeconds: 42 }),
        failures: 2,
        now: NOW,
      });
      expect(resolved).toEqual({ kind: 'again', failures: 2, nextTryAt: NOW + 10_000, code, message: 'wait' });
    }
    expect(
      resolveDecision({ decision: decideFromCode({ code: '4291', message: 'slow down' }), failures: 2, now: NOW }),
    ).toMatchObject({ kind: 'again', failures: 2, nextTryAt: null });
  });

  it('waits for the next day on a daily limit or a budget refusal of an hour or more', () => {
    expect(decideFromCode({ code: '4293', message: 'daily' })).toMatchObject({ kind: 'daily' });
    expect(decideFromCode({ code: 'ATTESTR_BUDGET_WAIT', message: 'share', retryAfterSeconds: 3600 })).toMatchObject({
      kind: 'daily',
    });
    expect(decideFromCode({ code: 'ATTESTR_BUDGET_WAIT', message: 'share', retryAfterSeconds: 3599 })).toMatchObject({
      kind: 'again',
      failure: false,
    });
  });

  it('pauses for Attestr refusing the console itself, and settles what no other try would change', () => {
    const refused = new UpdateError({
      kind: 'failed',
      attestr: new AttestrError({
        kind: 'http',
        code: 4035,
        method: 'PUT',
        path: '/factx/x',
        httpStatus: 403,
        message: 'Not provisioned',
      }),
    });
    expect(decide(refused)).toMatchObject({ kind: 'account', code: '4035' });
    expect(decide(new UpdateError({ kind: 'conflict' }))).toMatchObject({ kind: 'settle', reason: 'conflict' });
    expect(decide(new UpdateError({ kind: 'unknown' }))).toEqual({ kind: 'check' });
    expect(decide(new UpdateError({ kind: 'refused', code: 'FORBIDDEN' }))).toMatchObject({
      kind: 'settle',
      reason: 'refused',
      code: 'FORBIDDEN',
    });
    expect(decide(new Error('boom'))).toMatchObject({ kind: 'again', failure: true, code: 'INTERNAL' });
  });
});

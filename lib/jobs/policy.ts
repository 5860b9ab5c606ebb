import 'server-only';

import { classOf } from '@/lib/errors/code-classes';
import { PROFILE_FIELDS, PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';

/**
 * What every kind of background job does with a try that did not succeed: how often a transient
 * failure is tried again and after what back-off, how long pacing is waited out, and what a daily
 * limit or a refusal of the console itself comes to. Which code is which is the class the error
 * code table gives it (lib/errors/codes.ts). Each kind then applies the decision to its own
 * records (lib/bulk/line-jobs.ts, lib/updates/retry-all-jobs.ts).
 */

/** Transient failures a job survives before it is failed: Attestr's 5001, timeouts, lost connections. */
export const JOB_MAX_FAILURES = 3;
/** A budget refusal this long or longer is the background share of the day used up. */
export const BUDGET_DAY_SECONDS = 3600;
/** The longest a pacing refusal is waited out before the work goes again. */
const PACING_MAX_SECONDS = 10;

/** The wait before the next try after `failures` failed ones, with jitter; whole milliseconds (stored as bigint). */
export const backoffMs = (failures: number): number =>
  Math.round(1000 * 2 ** Math.max(0, failures - 1) * (1 + Math.random() / 2));

/** What becomes of a piece of work after a try that did not succeed. */
export type Decision =
  /**
   * Final: no other try. `reason` says whether the update failed, was refused before anything
   * was sent (not allowed, not found, invalid), or met someone else's change.
   */
  | { kind: 'settle'; reason: 'failed' | 'refused' | 'conflict'; code: string | null; message: string }
  /** Try again later, as another attempt; `failure` counts it towards JOB_MAX_FAILURES. */
  | { kind: 'again'; failure: boolean; code: string | null; message: string; retryAfterMs?: number }
  /** A daily limit: the job waits for the next UTC day. */
  | { kind: 'daily'; code: string; message: string }
  /** The console's own access to Attestr: the job pauses for an administrator. */
  | { kind: 'account'; code: string; message: string }
  /** Sent, or maybe sent: what Attestr holds decides. */
  | { kind: 'check' };

/** A decision once the tries are counted: 'again' becomes either a next try or the final failure. */
export type Resolved =
  | Exclude<Decision, { kind: 'again' }>
  | { kind: 'again'; failures: number; nextTryAt: number | null; code: string | null; message: string }
  | { kind: 'given_up'; failures: number; code: string | null; message: string };

/** A try that threw something other than a refusal or an outcome: a fault of the console, tried again. */
export const CONSOLE_FAULT: Decision = {
  kind: 'again',
  failure: true,
  code: 'INTERNAL',
  message: 'The console hit an error while sending.',
};

export function decideFromCode(input: {
  code: string | null;
  message: string;
  fieldErrors?: Partial<Record<ProfileField, string>>;
  retryAfterSeconds?: number;
  reason?: 'failed' | 'refused';
}): Decision {
  const { code, message } = input;
  switch (code === null ? undefined : classOf(code)) {
    case 'pacing': {
      const seconds = input.retryAfterSeconds ?? 1;
      if (code === 'ATTESTR_BUDGET_WAIT' && seconds >= BUDGET_DAY_SECONDS) {
        return { kind: 'daily', code, message };
      }
      return {
        kind: 'again',
        failure: false,
        code,
        message,
        retryAfterMs: Math.min(seconds, PACING_MAX_SECONDS) * 1000,
      };
    }
    case 'rate':
      return { kind: 'again', failure: false, code, message };
    case 'daily':
      return { kind: 'daily', code: code as string, message };
    case 'console_access':
      return { kind: 'account', code: code as string, message };
    case 'transient':
      return { kind: 'again', failure: true, code, message };
    default: {
      const fields = input.fieldErrors
        ? PROFILE_FIELDS.filter((field) => input.fieldErrors?.[field])
            .map((field) => `${PROFILE_FIELD_LABELS[field]}: ${input.fieldErrors?.[field]}`)
            .join('; ')
        : '';
      return { kind: 'settle', reason: input.reason ?? 'failed', code, message: fields || message };
    }
  }
}

/**
 * Counts a decision's try: a failure beyond JOB_MAX_FAILURES is given up on; another try waits a
 * back-off after a failure, a pacing refusal's Retry-After, or nothing after a rate limit.
 */
export function resolveDecision(input: { decision: Decision; failures: number; now: number }): Resolved {
  const { decision, now } = input;
  if (decision.kind !== 'again') return decision;
  const failures = input.failures + (decision.failure ? 1 : 0);
  if (failures >= JOB_MAX_FAILURES) {
    return { kind: 'given_up', failures, code: decision.code, message: decision.message };
  }
  return {
    kind: 'again',
    failures,
    nextTryAt: decision.failure
      ? now + backoffMs(failures)
      : decision.retryAfterMs !== undefined
        ? now + decision.retryAfterMs
        : null,
    code: decision.code,
    message: decision.message,
  };
}

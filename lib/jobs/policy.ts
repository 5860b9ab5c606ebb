import 'server-only';

import { UpdateError } from '@/lib/updates/errors';
import { PROFILE_FIELDS, PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/profiles/schema';

/**
 * What every kind of background job does with a try that did not succeed: the one place that
 * says which codes pace, which are worth another try and how often, which are final, and which
 * mean Attestr refuses the console itself. Each kind then applies the decision to its own
 * records (lib/jobs/kinds/*).
 *
 * The code sets are written out here until the error code table gives each code its class; they
 * are then to be derived from it.
 */

/** Transient failures a job survives before it is failed: Attestr's 5001, timeouts, lost connections. */
export const JOB_MAX_FAILURES = 3;
const DAY_MS = 86_400_000;

/** Attestr's per-second limits: nothing was done, go again at once without counting a failure. */
export const RATE_CODES: ReadonlySet<string> = new Set(['4291', '4292']);
/**
 * The console's own pacing: its budget gave way to people, another save of the profile was under
 * way, the database pool was full. Nothing was sent; the work goes again shortly, and it is no
 * failed try.
 */
export const PACING_CODES: ReadonlySet<string> = new Set(['ATTESTR_BUDGET_WAIT', 'PROFILE_BUSY', 'DATABASE_BUSY']);
/** A budget refusal this long or longer is the background share of the day used up. */
export const BUDGET_DAY_SECONDS = 3600;
/** The longest a pacing refusal is waited out before the work goes again. */
const PACING_MAX_SECONDS = 10;
/** Attestr's daily limits: background work waits for the next UTC day. */
export const DAILY_CODES: ReadonlySet<string> = new Set(['4293', '4294']);
/** Refusals of the console itself (its token, its account): every job would meet them. */
export const ACCOUNT_CODES: ReadonlySet<string> = new Set(['4005', '4016', '4031', '4035', '4039']);
/** Worth another try after a back-off, up to JOB_MAX_FAILURES. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  '5001',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_BAD_RESPONSE',
  'INTERNAL',
]);

export type CodeClass = 'pacing' | 'rate' | 'daily' | 'account' | 'transient' | 'final';

export function classifyCode(code: string | null): CodeClass {
  if (code === null) return 'final';
  if (PACING_CODES.has(code)) return 'pacing';
  if (RATE_CODES.has(code)) return 'rate';
  if (DAILY_CODES.has(code)) return 'daily';
  if (ACCOUNT_CODES.has(code)) return 'account';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  return 'final';
}

export const nextUtcMidnight = (now: number): number => (Math.floor(now / DAY_MS) + 1) * DAY_MS;

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

export function decideFromCode(input: {
  code: string | null;
  message: string;
  fieldErrors?: Partial<Record<ProfileField, string>>;
  retryAfterSeconds?: number;
  reason?: 'failed' | 'refused';
}): Decision {
  const { code, message } = input;
  switch (classifyCode(code)) {
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
    case 'account':
      return { kind: 'account', code: code as string, message };
    case 'transient':
      return { kind: 'again', failure: true, code, message };
    case 'final': {
      const fields = input.fieldErrors
        ? PROFILE_FIELDS.filter((field) => input.fieldErrors?.[field])
            .map((field) => `${PROFILE_FIELD_LABELS[field]}: ${input.fieldErrors?.[field]}`)
            .join('; ')
        : '';
      return { kind: 'settle', reason: input.reason ?? 'failed', code, message: fields || message };
    }
  }
}

/** What a try's error comes to; an error other than UpdateError is a transient failure of the console. */
export function decide(error: unknown): Decision {
  if (!(error instanceof UpdateError)) {
    return { kind: 'again', failure: true, code: 'INTERNAL', message: 'The console hit an error while sending.' };
  }
  switch (error.kind) {
    case 'unknown':
      return { kind: 'check' };
    case 'in_progress':
      return { kind: 'again', failure: false, code: null, message: 'Being sent already.' };
    case 'conflict':
      return {
        kind: 'settle',
        reason: 'conflict',
        code: 'PROFILE_CHANGED',
        message: 'Someone else changed this profile meanwhile; it is in the updates inbox.',
      };
    case 'failed':
      if (error.attestr) {
        return decideFromCode({
          code: String(error.attestr.code),
          message: error.attestr.message,
          ...(error.attestr.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: error.attestr.retryAfterSeconds }
            : {}),
        });
      }
      return decideFromCode({ code: error.code, message: error.message });
    default:
      return decideFromCode({
        code: error.code,
        message: error.message,
        reason: 'refused',
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      });
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

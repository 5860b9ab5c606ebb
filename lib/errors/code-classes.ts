import { attestrErrorCodes, consoleErrorCodes, type ErrorClass } from '@/lib/errors/codes';

/**
 * The sets of codes each part of the console acts on, derived from the class each code has in
 * lib/errors/codes.ts, so that a code means the same everywhere and adding one is one entry
 * there. Codes are read as strings, the way attempts and bulk lines record them ("4291",
 * "UPSTREAM_TIMEOUT"); Attestr's numeric codes are accepted too. A code the table does not list
 * has no class and belongs to no set.
 */

export interface CodeClasses {
  /** The class of a code, or undefined for one the table does not list. */
  classOf(code: number | string): ErrorClass | undefined;
  /** Every listed code of a class, as strings, in the table's order. */
  codesOf(errorClass: ErrorClass): readonly string[];
  /**
   * The codes of a failure that may go through if sent again unchanged, later, without anyone
   * changing anything: rate and daily limits, passing faults and the console's own pacing. An
   * attempt whose outcome is unknown is retryable too, whatever its code.
   */
  retryableInInbox: readonly string[];
}

/** Retrying from the updates page: a limit that passes, a passing fault, the console's pacing. */
const RETRYABLE_IN_INBOX: readonly ErrorClass[] = ['rate', 'daily', 'transient', 'pacing'];

/** The sets derived from a table of codes and their classes; exported for its test. */
export function deriveCodeClasses(table: Iterable<readonly [string | number, { class: ErrorClass }]>): CodeClasses {
  const classes = new Map<string, ErrorClass>();
  for (const [code, entry] of table) classes.set(String(code), entry.class);
  const byClass = new Map<ErrorClass, string[]>();
  for (const [code, errorClass] of classes) byClass.set(errorClass, [...(byClass.get(errorClass) ?? []), code]);
  return {
    classOf: (code) => classes.get(String(code)),
    codesOf: (errorClass) => byClass.get(errorClass) ?? [],
    retryableInInbox: [...classes]
      .filter(([, errorClass]) => RETRYABLE_IN_INBOX.includes(errorClass))
      .map(([code]) => code),
  };
}

const table = deriveCodeClasses([...attestrErrorCodes, ...Object.entries(consoleErrorCodes)]);

export const classOf = table.classOf;
export const codesOfClass = table.codesOf;

/** A per-second (or per-minute) limit: wait a moment and go again; it is no failed try. */
export const isRateCode = (code: number | string): boolean => classOf(code) === 'rate';
/** A daily allowance used up: wait for the next UTC day. */
export const isDailyCode = (code: number | string): boolean => classOf(code) === 'daily';
/** A passing fault: worth sending again shortly, counted as a failed try. */
export const isTransientCode = (code: number | string): boolean => classOf(code) === 'transient';
/** The console held it back itself: nothing was sent; go again later without counting a failure. */
export const isPacingCode = (code: number | string): boolean => classOf(code) === 'pacing';
/** The console itself cannot use Attestr (token, credits, provisioning): background work pauses. */
export const pausesBackgroundWork = (code: number | string): boolean => classOf(code) === 'console_access';

/** See CodeClasses#retryableInInbox. */
export const RETRYABLE_IN_INBOX_CODES: readonly string[] = table.retryableInInbox;
export const isRetryableInInbox = (code: number | string): boolean => RETRYABLE_IN_INBOX_CODES.includes(String(code));

/**
 * The codes of a failure that sending the same again cannot help (class `final`: an archived
 * profile, an id Attestr does not know, values it refused): the updates page offers no Retry
 * for them, the retry route refuses them and "Retry all" leaves them out.
 */
export const CANNOT_SUCCEED_AGAIN_CODES: readonly string[] = table.codesOf('final');
export const cannotSucceedAgain = (code: number | string): boolean => classOf(code) === 'final';

/**
 * Every error code the console can show, Attestr's documented ones and the console's own, in
 * one table: the HTTP status, the plain sentence a person reads, what to do next (for a save,
 * for a profile that failed to load, for an error that marks fields) and who must act. Adding
 * a code is one entry here. Shared by the Attestr client, the sandbox, the route handlers and
 * the pages, so it holds no secrets and imports nothing.
 */

/**
 * Who or what resolves an error: drives the heading over the advice (lib/shared/error-headings.ts),
 * whether the user is blamed and whether a retry may succeed. `wait`: it passes within a minute
 * or so; `tomorrow`: a daily allowance is used up, until the next day or until an administrator
 * raises it; `check`: Attestr may have applied the save anyway, so the profile has to be
 * reloaded before saving again.
 */
export type ErrorActor = 'editor' | 'admin' | 'nobody' | 'wait' | 'tomorrow' | 'check';

/**
 * What sending the same again can achieve: drives background work (bulk lines, "Retry all" runs),
 * the budget's back-off and which failures the updates page offers to retry
 * (lib/errors/code-classes.ts derives each set from here).
 * - `rate`: a limit per second or minute was met; it passes within seconds.
 * - `daily`: a daily allowance is used up; it passes the next UTC day (or when raised).
 * - `transient`: a passing fault (Attestr's 5001, a timeout, a dropped connection, a gateway's
 *   page): worth sending again shortly, and counted as a failed try.
 * - `pacing`: the console held it back itself (its budget, another save of the profile, a busy
 *   pool): nothing was sent; go again later without counting a failure.
 * - `console_access`: the console itself cannot use Attestr (its token, credits, provisioning,
 *   address): every call would meet it, so background work pauses for an administrator.
 * - `unconfirmed`: it may have been applied; read what Attestr holds before sending again.
 * - `final`: sending the same again cannot help: the values, the id or the state must change.
 */
export type ErrorClass = 'rate' | 'daily' | 'transient' | 'pacing' | 'console_access' | 'unconfirmed' | 'final';

/** Where an error is shown: the answer to a save, or the profile page failing to load. */
export type ErrorContext = 'save' | 'load';

export interface ErrorCodeEntry {
  /**
   * Attestr's codes: the status Attestr answers with. The console's codes: the status of the
   * console's own answer.
   */
  httpStatus: number;
  /**
   * Attestr's codes only: the status the console answers its own caller with. Attestr's 401 and
   * 403 are about the console's credentials, not the person's session, so they become 502.
   */
  consoleStatus?: number;
  /** Attestr's codes: Attestr's own words, passed on verbatim. The console's: its plain message. */
  message: string;
  /** What sending the same again can achieve (see ErrorClass). */
  class: ErrorClass;
  /** The plain sentence a person reads first, when `message` is not one (Attestr's wording). */
  summary?: string;
  actor: ErrorActor;
  /** One plain sentence on what to do next, and who can do it. */
  advice: string;
  /** The advice instead when the error marks fields of the form, which are then highlighted. */
  fieldsAdvice?: string;
  /** The advice instead when loading a profile failed, where `advice` speaks of saving. */
  loadAdvice?: string;
  /**
   * The advice on an update's page to whoever may retry it, where `advice` speaks to the person
   * saving; when absent it is worked out from `class` (lib/shared/error-advice.ts).
   */
  inboxAdvice?: string;
  /** For whoever fixes it, shown under Technical details: the setting or place to look. */
  technicalHint?: string;
  /** The console's codes that pass by themselves: the Retry-After of its answer, in seconds. */
  retryAfterSeconds?: number;
}

const ADMIN_NOT_YOU = 'nothing you typed is at fault';

/** Attestr's documented codes (the Update Profile API page), keyed by number. */
const attestrTable = {
  4001: {
    httpStatus: 400,
    consoleStatus: 422,
    message: 'Malformed data or missing required parameter values',
    summary: 'Attestr did not accept one or more of the values.',
    class: 'final',
    actor: 'editor',
    // Attestr names the field at fault only in some `details`; without that nothing is marked.
    advice: 'Check each field, especially the email and mobile formats, then save again.',
    fieldsAdvice: 'Correct the highlighted fields and save again.',
    loadAdvice: 'Check the profile ID; if it is right, tell an administrator that Attestr refused to read it.',
    inboxAdvice:
      'Sending it again cannot help: Attestr refused a value. Open it in the profile’s form to correct it, or resolve it with a note.',
  },
  4005: {
    httpStatus: 400,
    consoleStatus: 402,
    message: 'Operation could not be performed due to low credits balance',
    summary: 'The account has run out of Attestr credits.',
    class: 'console_access',
    actor: 'admin',
    advice:
      'An administrator must top up the balance with Attestr. Then save again; your edits are kept until you leave the page.',
    loadAdvice: 'An administrator must top up the balance with Attestr. Then try loading the profile again.',
    inboxAdvice: 'An administrator must top up the balance with Attestr. Then Retry sends it again.',
  },
  40018: {
    httpStatus: 400,
    consoleStatus: 404,
    message: 'Invalid profile Id or you do not have access to this record',
    summary: 'Attestr has no profile with this ID that this account can open.',
    class: 'final',
    actor: 'editor',
    advice:
      'Check the profile ID. If it is right, the profile belongs to another Attestr account and cannot be edited from here.',
    inboxAdvice:
      'Sending it again cannot help: Attestr has no profile with this ID that this account can open. Resolve it with a note saying what was done.',
  },
  40038: {
    httpStatus: 400,
    consoleStatus: 409,
    message: 'Profile is archived already, operation not allowed',
    summary: 'This profile is archived at Attestr.',
    class: 'final',
    actor: 'nobody',
    advice: 'Archived profiles cannot be changed by anyone. If this person needs checks again, create a new profile.',
    inboxAdvice:
      'Sending it again cannot help: archived profiles cannot be changed by anyone. Resolve it as one that cannot change.',
  },
  4016: {
    httpStatus: 401,
    consoleStatus: 502,
    message: 'Invalid client authorization',
    summary: 'Attestr did not accept the console’s access key.',
    class: 'console_access',
    actor: 'admin',
    advice: `An administrator must replace the console’s Attestr access key; ${ADMIN_NOT_YOU}.`,
    technicalHint: 'The key is the ATTESTR_AUTH_TOKEN setting; it is wrong or has been revoked.',
  },
  4031: {
    httpStatus: 403,
    consoleStatus: 502,
    message: 'Unauthorized access',
    summary: 'Attestr refused the console’s access.',
    class: 'console_access',
    actor: 'admin',
    advice: `An administrator must check the console’s app registration in the Attestr dashboard; ${ADMIN_NOT_YOU}.`,
  },
  4035: {
    httpStatus: 403,
    consoleStatus: 502,
    message: 'Requested service is not provisioned for your account',
    summary: 'The profile service is not switched on for this Attestr account.',
    class: 'console_access',
    actor: 'admin',
    advice: `An administrator must ask Attestr to enable it; ${ADMIN_NOT_YOU}.`,
  },
  4039: {
    httpStatus: 403,
    consoleStatus: 502,
    message: "Client's IP address is not whitelisted",
    summary: 'Attestr does not accept calls from the console’s server.',
    class: 'console_access',
    actor: 'admin',
    advice: `An administrator must add the server’s address to the app’s allowed list at Attestr; ${ADMIN_NOT_YOU}.`,
    technicalHint: 'Add the server’s outgoing IP address to the app’s IP whitelist in the Attestr dashboard.',
  },
  4291: {
    httpStatus: 429,
    consoleStatus: 429,
    message: 'Maximum account rate limit exceeded',
    summary: 'Too many requests in a short time.',
    class: 'rate',
    actor: 'wait',
    advice: 'Wait a few seconds and save again; your edits are kept.',
    loadAdvice: 'Wait a few seconds, then try loading the profile again.',
  },
  4292: {
    httpStatus: 429,
    consoleStatus: 429,
    message: 'Maximum API rate limit exceeded',
    summary: 'Too many requests in a short time.',
    class: 'rate',
    actor: 'wait',
    advice: 'Wait a few seconds and save again; your edits are kept.',
    loadAdvice: 'Wait a few seconds, then try loading the profile again.',
  },
  4293: {
    httpStatus: 429,
    consoleStatus: 429,
    message: 'Maximum account daily limit exceeded',
    summary: 'The account has used up its allowance of requests for today.',
    class: 'daily',
    actor: 'tomorrow',
    advice: 'Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
  },
  4294: {
    httpStatus: 429,
    consoleStatus: 429,
    message: 'Maximum API daily limit exceeded',
    summary: 'The allowance of profile requests for today is used up.',
    class: 'daily',
    actor: 'tomorrow',
    advice: 'Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
  },
  5001: {
    httpStatus: 500,
    consoleStatus: 502,
    message: 'Request could not be processed',
    summary: 'Attestr had a problem on its side and could not complete the request.',
    class: 'transient',
    actor: 'wait',
    advice:
      'Save again in a minute; if it keeps failing, tell an administrator and give them the tracing ID (under Technical details), which Attestr support asks for.',
    loadAdvice:
      'Try loading the profile again in a minute; if it keeps failing, tell an administrator and give them the tracing ID (under Technical details), which Attestr support asks for.',
  },
  // Documented for Archive Profile only.
  4003: {
    httpStatus: 400,
    consoleStatus: 422,
    message: 'Request id is invalid',
    summary: 'Attestr did not recognise the request.',
    class: 'final',
    actor: 'editor',
    advice: 'Check the profile ID and try again.',
  },
  40039: {
    httpStatus: 400,
    consoleStatus: 422,
    message: 'Async request type cannot be associated with the profile',
    summary: 'Attestr does not allow this on this profile.',
    class: 'final',
    actor: 'nobody',
    advice: 'It cannot be done from the console.',
  },
} as const satisfies Record<number, ErrorCodeEntry & { consoleStatus: number; summary: string }>;

/** The console's own codes: for an exchange with Attestr that went wrong, and for its own refusals. */
const consoleTable = {
  UPSTREAM_TIMEOUT: {
    httpStatus: 504,
    message: 'Attestr did not answer in time',
    class: 'transient',
    actor: 'wait',
    advice: 'Nothing was changed. Save again in a minute; if it keeps happening, tell an administrator.',
    loadAdvice: 'Try loading the profile again in a minute; if it keeps happening, tell an administrator.',
    technicalHint: 'The wait is the ATTESTR_TIMEOUT_MS setting.',
  },
  UPSTREAM_UNREACHABLE: {
    httpStatus: 502,
    message: 'Attestr could not be reached',
    class: 'transient',
    actor: 'wait',
    advice:
      'Save again in a minute; if it keeps failing, tell an administrator to check the network and the console’s Attestr address setting.',
    loadAdvice:
      'Try loading the profile again in a minute; if it keeps failing, tell an administrator to check the network and the console’s Attestr address setting.',
    technicalHint: 'The address is the ATTESTR_BASE_URL setting.',
  },
  UPSTREAM_BAD_RESPONSE: {
    httpStatus: 502,
    message: 'Attestr sent an answer the console could not read',
    class: 'transient',
    actor: 'wait',
    advice: 'This is usually a short outage on the way to Attestr, and nothing was changed. Save again in a minute.',
    loadAdvice: 'This is usually a short outage on the way to Attestr. Try loading the profile again in a minute.',
  },
  // The console's own share of Attestr's limits (lib/attestr/budget.ts): the answer carries
  // Retry-After, and the form adds how long to wait.
  ATTESTR_BUDGET_WAIT: {
    httpStatus: 429,
    message: 'The console has used its share of Attestr’s limit for the moment',
    class: 'pacing',
    actor: 'wait',
    advice: 'Nothing was sent, and your edits are kept.',
    loadAdvice: 'Nothing was asked of Attestr. Try loading the profile again shortly.',
    technicalHint:
      'The shares are the ATTESTR_RATE_LIMIT_PER_SEC, ATTESTR_DAILY_LIMIT and ATTESTR_INTERACTIVE_SHARE settings.',
  },
  UPDATE_OUTCOME_UNKNOWN: {
    httpStatus: 504,
    message: 'Attestr did not confirm whether it saved your changes',
    class: 'unconfirmed',
    actor: 'check',
    advice:
      'The update was sent, but no answer from Attestr confirmed it, so it is not known whether your changes were saved. Check at Attestr to see whether they are there before saving again; your edits are still in the form.',
  },
  UPDATE_INTERRUPTED: {
    httpStatus: 504,
    message: 'The console stopped before this update’s outcome was known',
    class: 'unconfirmed',
    actor: 'check',
    advice:
      'The update may or may not have reached Attestr. Check at Attestr to see whether the change is there before sending it again.',
  },
  PROFILE_BUSY: {
    httpStatus: 409,
    message: 'Another save of this profile is still on its way to Attestr',
    class: 'pacing',
    actor: 'wait',
    retryAfterSeconds: 5,
    advice: 'Nothing was sent, and your edits are kept. Save again in a few seconds.',
    loadAdvice: 'Nothing was asked of Attestr. Try again in a few seconds.',
  },
  DATABASE_BUSY: {
    httpStatus: 503,
    message: 'The console is too busy to answer just now',
    class: 'pacing',
    actor: 'wait',
    retryAfterSeconds: 2,
    advice: 'Nothing was changed, and your edits are kept. Try again in a few seconds.',
    loadAdvice: 'Try again in a few seconds.',
    technicalHint: 'Every connection of the console’s database pool was in use for 5 seconds.',
  },
  UPDATE_IN_PROGRESS: {
    httpStatus: 409,
    message: 'This save is still in progress',
    class: 'pacing',
    actor: 'wait',
    advice: 'Wait a moment for its outcome, then reload the profile to see it.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    httpStatus: 422,
    message: 'This save was already made with other values',
    class: 'final',
    actor: 'editor',
    advice: 'Reload the page and make the change again.',
  },
  ATTEMPT_NOT_FOUND: {
    httpStatus: 404,
    message: 'That update is not on record',
    class: 'final',
    actor: 'editor',
    advice: 'Reload the profile to see what Attestr holds now.',
  },
  RETRY_RUN_ACTIVE: {
    httpStatus: 409,
    message: 'A “Retry all” run is already going',
    class: 'final',
    actor: 'wait',
    advice: 'Watch it on the updates page, or stop it there before starting another.',
  },
  NOTHING_TO_RETRY: {
    httpStatus: 409,
    message: 'No update in this view can be retried',
    class: 'final',
    actor: 'nobody',
    advice:
      'Only open failures that may go through when sent again are retried (rate limits, Attestr’s 5001, timeouts, dropped connections, unconfirmed saves). Change the filters to see others.',
  },
  RETRY_RUN_NOT_FOUND: {
    httpStatus: 404,
    message: 'That “Retry all” run is not on record',
    class: 'final',
    actor: 'nobody',
    advice: 'Reload the updates page to see the current run.',
  },
  ATTEMPT_NOT_OPEN: {
    httpStatus: 409,
    message: 'This update is already resolved',
    class: 'final',
    actor: 'editor',
    advice: 'Nothing was sent. Reload the page to see how it was resolved and what Attestr holds.',
  },
  BULK_FILE_INVALID: {
    httpStatus: 422,
    message: 'This file cannot be used as it is',
    class: 'final',
    actor: 'editor',
    advice: 'Nothing was sent. Fix what is listed (or choose other columns), then check the file again.',
  },
  BULK_FILE_TOO_LARGE: {
    httpStatus: 413,
    message: 'This file is too large',
    class: 'final',
    actor: 'editor',
    advice:
      'Nothing was sent. A file may have up to a hundred thousand lines and 20 MB: split it and upload each part.',
  },
  // The answer carries Retry-After (lib/bulk/upload-slots.ts).
  BULK_UPLOAD_IN_PROGRESS: {
    httpStatus: 429,
    message: 'Another upload of yours is still being checked',
    class: 'pacing',
    actor: 'wait',
    advice: 'Nothing was sent. Try again when it finishes: it takes a few seconds for a large file.',
  },
  BULK_UPLOADS_BUSY: {
    httpStatus: 503,
    message: 'The console is checking other people’s files just now',
    class: 'pacing',
    actor: 'wait',
    advice: 'Nothing was sent. Try again in a few seconds.',
    technicalHint: 'Files checked at once by each instance: the BULK_UPLOADS_AT_ONCE setting.',
  },
  BULK_TOO_MANY_WAITING_LINES: {
    httpStatus: 409,
    message: 'Your bulk updates already have too many lines waiting to be sent',
    class: 'final',
    actor: 'wait',
    advice:
      'Nothing was sent. Wait for your bulk updates under way to finish, or cancel one you no longer need, then upload this file again.',
    technicalHint: 'The limit is the BULK_MAX_WAITING_LINES_PER_PERSON setting.',
  },
  BULK_JOB_NOT_FOUND: {
    httpStatus: 404,
    message: 'That bulk update is not on record',
    class: 'final',
    actor: 'nobody',
    advice: 'Go back to Bulk updates to see the ones you may open.',
  },
  BULK_JOB_STATE: {
    httpStatus: 409,
    message: 'This bulk update cannot do that now',
    class: 'final',
    actor: 'wait',
    advice: 'Nothing was changed. Reload the page to see where it stands now.',
  },
  BULK_NOTHING_TO_RETRY: {
    httpStatus: 409,
    message: 'No line of this bulk update can be sent again',
    class: 'final',
    actor: 'nobody',
    advice:
      'Only lines that failed or met someone else’s change are sent again. Invalid lines must be fixed in the file first: download the failed rows, fix them and upload the file.',
  },
  ATTEMPT_NOT_RETRYABLE: {
    httpStatus: 409,
    message: 'This update cannot be sent again as it was',
    class: 'final',
    actor: 'editor',
    advice:
      'Nothing was sent. Its record does not say enough to repeat it safely: make the change again in the profile’s form.',
  },
  UPSTREAM_UNKNOWN_ERROR: {
    httpStatus: 502,
    message: 'Attestr returned an error the console does not recognise',
    class: 'final',
    actor: 'admin',
    advice:
      'An administrator must raise this with Attestr support; send them the tracing ID (under Technical details) and the time it happened.',
  },
  INVALID_PROFILE_ID: {
    httpStatus: 400,
    message: 'That is not a valid profile ID',
    class: 'final',
    actor: 'editor',
    advice: 'A profile ID has 1 to 64 letters, digits, dashes or underscores, like AX1LgghsxZsJZUwYvN.',
  },
  VALIDATION_FAILED: {
    httpStatus: 422,
    message: 'Some fields need correcting',
    class: 'final',
    actor: 'editor',
    advice: 'Check each field and save again.',
    fieldsAdvice: 'Correct the highlighted fields and save again.',
  },
  BAD_REQUEST: {
    httpStatus: 400,
    message: 'The request could not be read',
    class: 'final',
    actor: 'editor',
    advice: 'Reload the page and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    message: 'The request is too large',
    class: 'final',
    actor: 'editor',
    advice: 'Shorten the values and save again.',
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    message: 'Sign in to continue',
    class: 'final',
    actor: 'editor',
    advice: 'Your session has ended. Sign in again; unsaved edits on this page are kept until you leave it.',
  },
  FORBIDDEN: {
    httpStatus: 403,
    message: 'Your role does not allow this',
    class: 'final',
    actor: 'admin',
    advice: 'Ask an administrator if you need this permission.',
  },
  FIELD_NOT_ALLOWED: {
    httpStatus: 403,
    message: 'Your role cannot change some of these fields',
    class: 'final',
    actor: 'editor',
    advice: 'Undo the changes to the locked fields, or ask someone whose role allows them.',
  },
  PROFILE_CHANGED: {
    httpStatus: 409,
    message: 'Someone else changed this profile after you opened it',
    class: 'final',
    actor: 'editor',
    advice:
      'Someone else saved other values in the marked fields, and yours are kept in the form. Save again to replace theirs with yours, or discard your changes.',
    inboxAdvice:
      'Nothing was sent: someone else changed the same fields first. Look at the profile before changing it again.',
  },
  CROSS_SITE_REQUEST: {
    httpStatus: 403,
    message: 'Request refused: it did not come from the console itself',
    class: 'final',
    actor: 'editor',
    advice: 'Open the console directly and try again.',
  },
  INVALID_CREDENTIALS: {
    httpStatus: 401,
    message: 'Email or password is incorrect',
    class: 'final',
    actor: 'editor',
    advice: 'Check both and try again. After several failures, sign-in pauses for a while.',
  },
  CURRENT_PASSWORD_WRONG: {
    httpStatus: 400,
    message: 'The current password is not right',
    class: 'final',
    actor: 'editor',
    advice: 'Type your current password again; nothing was changed.',
  },
  ACCOUNT_DISABLED: {
    httpStatus: 403,
    message: 'This account is disabled',
    class: 'final',
    actor: 'admin',
    advice: 'Ask an administrator to enable it again.',
  },
  TOO_MANY_SIGN_IN_ATTEMPTS: {
    httpStatus: 429,
    message: 'Too many failed sign-in attempts',
    class: 'rate',
    actor: 'wait',
    advice: 'Wait before trying again, or ask an administrator to reset your password.',
  },
  USER_EXISTS: {
    httpStatus: 409,
    message: 'A user with this email already exists',
    class: 'final',
    actor: 'editor',
    advice: 'Use another email, or change the existing user instead.',
  },
  SELF_CHANGE: {
    httpStatus: 400,
    message: 'You cannot disable yourself or change your own role',
    class: 'final',
    actor: 'editor',
    advice: 'Ask another administrator to do it, so the console always keeps one.',
  },
  LAST_ADMIN: {
    httpStatus: 409,
    message: 'At least one active administrator must remain',
    class: 'final',
    actor: 'editor',
    advice:
      'Nothing was changed: this would leave no one able to manage users. Make someone else an administrator first, then try again.',
  },
  CONSOLE_UNREACHABLE: {
    httpStatus: 503,
    message: 'The console could not be reached',
    class: 'transient',
    actor: 'wait',
    advice: 'Check your network connection, then try again. Your edits are kept.',
  },
  NOT_FOUND: {
    httpStatus: 404,
    message: 'Not found',
    class: 'final',
    actor: 'editor',
    advice: 'Check the address and try again.',
  },
  INTERNAL: {
    httpStatus: 500,
    message: 'Something went wrong in the console',
    class: 'transient',
    actor: 'wait',
    advice: 'Try again. If it keeps happening, tell an administrator the time it happened.',
  },
  PROFILE_IMPORT_NOT_FOUND: {
    httpStatus: 404,
    message: 'That import is not on record',
    class: 'final',
    actor: 'nobody',
    advice: 'Go back to Import profile IDs to see the imports there are.',
  },
  ATTEMPT_CANNOT_SUCCEED: {
    httpStatus: 409,
    message: 'Sending this update again cannot help',
    class: 'final',
    actor: 'editor',
    advice:
      'Nothing was sent. Attestr refused it for a reason that sending it again does not change. Open it in the profile’s form to change it, or resolve it with a note.',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type AttestrCode = keyof typeof attestrTable;
export type ConsoleErrorCode = keyof typeof consoleTable;

/** Attestr's documented codes. */
export const attestrErrorCodes: ReadonlyMap<number, ErrorCodeEntry> = new Map(
  Object.entries(attestrTable).map(([code, entry]) => [Number(code), entry]),
);

/** The console's own codes, by name. */
export const consoleErrorCodes: Readonly<Record<ConsoleErrorCode, ErrorCodeEntry>> = consoleTable;

/** The documented entry for an Attestr code, or undefined for a code the docs do not list. */
export function describeAttestrCode(code: number): ErrorCodeEntry | undefined {
  return attestrErrorCodes.get(code);
}

export function isConsoleErrorCode(code: unknown): code is ConsoleErrorCode {
  return typeof code === 'string' && Object.hasOwn(consoleTable, code);
}

/**
 * The entry for any code an error can carry. An Attestr code the docs do not list reads as
 * UPSTREAM_UNKNOWN_ERROR, an unknown console code as INTERNAL.
 */
export function describeErrorCode(code: number | string): ErrorCodeEntry {
  if (typeof code === 'number') return describeAttestrCode(code) ?? consoleTable.UPSTREAM_UNKNOWN_ERROR;
  return isConsoleErrorCode(code) ? consoleTable[code] : consoleTable.INTERNAL;
}

/**
 * Attestr's documented error codes (see the Update Profile API page), with what a person
 * using the console can do about each. Shared by the client, the sandbox and the UI, so it
 * holds no secrets and imports nothing server-side.
 */

/**
 * Who or what resolves an error: drives the heading over the advice (lib/api/error-headings.ts)
 * and whether the user is blamed. `wait`: it passes within a minute or so; `tomorrow`: a daily
 * allowance is used up, until the next day or until an administrator raises it; `check`: Attestr
 * may have applied the save anyway, so the profile has to be reloaded before saving again.
 */
export type ErrorActor = 'editor' | 'admin' | 'nobody' | 'wait' | 'tomorrow' | 'check';

/** Where an error is shown: the answer to a save, or the profile page failing to load. */
export type ErrorContext = 'save' | 'load';

export interface AttestrErrorCode {
  code: number;
  httpStatus: number;
  message: string;
  actor: ErrorActor;
  /** One plain sentence on what to do next, and who can do it. */
  advice: string;
  /** The advice instead when the error marks fields of the form, which are then highlighted. */
  fieldsAdvice?: string;
  /** The advice instead when loading a profile failed, where `advice` speaks of saving. */
  loadAdvice?: string;
  /** The form field the error is about, when there is one. */
  field?: 'tag' | 'name' | 'email' | 'mobile';
}

const table = [
  {
    code: 4001,
    httpStatus: 400,
    message: 'Malformed data or missing required parameter values',
    actor: 'editor',
    // Attestr names the field at fault only in some `details`; without that nothing is marked.
    advice: 'Check each field, especially the email and mobile formats, then save again.',
    fieldsAdvice: 'Correct the highlighted fields and save again.',
    loadAdvice: 'Check the profile ID; if it is right, tell an administrator that Attestr refused to read it.',
  },
  {
    code: 4005,
    httpStatus: 400,
    message: 'Operation could not be performed due to low credits balance',
    actor: 'admin',
    advice:
      'The account has run out of Attestr credits. Ask an administrator to top up the balance with Attestr, then save again; your edits are kept.',
    loadAdvice:
      'The account has run out of Attestr credits. Ask an administrator to top up the balance with Attestr, then try loading the profile again.',
  },
  {
    code: 40018,
    httpStatus: 400,
    message: 'Invalid profile Id or you do not have access to this record',
    actor: 'editor',
    advice:
      'Check the profile ID. If it is right, the profile belongs to another Attestr account and cannot be edited from here.',
  },
  {
    code: 40038,
    httpStatus: 400,
    message: 'Profile is archived already, operation not allowed',
    actor: 'nobody',
    advice: 'Archived profiles cannot be changed by anyone. If this person needs checks again, create a new profile.',
  },
  {
    code: 4016,
    httpStatus: 401,
    message: 'Invalid client authorization',
    actor: 'admin',
    advice:
      'The console’s Attestr token is wrong or has been revoked. An administrator must update ATTESTR_AUTH_TOKEN; nothing you typed is at fault.',
  },
  {
    code: 4031,
    httpStatus: 403,
    message: 'Unauthorized access',
    actor: 'admin',
    advice:
      'Attestr refused the console’s credentials. An administrator must check the app registration in the Attestr dashboard; nothing you typed is at fault.',
  },
  {
    code: 4035,
    httpStatus: 403,
    message: 'Requested service is not provisioned for your account',
    actor: 'admin',
    advice:
      'The profile service is not enabled for this Attestr account. An administrator must ask Attestr to enable it; nothing you typed is at fault.',
  },
  {
    code: 4039,
    httpStatus: 403,
    message: "Client's IP address is not whitelisted",
    actor: 'admin',
    advice:
      'Attestr does not accept calls from this server’s IP address. An administrator must add it to the app’s IP whitelist; nothing you typed is at fault.',
  },
  {
    code: 4291,
    httpStatus: 429,
    message: 'Maximum account rate limit exceeded',
    actor: 'wait',
    advice: 'Too many requests in a short time. Wait a few seconds and save again; your edits are kept.',
    loadAdvice: 'Too many requests in a short time. Wait a few seconds, then try loading the profile again.',
  },
  {
    code: 4292,
    httpStatus: 429,
    message: 'Maximum API rate limit exceeded',
    actor: 'wait',
    advice: 'Too many requests in a short time. Wait a few seconds and save again; your edits are kept.',
    loadAdvice: 'Too many requests in a short time. Wait a few seconds, then try loading the profile again.',
  },
  {
    code: 4293,
    httpStatus: 429,
    message: 'Maximum account daily limit exceeded',
    actor: 'tomorrow',
    advice:
      'The account has used its daily allowance. Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
  },
  {
    code: 4294,
    httpStatus: 429,
    message: 'Maximum API daily limit exceeded',
    actor: 'tomorrow',
    advice:
      'The daily allowance for this API is used up. Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
  },
  {
    code: 5001,
    httpStatus: 500,
    message: 'Request could not be processed',
    actor: 'wait',
    advice:
      'Attestr could not process the request. Save again in a minute; if it keeps failing, send the tracing ID below to Attestr support.',
    loadAdvice:
      'Attestr could not process the request. Try loading the profile again in a minute; if it keeps failing, send the tracing ID to Attestr support.',
  },
  // Documented for Archive Profile only.
  {
    code: 4003,
    httpStatus: 400,
    message: 'Request id is invalid',
    actor: 'editor',
    advice: 'Check the profile ID and try again.',
  },
  {
    code: 40039,
    httpStatus: 400,
    message: 'Async request type cannot be associated with the profile',
    actor: 'nobody',
    advice: 'Attestr does not allow this operation on this profile, so it cannot be done from the console.',
  },
] as const satisfies readonly AttestrErrorCode[];

export type AttestrCode = (typeof table)[number]['code'];

export const attestrErrorCodes: ReadonlyMap<number, AttestrErrorCode> = new Map(
  table.map((entry) => [entry.code, entry]),
);

/** The documented entry for an Attestr code, or undefined for a code the docs do not list. */
export function describeAttestrCode(code: number): AttestrErrorCode | undefined {
  return attestrErrorCodes.get(code);
}

/** Errors the console raises itself, when Attestr gave no usable answer. */
export const consoleErrorCodes = {
  UPSTREAM_TIMEOUT: {
    httpStatus: 504,
    message: 'Attestr did not answer in time',
    actor: 'wait',
    advice: 'Nothing was changed. Save again in a minute; if it keeps happening, tell an administrator.',
    loadAdvice: 'Try loading the profile again in a minute; if it keeps happening, tell an administrator.',
  },
  UPSTREAM_UNREACHABLE: {
    httpStatus: 502,
    message: 'Attestr could not be reached',
    actor: 'wait',
    advice:
      'The connection to Attestr failed. Save again in a minute; if it keeps failing, an administrator should check the network and ATTESTR_BASE_URL.',
    loadAdvice:
      'The connection to Attestr failed. Try loading the profile again in a minute; if it keeps failing, an administrator should check the network and ATTESTR_BASE_URL.',
  },
  UPSTREAM_BAD_RESPONSE: {
    httpStatus: 502,
    message: 'Attestr sent an answer the console could not read',
    actor: 'wait',
    advice: 'This is usually a passing outage in front of Attestr, and nothing was changed. Save again in a minute.',
    loadAdvice: 'This is usually a passing outage in front of Attestr. Try loading the profile again in a minute.',
  },
  UPDATE_OUTCOME_UNKNOWN: {
    httpStatus: 504,
    message: 'Attestr did not confirm whether it saved your changes',
    actor: 'check',
    advice:
      'The update reached Attestr, or may have, but no answer came back. Check at Attestr to see whether your changes are there before saving again; your edits are still in the form.',
  },
  UPDATE_IN_PROGRESS: {
    httpStatus: 409,
    message: 'This save is still in progress',
    actor: 'wait',
    advice: 'Wait a moment for its outcome, then reload the profile to see it.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    httpStatus: 422,
    message: 'This save was already made with other values',
    actor: 'editor',
    advice: 'Reload the page and make the change again.',
  },
  ATTEMPT_NOT_FOUND: {
    httpStatus: 404,
    message: 'That update is not on record',
    actor: 'editor',
    advice: 'Reload the profile to see what Attestr holds now.',
  },
  UPSTREAM_UNKNOWN_ERROR: {
    httpStatus: 502,
    message: 'Attestr returned an error the console does not recognise',
    actor: 'admin',
    advice: 'An administrator must raise this with Attestr; send them the tracing ID and the time it happened.',
  },
  INVALID_PROFILE_ID: {
    httpStatus: 400,
    message: 'That is not a valid profile ID',
    actor: 'editor',
    advice: 'A profile ID has 1 to 64 letters, digits, dashes or underscores, like AX1LgghsxZsJZUwYvN.',
  },
  VALIDATION_FAILED: {
    httpStatus: 422,
    message: 'Some fields need correcting',
    actor: 'editor',
    advice: 'Check each field and save again.',
    fieldsAdvice: 'Correct the highlighted fields and save again.',
  },
  BAD_REQUEST: {
    httpStatus: 400,
    message: 'The request could not be read',
    actor: 'editor',
    advice: 'Reload the page and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    message: 'The request is too large',
    actor: 'editor',
    advice: 'Shorten the values and save again.',
  },
  UNAUTHENTICATED: {
    httpStatus: 401,
    message: 'Sign in to continue',
    actor: 'editor',
    advice: 'Your session has ended. Sign in again; unsaved edits on this page are kept until you leave it.',
  },
  FORBIDDEN: {
    httpStatus: 403,
    message: 'Your role does not allow this',
    actor: 'admin',
    advice: 'Ask an administrator if you need this permission.',
  },
  FIELD_NOT_ALLOWED: {
    httpStatus: 403,
    message: 'Your role cannot change some of these fields',
    actor: 'editor',
    advice: 'Undo the changes to the locked fields, or ask someone whose role allows them.',
  },
  PROFILE_CHANGED: {
    httpStatus: 409,
    message: 'Someone else changed this profile after you opened it',
    actor: 'editor',
    advice:
      'Someone else saved other values in the marked fields, and yours are kept in the form. Save again to replace theirs with yours, or discard your changes.',
  },
  CROSS_SITE_REQUEST: {
    httpStatus: 403,
    message: 'Request refused: it did not come from the console itself',
    actor: 'editor',
    advice: 'Open the console directly and try again.',
  },
  INVALID_CREDENTIALS: {
    httpStatus: 401,
    message: 'Email or password is incorrect',
    actor: 'editor',
    advice: 'Check both and try again. After several failures, sign-in pauses for a while.',
  },
  ACCOUNT_DISABLED: {
    httpStatus: 403,
    message: 'This account is disabled',
    actor: 'admin',
    advice: 'Ask an administrator to enable it again.',
  },
  TOO_MANY_SIGN_IN_ATTEMPTS: {
    httpStatus: 429,
    message: 'Too many failed sign-in attempts',
    actor: 'wait',
    advice: 'Wait before trying again, or ask an administrator to reset your password.',
  },
  USER_EXISTS: {
    httpStatus: 409,
    message: 'A user with this email already exists',
    actor: 'editor',
    advice: 'Use another email, or change the existing user instead.',
  },
  SELF_CHANGE: {
    httpStatus: 400,
    message: 'You cannot disable yourself or change your own role',
    actor: 'editor',
    advice: 'Ask another administrator to do it, so the console always keeps one.',
  },
  CONSOLE_UNREACHABLE: {
    httpStatus: 503,
    message: 'The console could not be reached',
    actor: 'wait',
    advice: 'Check your network connection, then try again. Your edits are kept.',
  },
  NOT_FOUND: {
    httpStatus: 404,
    message: 'Not found',
    actor: 'editor',
    advice: 'Check the address and try again.',
  },
  INTERNAL: {
    httpStatus: 500,
    message: 'Something went wrong in the console',
    actor: 'wait',
    advice: 'Try again. If it keeps happening, tell an administrator the time it happened.',
  },
} as const satisfies Record<string, Omit<AttestrErrorCode, 'code'>>;

export type ConsoleErrorCode = keyof typeof consoleErrorCodes;

/**
 * Attestr's own words about an error, as a person must be able to quote them to Attestr's
 * support or a colleague: its message verbatim and its code. Shown beside the console's plain
 * sentence wherever an error is (a save's result, an update's page, a bulk line, a profile that
 * did not load), never folded away. Shared by the Attestr client, the server and the pages, so
 * it imports nothing.
 */
export interface AttestrSaid {
  /** Attestr's message, as it sent it (possibly empty). */
  message: string;
  /** Attestr's numeric code, documented or not. */
  code: number;
}

/** How much of an undocumented answer's message is kept in the error's details. */
export const UNKNOWN_CODE_MESSAGE_LIMIT = 300;

/**
 * The details of an answer whose code Attestr does not document (the console's
 * UPSTREAM_UNKNOWN_ERROR): the status, Attestr's code and its words. Read back by
 * `attestrSaid`, so both live here.
 */
export function unknownCodeDetails(input: { httpStatus: number; code: number; message: string }): string {
  return `Attestr answered HTTP ${input.httpStatus}, code ${input.code}: ${input.message.slice(0, UNKNOWN_CODE_MESSAGE_LIMIT)}`;
}

const UNKNOWN_CODE_DETAILS = /^Attestr answered HTTP \d{3}, code (-?\d{1,15}): ([\s\S]*)$/;

/**
 * What Attestr itself said, for an error it answered: a documented code (the message is
 * Attestr's own), or one it does not document (kept in the details). Null for the console's own
 * errors (a refusal, a wait for its share of the limits, a conflict, no answer at all), for
 * which nothing must be put in Attestr's mouth.
 */
export function attestrSaid(error: {
  code: number | string;
  message: string;
  details?: string | null | undefined;
}): AttestrSaid | null {
  if (typeof error.code === 'number') return { message: error.message, code: error.code };
  if (error.code === 'UPSTREAM_UNKNOWN_ERROR' && error.details) {
    const match = UNKNOWN_CODE_DETAILS.exec(error.details);
    if (match) return { code: Number(match[1]), message: match[2] ?? '' };
  }
  return null;
}

/** The line as a person reads it, and as a copy of it quotes it: Attestr said: “…” (40038). */
export function attestrSaidText(said: AttestrSaid): string {
  return said.message.trim() === ''
    ? `Attestr gave no message (${said.code})`
    : `Attestr said: “${said.message}” (${said.code})`;
}

/**
 * An error in one line, where there is room for no more (a status line, a fallback): the plain
 * sentence, what to do, then Attestr's own words and code when Attestr answered.
 */
export function errorInOneLine(error: {
  code: number | string;
  message: string;
  summary?: string;
  advice: string;
  details?: string | null | undefined;
}): string {
  const sentence = (error.summary ?? error.message).replace(/[.!?]$/, '');
  const said = attestrSaid(error);
  return `${sentence}. ${error.advice}${said ? ` ${attestrSaidText(said)}.` : ''}`;
}

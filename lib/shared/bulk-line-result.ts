import { attestrSaid, type AttestrSaid } from '@/lib/errors/attestr-said';
import { describeErrorCode } from '@/lib/errors/codes';

/**
 * A line's outcome as its record keeps it (a code, Attestr's or the console's, and a message)
 * and as the job's page shows it: for a code Attestr answered, the console's plain sentence for
 * it, then Attestr's own words and code; for the console's own, its message as it is.
 */

const AFTER_TRIES = /^Not saved after (\d+) tries: ([\s\S]*)$/;

/** The message of a line given up on after `failures` tries, ending with the last answer's. */
export function afterTries(failures: number, message: string): string {
  return `Not saved after ${failures} tries: ${message}`;
}

export interface LineResult {
  /** Attestr's code or the console's; null when none was kept. */
  code: string | null;
  /** The message as recorded (Attestr's words for an Attestr code), as the failed-rows file has it. */
  message: string;
  /** The plain sentence to read first, when the message is Attestr's own words. */
  summary?: string;
  /** Attestr's own words and code, for a line Attestr refused. */
  said?: AttestrSaid;
}

export function lineResult(record: { code: string | null; message: string | null }): LineResult {
  const message = record.message ?? '';
  const base = { code: record.code, message };
  if (record.code === null || !/^\d{1,15}$/.test(record.code)) return base;
  // An Attestr code: the plain sentence from the table; its words, when kept, quoted after it.
  const tries = AFTER_TRIES.exec(message);
  const words = tries ? (tries[2] ?? '') : message;
  const entry = describeErrorCode(Number(record.code));
  const plain = entry.summary ?? entry.message;
  const summary = tries ? afterTries(Number(tries[1]), plain) : plain;
  const said = words === '' ? null : attestrSaid({ code: Number(record.code), message: words });
  return { ...base, summary, ...(said ? { said } : {}) };
}

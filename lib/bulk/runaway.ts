import 'server-only';

import { countRunawayLine, moveBulkJob, type RunawayRun } from '@/lib/db/bulk-jobs';
import { classOf } from '@/lib/errors/code-classes';
import { describeErrorCode } from '@/lib/errors/codes';
import { getLogger } from '@/lib/log';

/**
 * A bulk job that cannot succeed stops itself: when its first lines, or lines one after another,
 * all fail with the same final error (a wrong column of IDs, a file of archived profiles), it
 * pauses before it fills the updates inbox with one failure per line. Which errors count is
 * their class in the code table (lib/errors/codes.ts): only a final one, which sending the same
 * again cannot mend. The count lives in the job's record, made one line at a time in one
 * statement (lib/db/bulk-jobs.ts), so that several lines settled at once, by one instance or
 * several, count each once; Resume starts it again.
 */

/** Lines failed with the same final error, one after another, that pause a job. */
export const RUNAWAY_LINES = 20;

/** What to check, for the errors a file's own column is the likely cause of. */
const WHAT_TO_CHECK: Record<string, string> = {
  '40018': 'Check the file’s profile ID column',
  '40038': 'Check that the file lists the right profiles',
  '4001': 'Check the file’s values, especially the email and mobile columns',
};

/** The error in the words a person reads first: the console's plain sentence, never a code. */
function plainWords(code: string): string {
  const entry = describeErrorCode(/^\d{1,15}$/.test(code) ? Number(code) : code);
  return (entry.summary ?? entry.message).replace(/[.\s]+$/, '');
}

/** Why the job paused, with an example line and what to do next. */
export function runawayMessage(run: Pick<RunawayRun, 'code' | 'line' | 'profileId' | 'fromStart'>): string {
  const code = run.code ?? '';
  const which = run.fromStart ? `the first ${RUNAWAY_LINES} lines` : `${RUNAWAY_LINES} lines in a row`;
  const example =
    run.line === null ? '' : ` (e.g. line ${run.line}${run.profileId ? `, profile ${run.profileId}` : ''})`;
  const check = WHAT_TO_CHECK[code] ?? 'Check the file’s lines';
  return `Paused: ${which} failed with “${plainWords(code)}”${example}. ${check}, then Resume or Cancel.`;
}

/** Whether a line's failure counts towards a runaway: a final error, which sending again cannot mend. */
export function isRunawayError(code: string | null): code is string {
  return code !== null && classOf(code) === 'final';
}

/**
 * Counts a line just settled: failed with `code` (a final error), or anything else (`code`
 * null), which ends the run. Pauses the job once the run reaches RUNAWAY_LINES; a job paused
 * already, by this or by a person, is left as it is.
 */
export async function noteSettledLine(input: {
  jobId: string;
  line: number;
  profileId: string;
  failedWith: string | null;
}): Promise<void> {
  const code = isRunawayError(input.failedWith) ? input.failedWith : null;
  const run = await countRunawayLine({ jobId: input.jobId, code, line: input.line, profileId: input.profileId });
  if (!run || run.code === null || run.count < RUNAWAY_LINES) return;
  const paused = await moveBulkJob({
    id: input.jobId,
    from: ['queued', 'running'],
    to: 'paused',
    set: { message: runawayMessage(run) },
  });
  if (paused) {
    getLogger().warn(
      { event: 'bulk.runaway_paused', jobId: input.jobId, code: run.code, lines: run.count },
      'bulk update paused: its lines keep failing with the same error',
    );
  }
}

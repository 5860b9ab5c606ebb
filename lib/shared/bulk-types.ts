import type { LineResult } from '@/lib/shared/bulk-line-result';
import type { ProfileField } from '@/lib/shared/profile-fields';

/**
 * A bulk job as the pages and the API show it. A job made with a dry run reads every profile
 * first ('dry_run'), then waits for Start update ('checked'); either way it is then 'queued'
 * until a server instance takes it up, 'running', perhaps 'paused' by a person, and ends
 * 'finished' or 'cancelled'. Before all that, while its lines are being written to the
 * database, it is 'storing': seen by no page, taken up by no runner.
 */
export type BulkJobState =
  'storing' | 'dry_run' | 'checked' | 'queued' | 'running' | 'paused' | 'finished' | 'cancelled';

/**
 * One line of a job: waiting ('pending'), claimed and being sent ('sending'), or settled:
 * saved, already so at Attestr ('unchanged'), refused or failed, changed meanwhile by someone
 * else ('conflict', in the updates inbox), invalid in the file, skipped (a dry run found the
 * profile archived or missing), or cancelled before it was sent.
 */
export type BulkRowState =
  'pending' | 'sending' | 'succeeded' | 'unchanged' | 'failed' | 'conflict' | 'invalid' | 'skipped' | 'cancelled';

/** What a dry run found for a line. */
export type BulkPreviewState = 'changes' | 'no_change' | 'archived' | 'not_found' | 'failed';

/** The groups of lines the job page filters on. */
export const BULK_ROW_GROUPS = ['all', 'done', 'failed', 'skipped', 'remaining', 'cancelled'] as const;
export type BulkRowGroup = (typeof BULK_ROW_GROUPS)[number];

export const BULK_ROW_GROUP_STATES: Record<Exclude<BulkRowGroup, 'all'>, readonly BulkRowState[]> = {
  done: ['succeeded', 'unchanged'],
  failed: ['failed', 'conflict', 'invalid'],
  skipped: ['skipped'],
  remaining: ['pending', 'sending'],
  cancelled: ['cancelled'],
};

export interface BulkJobCounts {
  total: number;
  /** Saved, or already held by Attestr. */
  done: number;
  /** Failed, conflicts and invalid lines. */
  failed: number;
  /** Lines not sent because a dry run found their profile archived or missing: no failure. */
  skipped: number;
  /** Still to send, or being sent. */
  remaining: number;
  cancelled: number;
  byState: Record<BulkRowState, number>;
}

export interface BulkPreviewCounts {
  /** Lines read so far. */
  read: number;
  byState: Record<BulkPreviewState, number>;
}

export interface BulkJobView {
  id: string;
  fileName: string;
  state: BulkJobState;
  /** Whether the job began with a dry run. */
  dryRun: boolean;
  /** The profile fields the file sets. */
  fields: ProfileField[];
  owner: { id: string; name: string | null; role: string };
  createdAt: number;
  /** When Start update was pressed (for a dry run, later than createdAt). */
  startedAt: number | null;
  /** When the first call of the update went to Attestr. */
  firstSentAt: number | null;
  finishedAt: number | null;
  counts: BulkJobCounts;
  /** For a job that began with a dry run: what it found. */
  preview: BulkPreviewCounts | null;
  /** Lines settled per second over the last half minute; null when too few to tell. */
  rowsPerSecond: number | null;
  /** Seconds left at that rate; null when it cannot be told. */
  secondsLeft: number | null;
  /** Why it waits, or how it ended, in plain words. */
  message: string | null;
  pausedUntil: number | null;
  /** The file and the lines' values were deleted after the retention period. */
  purged: boolean;
  /** The job whose failed lines this one sends again. */
  retryOf: string | null;
  /** For such a job: the failed lines left out, refused for good (an archived or unknown profile, …). */
  leftOut: number;
  /** What the person viewing may do with it now. */
  may: { pause: boolean; resume: boolean; cancel: boolean; start: boolean; retryFailed: boolean };
}

export interface BulkRowView {
  line: number;
  profileId: string;
  state: BulkRowState;
  /** The values the line sets; null once purged. */
  set: Partial<Record<ProfileField, string>> | null;
  /** What a dry run read, and what it would change. */
  preview: {
    state: BulkPreviewState;
    current: Record<ProfileField, string> | null;
    changes: ProfileField[];
  } | null;
  /**
   * Attestr's code or the console's, and the reason: in plain words, and for a line Attestr
   * refused, Attestr's own words and code too.
   */
  result: LineResult | null;
  /** The save's attempt in the audit trail (links to /updates/[attemptId]). */
  attemptId: string | null;
  finishedAt: number | null;
}

/** What a bulk update about to start will ask of Attestr, as the server counts it. */
export interface BulkEstimate {
  lines: number;
  dryRun: boolean;
  /** A dry run's read, or an update's read, update and read back (lib/updates/save.ts). */
  callsPerLine: number;
  calls: number;
  /** Seconds at background work's whole rate (nobody saving by hand), and at its part while people save. */
  seconds: { fastest: number; whilePeopleSave: number };
  /** Background work's calls a UTC day, those used today, and those left today. */
  allowance: { daily: number; usedToday: number; leftToday: number };
  /** The calls as a share of background work's daily allowance, in percent. */
  sharePercent: number;
}

import type { ColumnType } from 'kysely';

import type { BulkJobState, BulkPreviewState, BulkRowState } from '@/lib/shared/bulk-types';
import type { AttemptOutcome, AttemptSource } from '@/lib/shared/inbox-view';

/** The console's own tables. Better Auth's tables (user, session, account, verification) are its own. */
export interface SignInThrottleTable {
  /** 'email:<address>' or 'ip:<address>'. */
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number | null;
}

export type { AttemptOutcome, AttemptSource };

/**
 * One attempt to change a profile, the audit trail: written before anything is sent
 * ('pending'), completed once with its outcome, then never changed (triggers refuse it).
 * Values are JSON of the four fields ('' for none).
 */
export interface UpdateAttemptTable {
  /** The attempt id, also the caller's Idempotency-Key. */
  id: string;
  /** A hash of what was asked, so a key sent again with another request is recognised. */
  request_hash: string;
  profile_id: string;
  /** The profile's tag as Attestr held it before, for finding the attempt. */
  profile_tag: string | null;
  actor_id: string;
  /** The actor's role when the attempt was made. */
  actor_role: string;
  source: AttemptSource;
  reason: string | null;
  /** The attempt this one retries. */
  retry_of: string | null;
  /** JSON array of the fields the person changed. */
  changed_fields: string;
  /** JSON: the changed fields' requested values, and the values the person started from. */
  requested: string;
  base: string;
  /** JSON: the values read from Attestr just before; null when the read failed or never ran. */
  before: string | null;
  /** JSON: the values sent; null when nothing was sent. */
  sent: string | null;
  outcome: AttemptOutcome;
  http_status: number | null;
  error_source: string | null;
  error_code: string | null;
  message: string | null;
  details: string | null;
  /** JSON: the message per field, for a refusal or a conflict. */
  field_errors: string | null;
  tracing_id: string | null;
  latency_ms: number | null;
  /** JSON: what Attestr held afterwards, read back; null when the read failed or never ran. */
  after: string | null;
  created_at: number;
  finished_at: number | null;
  /** The bulk job whose line this attempt sent. */
  bulk_job_id: ColumnType<string | null, string | null | undefined>;
  /** The console process that sent it (console_process.id); null before that was recorded. */
  owner_process: ColumnType<string | null, string | null | undefined>;
}

/**
 * What was learnt or decided about an attempt after its outcome: a check at Attestr settling
 * an unknown outcome, or a person resolving a failure. Kept beside the attempt, never in it.
 */
export interface UpdateAttemptReviewTable {
  attempt_id: string;
  /** What a check at Attestr found: the change is there ('succeeded'), is not ('failed'), or something else is ('conflict'). */
  settled_outcome: 'succeeded' | 'failed' | 'conflict' | null;
  /** JSON: the values Attestr held when checked. */
  checked_values: string | null;
  checked_at: number | null;
  checked_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  note: string | null;
  /** How it was resolved: sent again and saved ('retried'), closed with a note ('resolved'), or one that cannot change ('cannot_change'); or it closed itself when later saves set all its fields ('superseded'). */
  resolution: ColumnType<AttemptResolution | null, AttemptResolution | null | undefined>;
  /** For 'retried': the attempt that sent it again; for 'superseded': the save that completed it. */
  resolved_by_attempt: ColumnType<string | null, string | null | undefined>;
}

export type AttemptResolution = 'retried' | 'resolved' | 'cannot_change' | 'superseded';

/**
 * Every profile the console has seen at Attestr (opened, updated, created, read back), for
 * finding profiles and for naming them in lists. A cache of what Attestr held when last seen,
 * never the truth: a page that acts on a profile reads Attestr first.
 */
export interface ProfileIndexTable {
  profile_id: string;
  /** Attestr's human-readable reference ("3801-575765-9695"); null until a read shows it. */
  number: string | null;
  tag: string | null;
  name: string | null;
  /** 1 once Attestr answered 40038 (archived) for it; 0 otherwise. */
  archived: number;
  last_seen_at: number;
  /** tag and name lowercased with accents stripped (lib/shared/fold.ts), for searching. */
  tag_folded: string | null;
  name_folded: string | null;
  /** Keyed hashes (HMAC-SHA-256) of the email, trimmed and lower case, and of the E.164 mobile; null when none. */
  email_key: string | null;
  mobile_key: string | null;
  /** The number's digits alone ("38015757659695"), for a number typed without its dashes. */
  number_digits: string | null;
}

/** The profiles each person opened, for their "Recently opened" list: one row per person and profile. */
export interface RecentProfileTable {
  user_id: string;
  profile_id: string;
  opened_at: number;
}

export type RetryRunState = 'running' | 'stopping' | 'stopped' | 'finished';
export type RetryRunItemState = 'pending' | 'sending' | 'done';

/**
 * A "Retry all" run: the retryable failures matching the updates page's filters when it was
 * started, sent again one by one in the background within the shared Attestr budget.
 */
export interface RetryRunTable {
  id: string;
  created_by: string;
  /** The starter's role when it started; each retry is checked against it. */
  created_by_role: string;
  /** JSON: the updates page's filters the run was started from. */
  filter: string;
  state: RetryRunState;
  /** Why it is waiting or how it ended, in plain words; null while running normally. */
  message: string | null;
  /** Nothing is sent before this time (a daily limit, a back-off); null when not waiting. */
  paused_until: number | null;
  /** The instance processing the run, and until when its claim holds unless renewed. */
  lease_owner: string | null;
  lease_until: number | null;
  stopped_by: string | null;
  created_at: number;
  finished_at: number | null;
}

/** One attempt of a run: claimed ('sending') with its retry's id before the retry starts. */
export interface RetryRunItemTable {
  run_id: string;
  attempt_id: string;
  position: number;
  state: RetryRunItemState;
  /** The id of the retry's own attempt, fixed when claimed so a resumed run never sends twice. */
  retry_attempt_id: string | null;
  /** Retries claimed so far: try n's attempt is `<run>.<position>` for the first, `<run>.<position>.<n>` after. */
  tries: ColumnType<number, number | undefined, number>;
  /** Tries that failed for a reason worth another try (lib/jobs/policy.ts). */
  failures: ColumnType<number, number | undefined, number>;
  /** Not to be tried again before this moment (a back-off); null: at once. */
  next_try_at: number | null;
  /** succeeded, failed, conflict, unknown, or skipped (no longer open when its turn came). */
  result: string | null;
  result_code: string | null;
  finished_at: number | null;
}
/**
 * The attempts that are open failures (failed or unknown, neither resolved nor found applied
 * by a check), kept by database triggers on update_attempt and update_attempt_review: the
 * console only reads it.
 */
export interface UpdateAttemptOpenTable {
  attempt_id: string;
  created_at: number;
  actor_id: string;
}

/**
 * Better Auth's user table, read here to name people in lists. Better Auth writes it, except
 * role changes and disabling (lib/db/users.ts), which take a lock that Better Auth's own calls
 * cannot. SQLite stores its booleans as 0/1 and its dates as ISO strings.
 */
export interface UserTable {
  id: string;
  name: string;
  role: string | null;
  banned: boolean | number | null;
  banReason: string | null;
  banExpires: Date | string | null;
  updatedAt: Date | string;
}

/** Better Auth's session table: only deleted here, when an account is disabled. */
export interface SessionTable {
  id: string;
  userId: string;
  /** An ISO string on SQLite, a timestamp on PostgreSQL. */
  createdAt: Date | string;
}

export interface BulkJobTable {
  id: string;
  created_by: string;
  created_by_role: string;
  file_name: string;
  /** JSON: the file's header line. */
  headers: string;
  /** JSON: the profile fields the file sets. */
  fields: string;
  dry_run: number;
  state: BulkJobState;
  message: string | null;
  paused_until: number | null;
  retry_of: string | null;
  total: number;
  created_at: number;
  started_at: number | null;
  first_sent_at: number | null;
  finished_at: number | null;
  purged_at: number | null;
  /** The final error the lines settled last all failed with; null when the last did not fail so. */
  runaway_code: ColumnType<string | null, string | null | undefined>;
  /** How many lines in a row, since the start or the last Resume, failed with runaway_code. */
  runaway_count: ColumnType<number, number | undefined>;
  /** The first line of that run, and its profile ID: the example a person is shown. */
  runaway_line: ColumnType<number | null, number | null | undefined>;
  runaway_profile: ColumnType<string | null, string | null | undefined>;
  /** 1 while every line settled since the job started belongs to that run. */
  runaway_from_start: ColumnType<number, number | undefined>;
  /** A "Retry failed rows" job: the failed lines left out because they cannot succeed. */
  left_out: ColumnType<number, number | undefined>;
}

export interface BulkRowTable {
  job_id: string;
  line: number;
  profile_id: string;
  /** JSON: the line's cells as in the file; null once purged. */
  cells: string | null;
  /** JSON: the fields the line sets; null once purged, and for an invalid line. */
  set_values: string | null;
  state: BulkRowState;
  attempt_id: string | null;
  tries: ColumnType<number, number | undefined, number>;
  failures: ColumnType<number, number | undefined, number>;
  next_try_at: number | null;
  claimed_by: string | null;
  claim_until: number | null;
  result_code: string | null;
  result_message: string | null;
  preview_state: BulkPreviewState | null;
  preview_current: string | null;
  preview_changes: string | null;
  finished_at: number | null;
}

export interface BulkMappingTable {
  user_id: string;
  mapping: string;
  updated_at: number;
}

export interface BulkRunnerLeaseTable {
  name: string;
  owner: string;
  host: string;
  pid: number;
  lease_until: number;
}

export interface ConsoleProcessTable {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  heartbeat_at: number;
}

export interface Database {
  sign_in_throttle: SignInThrottleTable;
  update_attempt: UpdateAttemptTable;
  update_attempt_review: UpdateAttemptReviewTable;
  profile_index: ProfileIndexTable;
  update_attempt_open: UpdateAttemptOpenTable;
  recent_profile: RecentProfileTable;
  user: UserTable;
  session: SessionTable;
  retry_run: RetryRunTable;
  retry_run_item: RetryRunItemTable;
  bulk_job: BulkJobTable;
  bulk_row: BulkRowTable;
  bulk_mapping: BulkMappingTable;
  bulk_runner_lease: BulkRunnerLeaseTable;
  console_process: ConsoleProcessTable;
  profile_import: ProfileImportTable;
  profile_import_item: ProfileImportItemTable;
  user_last_sign_in: UserLastSignInTable;
}

/** An administrator's list of profile IDs to read from Attestr into the index. */
export interface ProfileImportTable {
  id: string;
  created_by: string;
  file_name: string;
  total: number;
  /** Why the import waits, when it does. */
  message: string | null;
  paused_until: number | null;
  created_at: number;
  finished_at: number | null;
}

export type ProfileImportItemState = 'pending' | 'reading' | 'found' | 'not_found' | 'failed';

/** One profile ID of an import, in the order of the file. */
export interface ProfileImportItemTable {
  import_id: string;
  position: number;
  profile_id: string;
  state: ProfileImportItemState;
  failures: ColumnType<number, number | undefined, number>;
  next_try_at: number | null;
  claimed_by: string | null;
  claim_until: number | null;
  result_code: string | null;
  result_message: string | null;
  finished_at: number | null;
}

/** When each person last signed in (lib/db/last-sign-in.ts). */
export interface UserLastSignInTable {
  user_id: string;
  /** Unix milliseconds. */
  signed_in_at: number;
}

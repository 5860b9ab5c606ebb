import type { ConsoleErrorCode, ErrorActor } from '@/lib/errors/codes';
import type { AttestrSaid } from '@/lib/errors/attestr-said';
import type { AttemptOutcome, InboxAttempt } from '@/lib/shared/inbox-view';
import type { ProfileField, ProfileValues } from '@/lib/shared/profile-fields';
import type { UserFormField } from '@/lib/shared/user-fields';

/** A field an error can name: the profile form's, or a user form's. */
export type FormField = ProfileField | UserFormField;

/** Shapes of the console's own /api answers, shared by route handlers and browser code. */

export interface ApiProfile {
  id: string;
  number: string | null;
  tag: string;
  name: string;
  email: string | null;
  mobile: string | null;
  created: number | null;
  updated: number | null;
  archived: boolean;
}

/**
 * A message per field at fault, keyed by the field's path in the request's schema, dotted:
 * `email` for a profile field (as always), `base.email` for a nested one, `rows.2.mobile` in an
 * array.
 */
export type FieldErrors = Partial<Record<string, string>>;

export interface ApiError {
  source: 'attestr' | 'console';
  code: number | ConsoleErrorCode;
  message: string;
  details?: string;
  httpStatus: number;
  tracingId?: string;
  fieldErrors?: FieldErrors;
  retryAfterSeconds?: number;
  /** The attempt a save's answer is about: to check it at Attestr, or to quote it. */
  attemptId?: string;
  /** For PROFILE_CHANGED: what Attestr now holds in the fields both changed. */
  conflicts?: Partial<Record<ProfileField, string>>;
  /** For BULK_FILE_INVALID: what is wrong with the file, one sentence each. */
  problems?: string[];
  /** Who can resolve it, and one plain sentence on what to do next. */
  actor: ErrorActor;
  advice: string;
  /** The plain sentence a person reads first (`message` may be Attestr's own wording). */
  summary?: string;
  /** For whoever fixes it (a setting's name); shown under Technical details only. */
  technicalHint?: string;
}

export interface ApiErrorBody {
  error: ApiError;
}

export interface GetProfileResponse {
  profile: ApiProfile;
  tracingId?: string;
}

export interface UpdateProfileResponse {
  attemptId: string;
  /** The profile's basic info as Attestr holds it now (read back), or as sent if that read failed. */
  profile: Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'>;
  /** What Attestr held just before the update. */
  before: ProfileValues;
  /** What the console sent. */
  sent: ProfileValues;
  /** What Attestr holds now, read back after the update; null when that read failed. */
  held: ProfileValues | null;
  /** The fields the person changed. */
  changed: ProfileField[];
  /** Fields someone else changed after the person opened the profile, kept as they left them. */
  changedMeanwhile?: ProfileField[];
  /** Fields Attestr holds otherwise than they were sent. */
  heldDifferently?: ProfileField[];
  savedAt: string;
  tracingId?: string;
  /** The same save was answered before: this is its first outcome again. */
  replayed?: true;
}

/** What a check at Attestr found for a save whose outcome was unknown. */
export interface CheckAttemptResponse {
  attemptId: string;
  /** 'succeeded': the change is there; 'failed': it is not, and Attestr holds what it held before; 'conflict': it holds something else. */
  settled: 'succeeded' | 'failed' | 'conflict';
  profile: Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'>;
  before: ProfileValues | null;
  sent: ProfileValues | null;
  held: ProfileValues;
  changed: ProfileField[];
  checkedAt: string;
  tracingId?: string;
}

/** A "Retry all" run as the updates page watches it. */
export interface RetryRunBody {
  id: string;
  state: 'running' | 'stopping' | 'stopped' | 'finished';
  startedBy: { id: string; name: string | null };
  startedAt: string;
  finishedAt: string | null;
  /** The updates page's filters it was started from. */
  filter: Record<string, string>;
  counts: {
    total: number;
    remaining: number;
    succeeded: number;
    failed: number;
    conflict: number;
    unknown: number;
    skipped: number;
  };
  /** Why it waits, or how it ended, in plain words. */
  message: string | null;
  /** Nothing is sent before this time. */
  pausedUntil: string | null;
}
/** A failed or unknown update sent again (POST /api/updates/[attemptId]/retry). */
export interface RetryAttemptResponse {
  /** The update sent again, now resolved. */
  retryOf: string;
  /** 'saved': sent again and confirmed; 'already_saved': its change was at Attestr already, so nothing was sent. */
  result: 'saved' | 'already_saved';
  /** The new attempt's outcome, as a save answers it; absent when nothing was sent. */
  saved?: UpdateProfileResponse;
  /** What Attestr holds now; null when it could not be read back. */
  held: ProfileValues | null;
}

/** An update resolved without sending anything (POST /api/updates/[attemptId]/resolve). */
export interface ResolveAttemptResponse {
  attemptId: string;
  resolution: 'resolved' | 'cannot_change';
  note: string;
  resolvedAt: string;
}
/** What resolving many updates came to; `remaining`: open failures of the filter still left for another call. */
export interface ResolveManyResponse {
  resolved: number;
  skipped: number;
  remaining: number;
}
/** A bulk job's failed lines under the updates page's filter: the newest of them, and how many there are. */
export interface BulkFailureLinesResponse {
  attempts: InboxAttempt[];
  total: number;
}
/** One profile found by "Find a profile", as the console's index last saw it. */
export interface ProfileSearchResult {
  profileId: string;
  number: string | null;
  tag: string | null;
  name: string | null;
  archived: boolean;
  /** What the typed text matched: an email or mobile match is said, never shown. */
  matched: 'profile_id' | 'number' | 'email' | 'mobile' | 'tag' | 'name';
}

/** POST /api/profiles/search { q } */
export interface ProfileSearchResponse {
  results: ProfileSearchResult[];
  /** True when the query looked like a profile id the console had not seen, so Attestr was asked. */
  lookedUpAtAttestr: boolean;
}

/** One update of a profile as its History lists it. */
export interface HistoryEntry {
  id: string;
  at: number;
  /** "Name (Role)", or who it was when that user is gone. */
  who: string;
  outcome: AttemptOutcome;
  retry: boolean;
  changes: { field: ProfileField; from: string; to: string }[];
  reason: string | null;
  /** The plain sentence of what went wrong; absent when nothing did. */
  problem?: string;
  /** Attestr's own words and code, when Attestr answered the update with an error. */
  said?: AttestrSaid;
  /** The update's own page, when the viewer may open it. */
  href?: string;
  /** What a check at Attestr found, for an update whose outcome was unknown. */
  checked?: 'succeeded' | 'failed' | 'conflict';
}

/** GET /api/profiles/[profileId]/history: a profile's latest updates the viewer may see. */
export interface ProfileHistoryResponse {
  entries: HistoryEntry[];
  /** Where the rest are listed, when there are more. */
  moreHref?: string;
  /** The viewer sees their own updates only (support). */
  ownOnly: boolean;
}

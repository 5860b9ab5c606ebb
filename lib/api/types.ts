import type { ConsoleErrorCode, ErrorActor } from '@/lib/errors/codes';
import type { ProfileField } from '@/lib/profiles/schema';
import type { UserFormField } from '@/lib/users/fields';

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

export interface ApiError {
  source: 'attestr' | 'console';
  code: number | ConsoleErrorCode;
  message: string;
  details?: string;
  httpStatus: number;
  tracingId?: string;
  fieldErrors?: Partial<Record<FormField, string>>;
  retryAfterSeconds?: number;
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
  /** The profile's basic info as saved. */
  profile: Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'>;
  savedAt: string;
  /** Fields someone else changed after the person opened the profile, kept as they left them. */
  changedMeanwhile?: ProfileField[];
  tracingId?: string;
}

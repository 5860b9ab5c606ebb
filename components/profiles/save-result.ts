import type { ApiError, CheckAttemptResponse, UpdateProfileResponse } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';

/** How a save ended, as the form reports it and the results panel shows it. */
export type SaveResult =
  /** `base`: the values the person started from, which the table of changes compares with. */
  | { kind: 'success'; saved: UpdateProfileResponse; base: ProfileValues; reason?: string }
  /** What a check at Attestr found for a save whose outcome was unknown. */
  | { kind: 'checked'; checked: CheckAttemptResponse }
  /** `check`, for a save whose outcome is unknown: reads the profile at Attestr and settles it. */
  | { kind: 'error'; error: ApiError; check?: () => Promise<void> };

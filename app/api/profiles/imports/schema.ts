import * as z from 'zod/mini';

import { IMPORT_MAX_IDS } from '@/lib/shared/profile-import';
import { withoutNul } from '@/lib/shared/request-text';
import { timeOrderedIdSchema } from '@/lib/updates/retry-run-id';

/** An import's id: a version 7 UUID (lib/db/time-ordered-id.ts). */
export const profileImportIdSchema = timeOrderedIdSchema;

/** The largest body of a new import: its IDs, at most 64 characters each with their quotes and comma. */
export const CREATE_PROFILE_IMPORT_MAX_BYTES = IMPORT_MAX_IDS * 67 + 64 * 1024;

/** The IDs the browser read from the file's chosen column: each checked again here. */
export const createProfileImportSchema = z.strictObject({
  fileName: z.string().check(z.maxLength(255, 'The file name is too long'), withoutNul('The file name')),
  profileIds: z
    .array(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'A profile ID is not valid')))
    .check(
      z.minLength(1, 'The file has no profile ID to read'),
      z.maxLength(IMPORT_MAX_IDS, `One import may have at most ${IMPORT_MAX_IDS.toLocaleString('en')} profile IDs`),
    ),
});

import * as z from 'zod/mini';

import { BULK_COLUMNS, BULK_MAX_BYTES } from '@/lib/bulk/rows';
import { withoutNul } from '@/lib/shared/request-text';
import { BULK_ROW_GROUPS } from '@/lib/shared/bulk-types';
import { timeOrderedIdSchema } from '@/lib/updates/retry-run-id';

/** A job's id: a version 7 UUID (lib/db/time-ordered-id.ts). */
export const bulkJobIdSchema = timeOrderedIdSchema;

/** The largest body of a new job: the file's text with room for its JSON escaping and the mapping. */
export const CREATE_BULK_JOB_MAX_BYTES = Math.ceil(BULK_MAX_BYTES * 1.25) + 64 * 1024;

export const createBulkJobSchema = z.strictObject({
  fileName: z.string().check(z.maxLength(255, 'The file name is too long'), withoutNul('The file name')),
  csv: z.string().check(z.minLength(1, 'The file is empty')),
  mapping: z.record(
    z.string().check(z.maxLength(200, 'A column name is too long'), withoutNul('A column name')),
    z.nullable(z.enum(BULK_COLUMNS)),
  ),
  dryRun: z.boolean(),
});

export const bulkRowsQuerySchema = z.object({
  group: z._default(z.enum(BULK_ROW_GROUPS), 'all'),
  after: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 0),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});

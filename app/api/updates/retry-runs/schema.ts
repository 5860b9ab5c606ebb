import * as z from 'zod/mini';

import { inboxFilterSchema } from '@/lib/shared/inbox-filter';
import { timeOrderedIdSchema } from '@/lib/updates/retry-run-id';

/** Starting a "Retry all" run: the updates page's filters, as they stand in its URL. */
export const startRetryRunSchema = z.object({ filter: inboxFilterSchema });

export const retryRunIdSchema = timeOrderedIdSchema;

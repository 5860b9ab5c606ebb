import 'server-only';

import type { ClaimedWork, JobKind } from '@/lib/jobs/kind';
import { bulkLineJobs } from '@/lib/jobs/kinds/bulk-lines';
import { interruptedSaveJobs } from '@/lib/jobs/kinds/interrupted-saves';
import { retryAllJobs } from '@/lib/jobs/kinds/retry-all';

/** Every kind of background job the console runs, in the order a tick tends them. */
export function consoleJobKinds(): JobKind<ClaimedWork>[] {
  return [interruptedSaveJobs(), retryAllJobs(), bulkLineJobs()] as JobKind<ClaimedWork>[];
}

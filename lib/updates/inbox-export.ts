import 'server-only';

import { attemptScope, type AttemptViewer } from '@/lib/audit/scope';
import { listAttempts } from '@/lib/db/update-attempts';
import { DomainError } from '@/lib/errors/domain-error';
import { getLogger } from '@/lib/log';
import { CSV_COLUMNS, attemptCsvLine, csvLine } from '@/lib/updates/inbox-csv';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import type { AttemptCursor } from '@/lib/shared/inbox-view';

export const EXPORT_BATCH_SIZE = 1000;

/**
 * Every attempt a filter matches, newest first, as CSV: read a batch at a time on the same
 * keyset as the page, each batch only when the reader wants more, so memory stays flat
 * however many rows there are. Attempts made while it runs are newer than its first row and
 * are not in it. The first batch is read before the stream is handed back, so a filter the
 * database refuses fails the request with an error answer instead of cutting off a download.
 * The viewer's scope applies as on the page: their own updates only where their role says so.
 */
export async function attemptsCsvStream(input: {
  viewer: AttemptViewer;
  filter: InboxFilter;
  batchSize?: number;
}): Promise<ReadableStream<Uint8Array>> {
  const scope = attemptScope(input.viewer);
  if (!scope) throw new DomainError('forbidden', 'FORBIDDEN');
  const encoder = new TextEncoder();
  const limit = input.batchSize ?? EXPORT_BATCH_SIZE;
  const read = (after: AttemptCursor | undefined) =>
    listAttempts({ filter: input.filter, actorId: scope.actorId, after, limit });
  let after: AttemptCursor | undefined;
  let page: Awaited<ReturnType<typeof read>> | null = await read(after);
  let rows = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte order mark, so spreadsheets read names as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_COLUMNS)}`));
    },
    async pull(controller) {
      try {
        const current = page ?? (await read(after));
        page = null;
        rows += current.attempts.length;
        if (current.attempts.length) {
          controller.enqueue(encoder.encode(current.attempts.map(attemptCsvLine).join('')));
        }
        if (current.next) after = current.next;
        else {
          getLogger().info({ event: 'updates.exported', rows }, 'updates exported');
          controller.close();
        }
      } catch (error) {
        getLogger().error(
          { event: 'updates.export_failed', rows, error: error instanceof Error ? error.name : typeof error },
          'the export of updates stopped',
        );
        controller.error(error);
      }
    },
  });
}

// GET /api/updates/export — every update the filters match, as a CSV download
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { attemptsCsvStream } from '@/lib/updates/inbox-export';
import { parseInboxFilter } from '@/lib/shared/inbox-filter';
import { FILTER_HINTS, FILTER_LABELS } from '@/lib/shared/inbox-view';

export const GET = route('GET /api/updates/export', 'updates:view', async (request, { user }) => {
  const { filter, ignored } = parseInboxFilter(request.nextUrl.searchParams);
  // A download must hold what was asked for: a filter that does not parse is refused, not dropped.
  if (ignored.length) {
    throw new ApiError('BAD_REQUEST', {
      details: `Check these filters: ${ignored.map((key) => `${FILTER_LABELS[key]} (${FILTER_HINTS[key]})`).join('; ')}.`,
    });
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(await attemptsCsvStream({ viewer: { userId: user.id, role: user.role }, filter }), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="updates-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
});

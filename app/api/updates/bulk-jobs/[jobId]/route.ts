// GET /api/updates/bulk-jobs/[jobId] — a bulk job's failed lines that the updates page's filters show
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import type { BulkFailureLinesResponse } from '@/lib/shared/api-types';
import { parseInboxFilter } from '@/lib/shared/inbox-filter';
import { FILTER_HINTS, FILTER_LABELS } from '@/lib/shared/inbox-view';
import { getBulkFailureLines } from '@/lib/updates/inbox';

type Params = { jobId: string };

const jobIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));

export const GET = route<Params>(
  'GET /api/updates/bulk-jobs/[jobId]',
  'updates:view',
  async (request, { params, user }) => {
    const jobId = jobIdSchema.safeParse(params.jobId);
    if (!jobId.success) throw new ApiError('BULK_JOB_NOT_FOUND', { details: 'That is not a bulk job’s id.' });
    const { filter, ignored } = parseInboxFilter(request.nextUrl.searchParams);
    // The lines must be those the row counted: a filter that does not parse is refused, not dropped.
    if (ignored.length) {
      throw new ApiError('BAD_REQUEST', {
        details: `Check these filters: ${ignored.map((key) => `${FILTER_LABELS[key]} (${FILTER_HINTS[key]})`).join('; ')}.`,
      });
    }
    const lines = await getBulkFailureLines({
      viewer: { userId: user.id, role: user.role },
      filter,
      jobId: jobId.data,
    });
    if (!lines) throw new ApiError('FORBIDDEN');
    const body: BulkFailureLinesResponse = lines;
    return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
  },
);

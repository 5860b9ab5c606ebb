// POST /api/updates/resolutions — resolve many failed or unknown updates with one note: those ticked, or all of a filter
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import type { ResolveManyResponse } from '@/lib/shared/api-types';
import { resolveMany } from '@/lib/updates/resolve-many';

import { resolveManySchema } from './schema';

export const POST = route('POST /api/updates/resolutions', 'update:retry', async (request, { user }) => {
  const body = await parseWith(resolveManySchema, await readJsonBody(request, { maxBytes: 64 * 1024 }), {
    fields: ['note'],
  });
  if (!body.note)
    throw new ApiError('VALIDATION_FAILED', {
      fieldErrors: { note: 'Write a note saying how the updates were resolved' },
    });
  const target = 'attemptIds' in body ? { attemptIds: body.attemptIds } : { filter: body.filter, upTo: body.upTo };
  const result: ResolveManyResponse = await resolveMany({
    actor: { userId: user.id, role: user.role },
    note: body.note,
    target,
  });
  return NextResponse.json(result, { headers: { 'Cache-Control': 'no-store' } });
});

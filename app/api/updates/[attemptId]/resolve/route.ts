// POST /api/updates/[attemptId]/resolve — resolve a failed or unknown update with a note, sending nothing
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import type { ResolveAttemptResponse } from '@/lib/shared/api-types';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { resolveAttempt } from '@/lib/updates/retry';

import { resolveAttemptSchema } from './schema';

type Params = { attemptId: string };

export const POST = route<Params>(
  'POST /api/updates/[attemptId]/resolve',
  'update:retry',
  async (request, { params, user }) => {
    if (!isAttemptId(params.attemptId)) {
      throw new ApiError('ATTEMPT_NOT_FOUND', { details: 'That is not an update’s id.' });
    }
    const { note, kind } = await parseWith(resolveAttemptSchema, await readJsonBody(request), { fields: ['note'] });
    const resolved = await resolveAttempt({
      actor: { userId: user.id, role: user.role },
      attemptId: params.attemptId,
      note,
      kind: kind ?? 'resolved',
    });
    const body: ResolveAttemptResponse = {
      attemptId: resolved.attemptId,
      resolution: resolved.resolution,
      note: resolved.note,
      resolvedAt: new Date(resolved.resolvedAt).toISOString(),
    };
    return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
  },
);

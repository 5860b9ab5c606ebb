// POST /api/updates/[attemptId]/retry — send a failed or unknown update again through the save path
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import type { RetryAttemptResponse } from '@/lib/shared/api-types';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { savedResponse } from '@/lib/api/update-bodies';
import { retryAttempt } from '@/lib/updates/retry';

import { retryAttemptSchema } from './schema';

type Params = { attemptId: string };

export const POST = route<Params>(
  'POST /api/updates/[attemptId]/retry',
  'update:retry',
  async (request, { params, user }) => {
    if (!isAttemptId(params.attemptId)) {
      throw new ApiError('ATTEMPT_NOT_FOUND', { details: 'That is not an update’s id.' });
    }
    const { retryAttemptId } = await parseWith(retryAttemptSchema, await readJsonBody(request), {
      fields: ['retryAttemptId'],
    });
    const retried = await retryAttempt({
      actor: { userId: user.id, role: user.role },
      attemptId: params.attemptId,
      retryAttemptId,
    });
    const body: RetryAttemptResponse =
      retried.kind === 'saved'
        ? {
            retryOf: retried.retryOf,
            result: 'saved',
            saved: savedResponse(retried.saved),
            held: retried.saved.held,
          }
        : { retryOf: retried.retryOf, result: 'already_saved', held: retried.held };
    return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
  },
);

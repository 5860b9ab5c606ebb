// POST /api/updates/[attemptId]/check — read the profile at Attestr and settle an update whose outcome is unknown
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import type { CheckAttemptResponse } from '@/lib/shared/api-types';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { checkAttemptAtAttestr } from '@/lib/updates/check-at-attestr';
import { profileSummary } from '@/lib/api/update-bodies';

type Params = { attemptId: string };

export const POST = route<Params>(
  'POST /api/updates/[attemptId]/check',
  'profile:view',
  async (_request, { params, user }) => {
    if (!isAttemptId(params.attemptId)) {
      throw new ApiError('ATTEMPT_NOT_FOUND', { details: 'That is not an update’s id.' });
    }
    const checked = await checkAttemptAtAttestr({
      actor: { userId: user.id, role: user.role },
      attemptId: params.attemptId,
    });
    const body: CheckAttemptResponse = {
      attemptId: checked.attemptId,
      settled: checked.settled,
      profile: profileSummary({ profileId: checked.profileId, values: checked.held }),
      before: checked.before,
      sent: checked.sent,
      held: checked.held,
      changed: checked.changed,
      checkedAt: new Date(checked.checkedAt).toISOString(),
      ...(checked.tracingId ? { tracingId: checked.tracingId } : {}),
    };
    return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
  },
);

// GET /api/profiles/[profileId] — read a profile; PUT — update its basic info
import { randomUUID } from 'node:crypto';

import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { isProfileId } from '@/lib/shared/profile-id';
import { getProfile } from '@/lib/profiles/get-profile';
import { isClientAttemptKey } from '@/lib/updates/attempt-id';
import { savedResponse } from '@/lib/api/update-bodies';
import { saveProfile } from '@/lib/updates/save';

import { profileUpdateSchema } from './schema';

type Params = { profileId: string };

const noStore = { 'Cache-Control': 'no-store' };

function checkedId(profileId: string): string {
  if (!isProfileId(profileId)) throw new ApiError('INVALID_PROFILE_ID');
  return profileId;
}

/** The caller's Idempotency-Key (the form sends one per save); a save without one gets its own. */
function attemptIdOf(request: Request): string {
  const key = request.headers.get('idempotency-key');
  if (key === null) return randomUUID();
  if (!isClientAttemptKey(key)) {
    throw new ApiError('BAD_REQUEST', {
      details: 'The Idempotency-Key header must be 16 to 64 letters, digits, dashes or underscores.',
    });
  }
  return key;
}

export const GET = route<Params>('GET /api/profiles/[profileId]', 'profile:view', async (_request, { params }) => {
  const result = await getProfile(checkedId(params.profileId));
  return NextResponse.json(result, { headers: noStore });
});

export const PUT = route<Params>(
  'PUT /api/profiles/[profileId]',
  'profile:update',
  async (request, { params, user }) => {
    const profileId = checkedId(params.profileId);
    const attemptId = attemptIdOf(request);
    const { base, reason, ...values } = await parseWith(profileUpdateSchema, await readJsonBody(request));
    const saved = await saveProfile({
      actor: { userId: user.id, role: user.role },
      profileId,
      values,
      base,
      reason: reason ?? null,
      source: 'form',
      attemptId,
    });
    return NextResponse.json(savedResponse(saved), { headers: noStore });
  },
);

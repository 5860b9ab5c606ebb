// PUT /api/bench/call — floor+session plus one Attestr update of the body as received: no read
// before it, no record of it. What one exchange with Attestr costs the console's server.
import { NextResponse } from 'next/server';

import { profileUpdateSchema } from '@/app/api/profiles/[profileId]/schema';
import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { getAttestrClient } from '@/lib/attestr/instance';
import { isProfileId } from '@/lib/shared/profile-id';
import { toUpdateBody } from '@/lib/updates/plan';

export const PUT = route('PUT /api/bench/call', 'profile:update', async (request) => {
  const profileId = request.nextUrl.searchParams.get('profileId') ?? '';
  if (!isProfileId(profileId)) throw new ApiError('INVALID_PROFILE_ID');
  const { base: _base, reason: _reason, ...fields } = await parseWith(profileUpdateSchema, await readJsonBody(request));
  const client = await getAttestrClient();
  await client.updateProfile({ profileId, fields: toUpdateBody(fields) });
  return NextResponse.json({ ok: true, tag: fields.tag }, { headers: { 'Cache-Control': 'no-store' } });
});

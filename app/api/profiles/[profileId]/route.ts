// GET /api/profiles/[profileId] — read a profile; PUT — update its basic info
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { isProfileId } from '@/lib/profiles/profile-id';
import { getProfile, updateProfile } from '@/lib/profiles/service';

import { profileUpdateSchema } from './schema';

type Params = { profileId: string };

const noStore = { 'Cache-Control': 'no-store' };

function checkedId(profileId: string): string {
  if (!isProfileId(profileId)) throw new ApiError('INVALID_PROFILE_ID');
  return profileId;
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
    const { base, ...fields } = await parseWith(profileUpdateSchema, await readJsonBody(request));
    const result = await updateProfile({ user, profileId, fields, base });
    return NextResponse.json(result, { headers: noStore });
  },
);

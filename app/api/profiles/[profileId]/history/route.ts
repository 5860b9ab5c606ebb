// GET /api/profiles/[profileId]/history — a profile's latest updates, as its History lists them
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { profileHistoryView } from '@/lib/api/profile-history';
import { isProfileId } from '@/lib/shared/profile-id';

type Params = { profileId: string };

export const GET = route<Params>(
  'GET /api/profiles/[profileId]/history',
  'history:view',
  async (_request, { params, user }) => {
    if (!isProfileId(params.profileId)) throw new ApiError('INVALID_PROFILE_ID');
    const history = await profileHistoryView({
      viewer: { userId: user.id, role: user.role },
      profileId: params.profileId,
    });
    return NextResponse.json(history, { headers: { 'Cache-Control': 'no-store' } });
  },
);

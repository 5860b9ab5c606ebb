// GET /api/profiles/imports/[importId] — an import's progress, and the IDs not found or not read
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { getProfileImportProgress } from '@/lib/profiles/imports';

import { profileImportIdSchema } from '../schema';

type Params = { importId: string };

export const GET = route<Params>(
  'GET /api/profiles/imports/[importId]',
  'profiles:import',
  async (_request, { params, user }) => {
    if (!z.safeParse(profileImportIdSchema, params.importId).success) throw new ApiError('PROFILE_IMPORT_NOT_FOUND');
    const progress = await getProfileImportProgress({
      viewer: { userId: user.id, role: user.role },
      importId: params.importId,
    });
    return NextResponse.json(progress, { headers: { 'Cache-Control': 'no-store' } });
  },
);

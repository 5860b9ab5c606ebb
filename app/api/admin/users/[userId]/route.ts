// PATCH /api/admin/users/[userId] — change a user's role, or disable / enable the account
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { userIdSchema } from '@/lib/users/user-id';
import { changeUserSchema } from '@/lib/users/schema';
import { changeUser } from '@/lib/users/service';

type Params = { userId: string };

export const PATCH = route<Params>(
  'PATCH /api/admin/users/[userId]',
  'users:manage',
  async (request, { params, user }) => {
    const userId = await parseWith(userIdSchema, params.userId);
    const change = await parseWith(changeUserSchema, await readJsonBody(request));
    await changeUser({ user, headers: request.headers }, { userId, change });
    return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

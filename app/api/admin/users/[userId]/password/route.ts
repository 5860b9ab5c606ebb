// PUT /api/admin/users/[userId]/password — set a new password and sign the user out everywhere
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { userIdSchema } from '@/lib/users/user-id';
import { USER_FORM_FIELDS } from '@/lib/shared/user-fields';
import { resetPasswordSchema } from '@/lib/users/schema';
import { resetPassword } from '@/lib/users/service';

type Params = { userId: string };

export const PUT = route<Params>(
  'PUT /api/admin/users/[userId]/password',
  'users:manage',
  async (request, { params, user }) => {
    const userId = await parseWith(userIdSchema, params.userId);
    const { password } = await parseWith(resetPasswordSchema, await readJsonBody(request), {
      fields: USER_FORM_FIELDS,
    });
    await resetPassword({ user, headers: request.headers }, { userId, password });
    return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  },
);

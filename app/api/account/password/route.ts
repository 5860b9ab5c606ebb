// PUT /api/account/password — the signed-in person changes their own password; their other sessions end
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { USER_FORM_FIELDS } from '@/lib/shared/user-fields';
import { changeOwnPasswordSchema } from '@/lib/users/schema';
import { changeOwnPassword } from '@/lib/users/service';

export const PUT = route('PUT /api/account/password', 'signed-in', async (request, { user }) => {
  const input = await parseWith(changeOwnPasswordSchema, await readJsonBody(request), { fields: USER_FORM_FIELDS });
  const { setCookies } = await changeOwnPassword({ user, headers: request.headers }, input);
  const response = NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  for (const cookie of setCookies) response.headers.append('Set-Cookie', cookie);
  return response;
});

// GET /api/admin/users — list users; POST — create a user with a role
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { USER_FORM_FIELDS } from '@/lib/shared/user-fields';
import { createUserSchema } from '@/lib/users/schema';
import { createUser, listUsers } from '@/lib/users/service';

const noStore = { 'Cache-Control': 'no-store' };

export const GET = route('GET /api/admin/users', 'users:manage', async (request, { user }) => {
  const users = await listUsers({ user, headers: request.headers });
  return NextResponse.json({ users }, { headers: noStore });
});

export const POST = route('POST /api/admin/users', 'users:manage', async (request, { user }) => {
  const input = await parseWith(createUserSchema, await readJsonBody(request), { fields: USER_FORM_FIELDS });
  const created = await createUser({ user, headers: request.headers }, input);
  return NextResponse.json({ user: created }, { status: 201, headers: noStore });
});

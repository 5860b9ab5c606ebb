// POST /api/auth/sign-in/email — sign in; POST /api/auth/sign-out — sign out. Nothing else of Better Auth is exposed.
import { ApiError } from '@/lib/api/errors';
import { publicRoute, route } from '@/lib/api/handler';
import { signIn, signOut } from '@/lib/auth/sign-in';

type Params = { all: string[] };

const signOutRoute = route<Params>('POST /api/auth/sign-out', 'signed-in', async (request, { user }) =>
  signOut(request, user.id),
);

const notExposed = route<Params>('/api/auth/[...all]', 'signed-in', async () => {
  throw new ApiError('NOT_FOUND');
});

export const POST = publicRoute<Params>('POST /api/auth/[...all]', async (request, { params }) => {
  const action = params.all.join('/');
  if (action === 'sign-in/email') return signIn(request);
  const context = { params: Promise.resolve(params) };
  return action === 'sign-out' ? signOutRoute(request, context) : notExposed(request, context);
});

export const GET = notExposed;

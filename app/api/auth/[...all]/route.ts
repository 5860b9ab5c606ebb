// POST /api/auth/sign-in/email — sign in; POST /api/auth/sign-out — sign out (JSON, or a redirect for a form). Nothing else of Better Auth is exposed.
import { ApiError } from '@/lib/api/errors';
import { publicRoute, route } from '@/lib/api/handler';
import { getSessionUser } from '@/lib/auth/session';
import { isFormSubmission, signIn, signInRedirect, signOut } from '@/lib/api/sign-in';

type Params = { all: string[] };

const signOutRoute = publicRoute<Params>('POST /api/auth/sign-out', async (request) => {
  const user = await getSessionUser(request.headers);
  if (user) return signOut(request, user.id);
  // The header's Sign out form, sent when the session had already ended: nothing to end, and
  // the browser should land on the sign-in page rather than on a JSON error.
  if (isFormSubmission(request)) return signInRedirect();
  throw new ApiError('UNAUTHENTICATED');
});

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

// POST /api/auth/sign-in/email — sign in; POST /api/auth/sign-out — sign out (JSON, or a redirect for a form). Nothing else of Better Auth is exposed.
import { ApiError } from '@/lib/api/errors';
import { publicRoute, route } from '@/lib/api/handler';
import { getSessionUser } from '@/lib/auth/session';
import { isFormSubmission, signIn, signInRedirect, signOut } from '@/lib/auth/sign-in';

type Params = { all: string[] };

const signOutRoute = route<Params>('POST /api/auth/sign-out', 'signed-in', async (request, { user }) =>
  signOut(request, user.id),
);

// The header's Sign out form, sent when the session has already ended: nothing to end, and
// the browser should land on the sign-in page rather than on a JSON error.
const signOutFormWithoutSession = publicRoute<Params>('POST /api/auth/sign-out', async () => signInRedirect());

const notExposed = route<Params>('/api/auth/[...all]', 'signed-in', async () => {
  throw new ApiError('NOT_FOUND');
});

export const POST = publicRoute<Params>('POST /api/auth/[...all]', async (request, { params }) => {
  const action = params.all.join('/');
  if (action === 'sign-in/email') return signIn(request);
  const context = { params: Promise.resolve(params) };
  if (action !== 'sign-out') return notExposed(request, context);
  if (isFormSubmission(request) && !(await getSessionUser(request.headers))) {
    return signOutFormWithoutSession(request, context);
  }
  return signOutRoute(request, context);
});

export const GET = notExposed;

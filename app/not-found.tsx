import type { Metadata } from 'next';
import Link from 'next/link';

import { ConsoleHeader } from '@/components/console-header';
import { getPageUser } from '@/lib/api/page-user';
import { isSandboxMode } from '@/lib/env';
import { MAIN_CONTENT_ID } from '@/components/site-header';

export const metadata: Metadata = { title: 'Page not found' };

/** Any address the console has no page for, signed in or not; signed in, within the console's header. */
export default async function NotFound() {
  const user = await getPageUser();
  return (
    <>
      {user ? <ConsoleHeader user={user} sandbox={isSandboxMode()} /> : null}
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="focus:outline-none mx-auto max-w-xl px-4 py-16">
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-sm font-semibold text-slate-500">Attestr Profile Console</p>
          <h1 className="mt-1 text-xl font-bold">Page not found</h1>
          <p className="mt-2 text-slate-700">
            The console has no page at this address. The link may be old or mistyped. Profiles are opened from the
            Profiles page, by their profile ID.
          </p>
          <Link
            href="/profiles"
            className="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
          >
            Go to Profiles
          </Link>
        </div>
      </main>
    </>
  );
}

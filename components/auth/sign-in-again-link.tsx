'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

import type { ApiError } from '@/lib/shared/api-types';

/** The console refused a call because the person's session has ended. */
export function isSessionEnded(error: ApiError | null | undefined): boolean {
  return error?.source === 'console' && error.code === 'UNAUTHENTICATED';
}

/**
 * Beside an error saying the session has ended: a link to sign in again that comes back to
 * this page. It opens a new tab, so that what this one holds (unsaved edits) is not lost;
 * `children` end the sentence with what to do back here.
 */
export function SignInAgainLink({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  return (
    <p className="text-sm text-slate-800">
      <a
        href={`/sign-in?next=${encodeURIComponent(pathname)}`}
        target="_blank"
        rel="noopener"
        className="font-semibold text-indigo-700 underline underline-offset-2"
      >
        Sign in again (opens a new tab)
      </a>
      , then {children}
    </p>
  );
}

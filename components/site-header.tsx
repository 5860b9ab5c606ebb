import Link from 'next/link';

import { HeaderMenu } from '@/components/header-menu';
import { Badge } from '@/components/ui/badge';

/** Where the skip link leads: every page's main landmark carries this id. */
export const MAIN_CONTENT_ID = 'main-content';

const linkClass = 'whitespace-nowrap font-medium text-slate-700 hover:text-indigo-700';

export function SiteHeader({
  sandbox,
  user,
  showUsers,
  showUpdates = false,
  showBulk = false,
  openFailures = null,
}: {
  sandbox: boolean;
  user: { name: string; roleLabel: string };
  showUsers: boolean;
  showUpdates?: boolean;
  showBulk?: boolean;
  /** The open failures to show beside Updates; null to show none. */
  openFailures?: number | null;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow focus:ring-2 focus:ring-indigo-600"
      >
        Skip to main content
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-2 gap-y-2 px-4 py-3 sm:gap-x-4 lg:flex-nowrap">
        <Link href="/profiles" className="whitespace-nowrap text-base font-bold tracking-tight text-slate-900">
          Attestr Profile Console
        </Link>
        {sandbox ? <SandboxBadge /> : null}
        <HeaderMenu>
          <nav
            aria-label="Main"
            className="flex flex-col items-start gap-3 text-sm lg:flex-row lg:items-center lg:gap-x-4"
          >
            <Link href="/profiles" className={linkClass}>
              Profiles
            </Link>
            {showUpdates ? (
              <Link href="/updates" className={linkClass}>
                Updates
              </Link>
            ) : null}
            {openFailures !== null ? (
              // Its name is its visible text (WCAG 2.5.3): what a person reads is what they can say.
              <Link href="/updates?outcome=open" className={linkClass}>
                <Badge tone={openFailures > 0 ? 'danger' : 'neutral'}>
                  {openFailures.toLocaleString('en')} open {openFailures === 1 ? 'failure' : 'failures'}
                </Badge>
              </Link>
            ) : null}
            {showBulk ? (
              <Link href="/bulk" className={linkClass}>
                Bulk updates
              </Link>
            ) : null}
            {showUsers ? (
              <Link href="/admin/users" className={linkClass}>
                Users
              </Link>
            ) : null}
            <Link href="/account" className={linkClass}>
              Your account
            </Link>
          </nav>
          <div className="flex items-center gap-3 text-sm lg:ml-auto">
            <span className="text-slate-700 lg:max-w-56 lg:truncate" title={`${user.name} · ${user.roleLabel}`}>
              {user.name} <span className="text-slate-500">· {user.roleLabel}</span>
            </span>
            {/* A plain form: signing out works without JavaScript, and the page load that follows
                takes every profile this tab has shown out of memory. */}
            <form method="post" action="/api/auth/sign-out">
              <button
                type="submit"
                className="whitespace-nowrap rounded-md px-2 py-1 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}

export function SandboxBadge() {
  return (
    <span title="Connected to the bundled Attestr sandbox: no real profile is changed.">
      <Badge tone="warning">Sandbox</Badge>
    </span>
  );
}

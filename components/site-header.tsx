import Link from 'next/link';

import { Badge } from '@/components/ui/badge';

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
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/profiles" className="text-base font-bold tracking-tight text-slate-900">
          Attestr Profile Console
        </Link>
        {sandbox ? <SandboxBadge /> : null}
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <Link href="/profiles" className="font-medium text-slate-700 hover:text-indigo-700">
            Profiles
          </Link>
          {showUpdates ? (
            <Link href="/updates" className="font-medium text-slate-700 hover:text-indigo-700">
              Updates
            </Link>
          ) : null}
          {openFailures !== null ? (
            <Link
              href="/updates?outcome=open"
              className="font-medium text-slate-700 hover:text-indigo-700"
              aria-label={`Open failures: ${openFailures}`}
            >
              <Badge tone={openFailures > 0 ? 'danger' : 'neutral'}>
                {openFailures.toLocaleString('en')} open {openFailures === 1 ? 'failure' : 'failures'}
              </Badge>
            </Link>
          ) : null}
          {showBulk ? (
            <Link href="/bulk" className="font-medium text-slate-700 hover:text-indigo-700">
              Bulk updates
            </Link>
          ) : null}
          {showUsers ? (
            <Link href="/admin/users" className="font-medium text-slate-700 hover:text-indigo-700">
              Users
            </Link>
          ) : null}
          <Link href="/account" className="font-medium text-slate-700 hover:text-indigo-700">
            Your account
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-slate-700">
            {user.name} <span className="text-slate-500">· {user.roleLabel}</span>
          </span>
          {/* A plain form: signing out works without JavaScript, and the page load that follows
              takes every profile this tab has shown out of memory. */}
          <form method="post" action="/api/auth/sign-out">
            <button
              type="submit"
              className="rounded-md px-2 py-1 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Sign out
            </button>
          </form>
        </div>
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

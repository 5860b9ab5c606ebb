import Link from 'next/link';

import { Badge } from '@/components/ui/badge';

export function SiteHeader({
  sandbox,
  user,
  showUsers,
}: {
  sandbox: boolean;
  user: { name: string; roleLabel: string };
  showUsers: boolean;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/profiles" className="text-base font-bold tracking-tight text-slate-900">
          Attestr Profile Console
        </Link>
        {sandbox ? <SandboxBadge /> : null}
        <nav aria-label="Main" className="flex gap-4 text-sm">
          <Link href="/profiles" className="font-medium text-slate-700 hover:text-indigo-700">
            Profiles
          </Link>
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

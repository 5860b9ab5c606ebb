import Link from 'next/link';

import { Badge } from '@/components/ui/badge';

export function SiteHeader({ sandbox }: { sandbox: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-4 px-4 py-3">
        <Link href="/profiles" className="text-base font-bold tracking-tight text-slate-900">
          Attestr Profile Console
        </Link>
        {sandbox ? (
          <span title="Connected to the bundled Attestr sandbox: no real profile is changed.">
            <Badge tone="warning">Sandbox</Badge>
          </span>
        ) : null}
        <nav aria-label="Main" className="ml-auto flex gap-4 text-sm">
          <Link href="/profiles" className="font-medium text-slate-700 hover:text-indigo-700">
            Profiles
          </Link>
        </nav>
      </div>
    </header>
  );
}

import Link from 'next/link';

import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { ProfileImportView } from '@/lib/shared/profile-import';

/** The latest imports, newest first, each linking to its page. */
export function ImportsList({ imports }: { imports: ProfileImportView[] }) {
  return (
    <section aria-label="Earlier imports" className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="border-b border-slate-200 p-3">
        <h2 className="text-base font-semibold text-slate-900">Earlier imports</h2>
      </div>
      {imports.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No imports yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {imports.map((entry) => (
            <li key={entry.id} className="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:gap-4">
              <div className="flex min-w-0 flex-col sm:flex-1">
                <Link
                  href={`/profiles/import/${encodeURIComponent(entry.id)}`}
                  className="font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
                >
                  {entry.fileName}
                </Link>
                <span className="text-xs text-slate-600">
                  {entry.createdBy ?? 'A former user'} · <LocalTime ms={entry.createdAt} />
                </span>
              </div>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
                <Badge tone={entry.finishedAt === null ? 'info' : 'success'}>
                  {entry.finishedAt === null ? 'Reading' : 'Finished'}
                </Badge>
                <span>
                  {entry.read.toLocaleString('en')} of {entry.total.toLocaleString('en')} read
                </span>
                <span>{entry.found.toLocaleString('en')} found</span>
                {entry.notFound > 0 ? (
                  <span className="text-amber-800">{entry.notFound.toLocaleString('en')} not at Attestr</span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

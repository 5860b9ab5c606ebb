'use client';

import Link from 'next/link';

import { plural } from '@/components/bulk/words';
import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { LocalTime } from '@/components/ui/local-time';
import { unknownIdsPath, useProfileImportProgress } from '@/lib/queries/profile-imports';
import { lineResult } from '@/lib/shared/bulk-line-result';
import type { ProfileImportItemView, ProfileImportProgress, ProfileImportView } from '@/lib/shared/profile-import';

function Count({ label, value, tone = 'text-slate-900' }: { label: string; value: number; tone?: string }) {
  return (
    <div className="flex flex-col rounded-md border border-slate-200 px-3 py-2">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`text-xl font-semibold tabular-nums ${tone}`}>{value.toLocaleString('en')}</dd>
    </div>
  );
}

const percentOf = (view: ProfileImportView) =>
  view.total === 0 ? 100 : Math.min(100, Math.floor((100 * view.read) / view.total));

/** How far the import has read, its counts, and why it waits when it does. */
function ImportCounts({ view }: { view: ProfileImportView }) {
  const percent = percentOf(view);
  const done = `${view.read.toLocaleString('en')} of ${view.total.toLocaleString('en')} read`;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm font-medium text-slate-900" aria-live="polite" data-testid="import-read">
        {done} ({percent}%)
      </p>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${done}`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Counts">
        <Count label="Found" value={view.found} tone="text-emerald-800" />
        <Count label="Not at Attestr" value={view.notFound} tone={view.notFound > 0 ? 'text-amber-800' : undefined} />
        <Count label="Not read" value={view.failed} tone={view.failed > 0 ? 'text-rose-800' : undefined} />
        <Count label="Left to read" value={view.total - view.read} />
      </dl>
      {view.message ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="status">
          {view.message}
        </p>
      ) : null}
      {view.finishedAt !== null ? (
        <p className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" role="status">
          Finished <LocalTime ms={view.finishedAt} />.{' '}
          {view.found > 0 ? (
            <>
              <Link href="/profiles" className="font-semibold underline underline-offset-2">
                Find a profile
              </Link>{' '}
              now finds the {plural(view.found, 'profile')} found.
            </>
          ) : (
            'No profile was found at Attestr.'
          )}
        </p>
      ) : null}
    </div>
  );
}

/** The IDs Attestr has no profile for, and a download of them all. */
function UnknownIds({
  importId,
  view,
  items,
}: {
  importId: string;
  view: ProfileImportView;
  items: ProfileImportItemView[];
}) {
  if (view.notFound === 0) return null;
  return (
    <section aria-labelledby="unknown-heading" className="flex min-w-0 flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="unknown-heading" className="text-base font-semibold text-slate-900">
          Not at Attestr ({view.notFound.toLocaleString('en')})
        </h2>
        <a
          href={unknownIdsPath(importId)}
          download
          className="rounded-md px-3 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          Download these IDs (CSV)
        </a>
      </div>
      <p className="text-sm text-slate-600">
        Attestr has no profile with these IDs that the console’s account may see. Check them against your HR system:
        they may be mistyped, or belong to another Attestr account.
        {view.notFound > items.length ? ` The first ${items.length} are listed; the download has them all.` : ''}
      </p>
      <ul className="grid max-h-80 gap-x-4 gap-y-1 overflow-auto rounded-md border border-slate-200 p-3 font-mono text-sm sm:grid-cols-2">
        {items.map((item) => (
          <li key={item.position} className="[overflow-wrap:anywhere]" data-testid="unknown-id">
            {item.profileId}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The IDs that could not be read, each with the reason in plain words, then Attestr's own. */
function FailedIds({ view, items }: { view: ProfileImportView; items: ProfileImportItemView[] }) {
  if (view.failed === 0) return null;
  return (
    <section aria-labelledby="failed-heading" className="flex min-w-0 flex-col gap-2">
      <h2 id="failed-heading" className="text-base font-semibold text-slate-900">
        Not read ({view.failed.toLocaleString('en')})
      </h2>
      <p className="text-sm text-slate-600">
        These could not be read after several tries. Import them again later in a file of their own.
      </p>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {items.map((item) => {
          const result = lineResult({ code: item.code, message: item.message });
          return (
            <li key={item.position} className="flex flex-col gap-1 p-3">
              <span className="font-mono text-sm [overflow-wrap:anywhere]">{item.profileId}</span>
              <p className="text-sm text-rose-900 [overflow-wrap:anywhere]">{result.summary ?? result.message}</p>
              {result.said ? <AttestrSaidLine said={result.said} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** An import's page: its progress, updated every second until every ID is read. */
export function ImportProgress({ initial }: { initial: ProfileImportProgress }) {
  const { data } = useProfileImportProgress(initial);
  const progress = data ?? initial;
  const view = progress.import;
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div>
        <p className="text-sm">
          <Link href="/profiles/import" className="text-indigo-700 hover:underline">
            ← Import profile IDs
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight [overflow-wrap:anywhere]">Import of {view.fileName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Started by {view.createdBy ?? 'a former user'}, <LocalTime ms={view.createdAt} />. Each profile is read from
          Attestr in the background and added to Find a profile.
        </p>
      </div>
      <section aria-label="Progress" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <ImportCounts view={view} />
      </section>
      {view.notFound > 0 || view.failed > 0 ? (
        <div className="flex min-w-0 flex-col gap-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <UnknownIds importId={view.id} view={view} items={progress.notFound} />
          <FailedIds view={view} items={progress.failed} />
        </div>
      ) : null}
    </div>
  );
}

import Link from 'next/link';

import { adviceFor } from '@/lib/api/error-advice';
import { errorHeading } from '@/lib/api/error-headings';
import type { AttestrError } from '@/lib/attestr/errors';

/** Shown when Attestr could not give us the profile for a reason other than "no such profile". */
export function ProfileLoadError({ profileId, error }: { profileId: string; error: AttestrError }) {
  const { actor, advice } = adviceFor({ code: error.code, context: 'load' });
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">{errorHeading({ actor, context: 'load' })}</h1>
      <p className="mt-2 text-slate-800">{error.message}</p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Profile ID</dt>
        <dd className="font-mono">{profileId}</dd>
        <dt className="text-slate-500">Code</dt>
        <dd className="font-mono">{String(error.code)}</dd>
        {error.details ? (
          <>
            <dt className="text-slate-500">Details</dt>
            <dd>{error.details}</dd>
          </>
        ) : null}
        {error.tracingId ? (
          <>
            <dt className="text-slate-500">Tracing ID</dt>
            <dd className="font-mono">{error.tracingId}</dd>
          </>
        ) : null}
      </dl>
      <p className="mt-4 rounded-md bg-slate-50 p-3 text-sm">
        <span className="font-semibold">What to do: </span>
        {advice}
      </p>
      <div className="mt-4 flex gap-4 text-sm">
        <Link
          href={`/profiles/${encodeURIComponent(profileId)}`}
          className="font-semibold text-indigo-700 hover:underline"
        >
          Try loading again
        </Link>
        <Link href="/profiles" className="text-slate-700 hover:underline">
          Back to profiles
        </Link>
      </div>
    </div>
  );
}

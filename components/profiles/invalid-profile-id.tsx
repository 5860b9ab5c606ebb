import Link from 'next/link';

/** Shown for an address whose profile id cannot be one, so Attestr is never asked about it. */
export function InvalidProfileId({ profileId, problem }: { profileId: string; problem: string }) {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">This is not a valid profile ID</h1>
      <p className="mt-2 break-all font-mono text-sm text-slate-700">{profileId}</p>
      <p className="mt-2 text-slate-800">{problem}</p>
      <p className="mt-4 rounded-md bg-slate-50 p-3 text-sm">
        <span className="font-semibold">What to do: </span>
        Check the ID you were given, then open it from the Profiles page.
      </p>
      <Link href="/profiles" className="mt-4 inline-block text-sm font-semibold text-indigo-700 hover:underline">
        Open another profile
      </Link>
    </div>
  );
}

import Link from 'next/link';

export default function ProfileNotFound() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">Profile not found</h1>
      <p className="mt-2 text-slate-700">
        Attestr has no profile with this ID that this account can access. Check the ID for typos; if it is right, the
        profile belongs to another Attestr account.
      </p>
      <Link href="/profiles" className="mt-4 inline-block text-sm font-semibold text-indigo-700 hover:underline">
        Open another profile
      </Link>
    </div>
  );
}

import Link from 'next/link';

export function AccessDenied({ what }: { what: string }) {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">You don’t have access to {what}</h1>
      <p className="mt-2 text-slate-700">Your role does not include this. Ask an administrator if you need it.</p>
      <Link href="/profiles" className="mt-4 inline-block text-sm font-semibold text-indigo-700 hover:underline">
        Back to profiles
      </Link>
    </div>
  );
}

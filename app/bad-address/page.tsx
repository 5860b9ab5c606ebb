import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Address cannot be read' };

/**
 * What an address with a malformed `%` (or an encoded slash) is answered with, status 400, by
 * proxy.ts: nothing behind sign-in is shown or needed to say so.
 */
export default function BadAddress() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold text-slate-500">Attestr Profile Console</p>
        <h1 className="mt-1 text-xl font-bold">This address cannot be read</h1>
        <p className="mt-2 text-slate-700">
          Part of the address is garbled, so the console cannot tell which page it names. The link may have been cut or
          changed when it was copied: open the page again from the console.
        </p>
        <Link
          href="/profiles"
          className="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
        >
          Go to Profiles
        </Link>
      </div>
    </main>
  );
}

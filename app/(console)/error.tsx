'use client';

export default function ConsoleError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-rose-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        The console hit an unexpected problem. Try again; if it keeps happening, tell an administrator the time it
        happened.
      </p>
      <button type="button" onClick={reset} className="mt-4 text-sm font-semibold text-indigo-700 hover:underline">
        Try again
      </button>
    </div>
  );
}

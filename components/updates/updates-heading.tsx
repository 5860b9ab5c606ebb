/** The updates page's title, and what it lists for this viewer. */
export function UpdatesHeading({ ownOnly }: { ownOnly: boolean }) {
  return (
    <div>
      <h1 className="text-2xl font-bold tracking-tight">Updates</h1>
      <p className="mt-1 text-sm text-slate-600">
        {ownOnly
          ? 'Every change you have asked for, newest first, and how it went at Attestr.'
          : 'Every change asked for through the console, newest first, and how it went at Attestr.'}
      </p>
    </div>
  );
}

'use client';

/** What makes the file unusable as it is: nothing can start until it is fixed. */
export function CheckProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
      <p className="font-semibold">This file cannot be used as it is:</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p className="mt-2">Fix the file or the columns above, then check it again. Nothing has been sent.</p>
    </div>
  );
}

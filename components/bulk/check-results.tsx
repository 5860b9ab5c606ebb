'use client';

import { Button } from '@/components/ui/button';
import { plural } from '@/components/bulk/words';
import type { CsvCheckSummary } from '@/lib/bulk/csv-reader';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS } from '@/lib/shared/profile-fields';

/** Saves a Blob under a name, as a link the person clicked would. */
function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function invalidRowsFileName(fileName: string): string {
  return `${fileName.replace(/\.csv$/i, '') || 'file'}-invalid-rows.csv`;
}

/** What the check of a file found: its problems, the lines with one, and a sample of the changes. */
export function CheckResults({ summary, fileName }: { summary: CsvCheckSummary; fileName: string }) {
  const { problems, invalid, invalidCount, validCount, rowCount, sample } = summary;
  return (
    <div className="flex min-w-0 flex-col gap-4" data-testid="check-results">
      <p className="font-medium text-slate-900" role="status">
        {plural(rowCount, 'line')} in the file
        {problems.length === 0
          ? `: ${plural(validCount, 'line')} ready to send, ${plural(invalidCount, 'line')} with a problem.`
          : '.'}
      </p>

      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
          <p className="font-semibold">This file cannot be used as it is:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <p className="mt-2">Fix the file or the columns above, then check it again. Nothing has been sent.</p>
        </div>
      ) : null}

      {invalidCount > 0 ? (
        <section aria-label="Lines with a problem" className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">
              Lines with a problem
              {invalidCount > invalid.length
                ? ` (the first ${invalid.length} of ${invalidCount.toLocaleString('en')})`
                : ''}
            </h3>
            {summary.invalidCsv ? (
              <Button
                variant="secondary"
                onClick={() => summary.invalidCsv && download(summary.invalidCsv, invalidRowsFileName(fileName))}
              >
                Download invalid rows
              </Button>
            ) : null}
          </div>
          <p className="text-sm text-slate-600">
            These lines will not be sent. Download them with the reason in an “error” column, fix them and upload that
            file again.
          </p>
          <div className="max-h-96 overflow-auto rounded-md border border-slate-200">
            <table className="w-full min-w-[32rem] text-left text-sm">
              <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Line
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Values
                  </th>
                  <th scope="col" className="px-3 py-2 font-semibold">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invalid.map((row) => (
                  <tr key={row.line} data-line={row.line}>
                    <td className="px-3 py-2 align-top font-mono">{row.line}</td>
                    <td className="px-3 py-2 align-top font-mono text-xs [overflow-wrap:anywhere]">
                      {row.cells.join(', ')}
                    </td>
                    <td className="px-3 py-2 align-top text-rose-900">{row.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {sample.length > 0 ? (
        <section aria-label="Sample of the changes" className="flex min-w-0 flex-col gap-2">
          <h3 className="text-sm font-semibold text-slate-900">The first {plural(sample.length, 'change')} to send</h3>
          <ul className="flex flex-col divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
            {sample.map((change) => (
              <li key={change.line} className="flex flex-col gap-1 p-2 sm:flex-row sm:gap-4">
                <span className="shrink-0 text-slate-500">Line {change.line}</span>
                <span className="shrink-0 font-mono [overflow-wrap:anywhere]">{change.profileId}</span>
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  {PROFILE_FIELDS.filter((field) => change.set[field] !== undefined)
                    .map((field) => `${PROFILE_FIELD_LABELS[field]} → ${change.set[field]}`)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
          <p className="text-sm text-slate-600">Empty cells leave those fields as Attestr holds them.</p>
        </section>
      ) : null}
    </div>
  );
}

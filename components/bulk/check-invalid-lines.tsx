'use client';

import { Button } from '@/components/ui/button';
import type { CsvCheckSummary } from '@/lib/bulk/csv-reader';

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

/** The first lines with a problem, each with its reason, and every one of them as a file to fix. */
export function CheckInvalidLines({ summary, fileName }: { summary: CsvCheckSummary; fileName: string }) {
  const { invalid, invalidCount } = summary;
  if (invalidCount <= 0) return null;
  return (
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
        These lines will not be sent. Download them with the reason in an “error” column, fix them and upload that file
        again.
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
  );
}

'use client';

import { CheckInvalidLines } from '@/components/bulk/check-invalid-lines';
import { CheckProblems } from '@/components/bulk/check-problems';
import { CheckSample } from '@/components/bulk/check-sample';
import { plural } from '@/components/bulk/words';
import type { CsvCheckSummary } from '@/lib/bulk/csv-reader';

/** What the check of a file found: its problems, the lines with one, and a sample of the changes. */
export function CheckResults({ summary, fileName }: { summary: CsvCheckSummary; fileName: string }) {
  const { problems, invalidCount, validCount, rowCount } = summary;
  return (
    <div className="flex min-w-0 flex-col gap-4" data-testid="check-results">
      <p className="font-medium text-slate-900" role="status">
        {plural(rowCount, 'line')} in the file
        {problems.length === 0
          ? `: ${plural(validCount, 'line')} ready to send, ${plural(invalidCount, 'line')} with a problem.`
          : '.'}
      </p>
      <CheckProblems problems={problems} />
      <CheckInvalidLines summary={summary} fileName={fileName} />
      <CheckSample sample={summary.sample} />
    </div>
  );
}

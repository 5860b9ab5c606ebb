import Link from 'next/link';
import type { ComponentProps } from 'react';

import { FailuresChart } from '@/components/updates/failures-chart';
import { RetryAllPanel } from '@/components/updates/retry-all-panel';

/**
 * The count of open failures (opening them as a list), their chart by day, and "Retry all" for
 * those who may retry.
 */
export function OpenFailures({
  open,
  chart,
  retryAll,
}: {
  open: number;
  chart: ComponentProps<typeof FailuresChart>;
  /** Null for those who may not retry. */
  retryAll: ComponentProps<typeof RetryAllPanel> | null;
}) {
  return (
    <section
      aria-label="Open failures"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      {/* Actions on all the filtered updates sit in this row, beside the count. */}
      <div className="flex flex-wrap items-center gap-3">
        <Link
          href="/updates?outcome=open"
          className="text-base font-semibold text-indigo-700 hover:underline"
          data-testid="open-failures"
        >
          {open === 0 ? 'No open failures' : `${open.toLocaleString('en')} open ${open === 1 ? 'failure' : 'failures'}`}
        </Link>
        <span className="text-sm text-slate-600">failed or with an unknown outcome, and not yet dealt with</span>
      </div>
      <FailuresChart days={chart.days} counts={chart.counts} />
      {retryAll ? <RetryAllPanel {...retryAll} /> : null}
    </section>
  );
}

import { FailuresBars } from '@/components/updates/failures-bars';
import { codeLabel, dayLabel, failureTotals, type FailureCount } from '@/components/updates/failures-chart-data';
import { FailuresTable } from '@/components/updates/failures-table';

export type { FailureCount };

/**
 * Failures per day, stacked by error code: a plain SVG drawn on the server, each bar titled
 * with its numbers, and the same numbers in a table under it.
 */
export function FailuresChart({ days, counts }: { days: string[]; counts: FailureCount[] }) {
  const totals = failureTotals(counts);
  const period = days.length ? `${dayLabel(days[0] as string)} – ${dayLabel(days.at(-1) as string)}` : '';

  return (
    <figure aria-labelledby="failures-chart-caption" className="flex flex-col gap-2">
      <figcaption id="failures-chart-caption" className="text-sm font-semibold text-slate-800">
        Failures by error code per day, {period} (UTC): {totals.total}
      </figcaption>
      {totals.total === 0 ? (
        <p className="text-sm text-slate-600">No failures in this period.</p>
      ) : (
        <>
          <FailuresBars days={days} counts={counts} totals={totals} />
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Error codes">
            {totals.codes.map((code) => (
              <li key={code ?? ''} className="flex items-center gap-1">
                <span
                  aria-hidden
                  className="inline-block h-3 w-3 rounded-sm"
                  style={{ background: totals.colour(code) }}
                />
                {codeLabel(code)}: {totals.byCode.get(code)}
              </li>
            ))}
          </ul>
          <FailuresTable counts={counts} />
        </>
      )}
    </figure>
  );
}

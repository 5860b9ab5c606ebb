export interface FailureCount {
  day: string;
  code: string | null;
  count: number;
}

const COLOURS = ['#e11d48', '#d97706', '#4f46e5', '#0891b2', '#7c3aed', '#059669', '#db2777', '#475569'];
const BAR = 16;
const GAP = 4;
const HEIGHT = 96;

const codeLabel = (code: string | null) => code ?? 'No code';
const dayLabel = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(day));

/**
 * Failures per day, stacked by error code: a plain SVG drawn on the server, each bar titled
 * with its numbers, and the same numbers in a table under it.
 */
export function FailuresChart({ days, counts }: { days: string[]; counts: FailureCount[] }) {
  const totals = new Map<string | null, number>();
  for (const row of counts) totals.set(row.code, (totals.get(row.code) ?? 0) + row.count);
  // The commonest code first, each with a colour of its own (the last one shared by the rest).
  const codes = [...totals.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code);
  const colour = (code: string | null) => COLOURS[Math.min(codes.indexOf(code), COLOURS.length - 1)];
  const perDay = new Map<string, number>();
  for (const row of counts) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.count);
  const highest = Math.max(1, ...perDay.values());
  const total = [...perDay.values()].reduce((sum, n) => sum + n, 0);
  const width = days.length * (BAR + GAP);
  const period = days.length ? `${dayLabel(days[0] as string)} – ${dayLabel(days.at(-1) as string)}` : '';

  return (
    <figure aria-labelledby="failures-chart-caption" className="flex flex-col gap-2">
      <figcaption id="failures-chart-caption" className="text-sm font-semibold text-slate-800">
        Failures by error code per day, {period} (UTC): {total}
      </figcaption>
      {total === 0 ? (
        <p className="text-sm text-slate-600">No failures in this period.</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${width} ${HEIGHT}`}
            preserveAspectRatio="none"
            className="h-24 w-full"
            role="img"
            aria-labelledby="failures-chart-caption"
          >
            {days.map((day, index) => {
              let y = HEIGHT;
              return (
                <g key={day}>
                  {codes.map((code) => {
                    const count = counts.find((row) => row.day === day && row.code === code)?.count ?? 0;
                    if (count === 0) return null;
                    const height = (count / highest) * (HEIGHT - 4);
                    y -= height;
                    return (
                      <rect
                        key={code ?? ''}
                        x={index * (BAR + GAP) + GAP / 2}
                        y={y}
                        width={BAR}
                        height={height}
                        fill={colour(code)}
                      >
                        <title>{`${dayLabel(day)}: ${count} with ${codeLabel(code)}`}</title>
                      </rect>
                    );
                  })}
                </g>
              );
            })}
          </svg>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Error codes">
            {codes.map((code) => (
              <li key={code ?? ''} className="flex items-center gap-1">
                <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ background: colour(code) }} />
                {codeLabel(code)}: {totals.get(code)}
              </li>
            ))}
          </ul>
          <details className="text-sm">
            <summary className="cursor-pointer font-medium text-indigo-700">The numbers</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="text-left text-xs">
                <caption className="sr-only">Failures by day and error code</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pr-4">
                      Day
                    </th>
                    <th scope="col" className="pr-4">
                      Error code
                    </th>
                    <th scope="col">Failures</th>
                  </tr>
                </thead>
                <tbody>
                  {counts.map((row) => (
                    <tr key={`${row.day} ${row.code ?? ''}`}>
                      <td className="pr-4">{row.day}</td>
                      <td className="pr-4 font-mono">{codeLabel(row.code)}</td>
                      <td>{row.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

import { codeLabel, dayLabel, type FailureCount, type FailureTotals } from '@/components/updates/failures-chart-data';

const BAR = 16;
const GAP = 4;
const HEIGHT = 96;

/** A bar per day, stacked by code, each part titled with its day, count and code. */
export function FailuresBars({
  days,
  counts,
  totals: { codes, highest, colour },
}: {
  days: string[];
  counts: FailureCount[];
  totals: FailureTotals;
}) {
  const width = days.length * (BAR + GAP);
  return (
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
  );
}

export interface FailureCount {
  day: string;
  code: string | null;
  count: number;
}

const COLOURS = ['#e11d48', '#d97706', '#4f46e5', '#0891b2', '#7c3aed', '#059669', '#db2777', '#475569'];

export const codeLabel = (code: string | null) => code ?? 'No code';
export const dayLabel = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(day));

/** The sums the chart is drawn from. */
export interface FailureTotals {
  /** Failures per code, over the whole period. */
  byCode: Map<string | null, number>;
  /** The codes, the commonest first. */
  codes: (string | null)[];
  /** The most failures on one day, at least 1. */
  highest: number;
  total: number;
  /** Each code's colour, the last one shared by the rarest codes. */
  colour: (code: string | null) => string | undefined;
}

export function failureTotals(counts: readonly FailureCount[]): FailureTotals {
  const byCode = new Map<string | null, number>();
  for (const row of counts) byCode.set(row.code, (byCode.get(row.code) ?? 0) + row.count);
  const codes = [...byCode.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code);
  const colour = (code: string | null) => COLOURS[Math.min(codes.indexOf(code), COLOURS.length - 1)];
  const perDay = new Map<string, number>();
  for (const row of counts) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.count);
  const highest = Math.max(1, ...perDay.values());
  const total = [...perDay.values()].reduce((sum, n) => sum + n, 0);
  return { byCode, codes, highest, total, colour };
}

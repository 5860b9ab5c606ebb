import { attestrErrorCodes, consoleErrorCodes } from '@/lib/errors/codes';

export interface FailureCount {
  day: string;
  code: string | null;
  count: number;
}

/** Sixteen colours told apart on white, taken in turn by the codes of the table. */
const PALETTE = [
  '#e11d48',
  '#d97706',
  '#4f46e5',
  '#0891b2',
  '#7c3aed',
  '#059669',
  '#db2777',
  '#65a30d',
  '#b91c1c',
  '#2563eb',
  '#a16207',
  '#0d9488',
  '#9333ea',
  '#ea580c',
  '#15803d',
  '#0369a1',
];
/** A failure recorded without a code. */
const NO_CODE_COLOUR = '#475569';

/** Every code in the order of the table of codes (Attestr's, then the console's): the key to a colour. */
const CODE_ORDER: ReadonlyMap<string, number> = new Map(
  [...[...attestrErrorCodes.keys()].map(String), ...Object.keys(consoleErrorCodes)].map((code, index) => [code, index]),
);

/**
 * A code's colour, the same on every day, in every period and whatever other codes are shown:
 * from the code's place in the table of codes. A code the table does not hold takes one from
 * its letters. The chart names each code beside its colour, so colour is never the only cue.
 */
export function codeColour(code: string | null): string {
  if (code === null) return NO_CODE_COLOUR;
  let index = CODE_ORDER.get(code);
  if (index === undefined) index = [...code].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 9973, 7);
  return PALETTE[index % PALETTE.length] as string;
}

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
  /** Each code's colour (codeColour). */
  colour: (code: string | null) => string;
}

export function failureTotals(counts: readonly FailureCount[]): FailureTotals {
  const byCode = new Map<string | null, number>();
  for (const row of counts) byCode.set(row.code, (byCode.get(row.code) ?? 0) + row.count);
  const codes = [...byCode.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code);
  const colour = codeColour;
  const perDay = new Map<string, number>();
  for (const row of counts) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.count);
  const highest = Math.max(1, ...perDay.values());
  const total = [...perDay.values()].reduce((sum, n) => sum + n, 0);
  return { byCode, codes, highest, total, colour };
}

/** The updates page's goals at scale: a page under this much server time… */
export const INBOX_PAGE_LIMIT_MS = 100;
/** …and no more than this many times its time at the smallest size. */
export const INBOX_GROWTH_LIMIT = 2;

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface InboxTiming {
  engine: string;
  size: number;
  scenario: string;
  rows: number;
  firstPage: Percentiles;
  /** Null for a query that has no next page (the chart, the count). */
  nextPage: Percentiles | null;
}

export interface InboxRatio {
  engine: string;
  scenario: string;
  /** p50 at the largest size over p50 at the smallest. */
  firstPage: number;
  nextPage: number | null;
  /**
   * Whether both sizes answered as many rows (full pages): only then are their times
   * compared; a query that found fewer rows at the small size is held to the time limit only.
   */
  comparable: boolean;
  /** The largest size's p95 of both pages under the limit, and (when comparable) both ratios within the limit. */
  met: boolean;
}

/** Largest size against smallest, per engine and scenario, and whether each meets the goals. */
export function inboxRatios(timings: readonly InboxTiming[], sizes: readonly number[]): InboxRatio[] {
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  const out: InboxRatio[] = [];
  for (const big of timings.filter((t) => t.size === large)) {
    const base = timings.find((t) => t.size === small && t.engine === big.engine && t.scenario === big.scenario);
    if (!base) continue;
    const firstPage = big.firstPage.p50 / base.firstPage.p50;
    const nextPage = big.nextPage && base.nextPage ? big.nextPage.p50 / base.nextPage.p50 : null;
    const underLimit = big.firstPage.p95 < INBOX_PAGE_LIMIT_MS && (big.nextPage?.p95 ?? 0) < INBOX_PAGE_LIMIT_MS;
    // The chart and the count read what the period or the open failures hold, which grows with
    // the rows: they are held to the time limit only.
    const comparable = big.nextPage !== null && big.rows === base.rows;
    const growth = !comparable || (firstPage <= INBOX_GROWTH_LIMIT && (nextPage ?? 0) <= INBOX_GROWTH_LIMIT);
    out.push({
      engine: big.engine,
      scenario: big.scenario,
      firstPage,
      nextPage,
      comparable,
      met: underLimit && growth,
    });
  }
  return out;
}

const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10);
const pair = (p: Percentiles | null) => (p ? `${ms(p.p50)} ${ms(p.p95)}` : ' '.repeat(21));

export function printInboxReport(input: {
  timings: readonly InboxTiming[];
  ratios: readonly InboxRatio[];
  plans: Record<string, string>;
}): void {
  console.log('\nUpdates page queries (in-process; first page | next page, p50 p95)');
  for (const t of input.timings) {
    console.log(
      `  ${t.engine.padEnd(8)} ${t.size.toLocaleString('en').padStart(9)}  ${t.scenario.padEnd(22)} ` +
        `${pair(t.firstPage)} | ${pair(t.nextPage)}  (${t.rows} rows)`,
    );
  }
  console.log(
    `\nLargest over smallest size (p50); goal: p95 under ${INBOX_PAGE_LIMIT_MS} ms and at most ${INBOX_GROWTH_LIMIT}×`,
  );
  for (const r of input.ratios) {
    console.log(
      `  ${r.engine.padEnd(8)} ${r.scenario.padEnd(22)} first ${r.firstPage.toFixed(2)}×` +
        `${r.nextPage === null ? '' : `  next ${r.nextPage.toFixed(2)}×`}  ${r.met ? 'met' : 'NOT MET'}` +
        `${r.comparable ? '' : ' (time limit only: not the same rows at both sizes)'}`,
    );
  }
  console.log('\nPlans at the largest size');
  for (const [name, plan] of Object.entries(input.plans)) {
    console.log(`  ${name}\n${plan.replace(/^/gm, '      ')}`);
  }
}

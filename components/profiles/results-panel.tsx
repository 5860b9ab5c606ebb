'use client';

import { lazy, Suspense, useEffect, useRef } from 'react';

import type { SaveResult } from '@/components/profiles/save-result';
import { errorInOneLine } from '@/lib/errors/attestr-said';

export type { SaveResult };

/**
 * How an outcome is shown is needed only once something is saved, so it is not part of the
 * page's first load: the form asks for it as soon as the person starts editing. Should that
 * fail (the network is down), the outcome is still shown, in plain words.
 */
export const preloadResultDetails = () => import('@/components/profiles/result-details');
const ResultDetails = lazy(() =>
  preloadResultDetails().then(
    (module) => ({ default: module.ResultDetails }),
    () => ({ default: PlainResult }),
  ),
);

function PlainResult({ result }: { result: SaveResult }) {
  return (
    <p className="text-base">
      {result.kind === 'success'
        ? 'Saved.'
        : result.kind === 'checked'
          ? result.checked.settled === 'succeeded'
            ? 'Your changes are at Attestr.'
            : 'Your changes are not at Attestr; your edits are still in the form.'
          : `Not saved: ${errorInOneLine(result.error)}`}
    </p>
  );
}

export function ResultsPanel({ result }: { result: SaveResult | null }) {
  const panel = useRef<HTMLElement>(null);
  // Saving disables the Save button, and a browser then drops its focus to the page itself: a
  // keyboard user would start again from the top. Focus moves to the outcome instead, unless
  // it is somewhere already (the field that was typed in, or one an error marked). On a phone
  // the panel is below the form, out of sight: it is brought into view.
  useEffect(() => {
    if (!result) return;
    if (document.activeElement === null || document.activeElement === document.body) {
      panel.current?.focus({ preventScroll: true });
    }
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    panel.current?.scrollIntoView?.({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
  }, [result]);
  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-label="Result"
      aria-live="polite"
      className="min-w-0 scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Result</h2>
      {result === null ? (
        <p className="text-sm text-slate-500">The outcome of your next save appears here.</p>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading the outcome…</p>}>
          <ResultDetails result={result} />
        </Suspense>
      )}
    </section>
  );
}

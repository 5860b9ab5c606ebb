import type { ReactNode } from 'react';

import { CopyButton } from '@/components/ui/copy-button';

export interface TechnicalDetailsProps {
  /** Who answered: Attestr's own documented error, or the console's. Absent with no error. */
  source?: 'attestr' | 'console';
  code?: number | string;
  /** The HTTP status behind the error; 0 or undefined when there was none (no connection). */
  httpStatus?: number;
  details?: string;
  /** Attestr's tracing ID, with a copy button for whoever contacts Attestr's support. */
  tracingId?: string;
  /** More rows, e.g. `[{ label: 'Attempt ID', value: attemptId }]` or a setting to check. */
  extra?: { label: string; value: ReactNode }[];
}

/**
 * Codes, status, tracing ID and details of an error, folded away under a native disclosure:
 * the person reads the plain sentence, what to do and Attestr's own words (shown beside them,
 * not here); whoever investigates opens this.
 */
export function TechnicalDetails({ source, code, httpStatus, details, tracingId, extra = [] }: TechnicalDetailsProps) {
  const rows: { label: string; value: ReactNode; mono?: boolean }[] = [
    ...(code === undefined
      ? []
      : [{ label: source === 'attestr' ? 'Attestr code' : 'Console code', value: String(code), mono: true }]),
    ...(httpStatus ? [{ label: 'HTTP status', value: String(httpStatus), mono: true }] : []),
    ...(details ? [{ label: 'Details', value: details }] : []),
    ...extra,
  ];
  return (
    <details className="group rounded-md border border-slate-200 bg-white text-sm">
      <summary className="cursor-pointer select-none rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
        Technical details
      </summary>
      <div className="flex flex-col gap-2 border-t border-slate-200 px-3 py-2">
        <p className="text-xs text-slate-500">For an administrator or Attestr support.</p>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          {rows.map((row) => (
            <div key={row.label} className="contents">
              <dt className="text-slate-500">{row.label}</dt>
              <dd className={`[overflow-wrap:anywhere] ${row.mono ? 'font-mono' : ''}`}>{row.value}</dd>
            </div>
          ))}
          {tracingId ? (
            <div className="contents">
              <dt className="text-slate-500">Tracing ID</dt>
              <dd className="flex flex-wrap items-center gap-2">
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 [overflow-wrap:anywhere]">
                  {tracingId}
                </code>
                <CopyButton value={tracingId} label="Copy tracing ID" />
              </dd>
            </div>
          ) : null}
        </dl>
      </div>
    </details>
  );
}

'use client';

import { useId } from 'react';

import { BULK_COLUMNS, BULK_COLUMN_LABELS, type BulkColumn, type ColumnMapping } from '@/lib/bulk/rows';

const LEAVE_OUT = '';

const BULK_INTRO =
  'The file’s headers are not the console’s own, so say what each column holds. We guessed from the names and from your last file; columns set to “Leave out” are not used.';

/**
 * One select per header of the file: which of the console's columns it fills, or none. A
 * directory import offers only the profile ID (`columns`), with words of its own (`intro`).
 */
export function ColumnMappingStep({
  headers,
  mapping,
  onChange,
  columns = BULK_COLUMNS,
  intro = BULK_INTRO,
}: {
  headers: readonly string[];
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
  columns?: readonly BulkColumn[];
  intro?: string;
}) {
  const id = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="text-base font-semibold text-slate-900">Match the columns</legend>
      <p className="text-sm text-slate-600">{intro}</p>
      <ul className="grid gap-3 sm:grid-cols-2">
        {headers.map((header, index) => (
          <li key={`${index}-${header}`} className="flex min-w-0 flex-col gap-1">
            <label htmlFor={`${id}-${index}`} className="text-sm font-medium [overflow-wrap:anywhere] text-slate-800">
              {header || `Column ${index + 1} (no header)`}
            </label>
            <select
              id={`${id}-${index}`}
              value={mapping[header] ?? LEAVE_OUT}
              onChange={(event) =>
                onChange({ ...mapping, [header]: (event.target.value || null) as BulkColumn | null })
              }
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
            >
              <option value={LEAVE_OUT}>Leave out</option>
              {columns.map((column) => (
                <option key={column} value={column}>
                  {BULK_COLUMN_LABELS[column]}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

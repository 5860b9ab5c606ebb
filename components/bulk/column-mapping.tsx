'use client';

import { useId } from 'react';

import { BULK_COLUMNS, BULK_COLUMN_LABELS, type BulkColumn, type ColumnMapping } from '@/lib/bulk/rows';

const LEAVE_OUT = '';

/** One select per header of the file: which of the console's columns it fills, or none. */
export function ColumnMappingStep({
  headers,
  mapping,
  onChange,
}: {
  headers: readonly string[];
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
}) {
  const id = useId();
  return (
    <fieldset className="flex min-w-0 flex-col gap-3">
      <legend className="text-base font-semibold text-slate-900">Match the columns</legend>
      <p className="text-sm text-slate-600">
        The file’s headers are not the console’s own, so say what each column holds. We guessed from the names and from
        your last file; columns set to “Leave out” are not used.
      </p>
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
              {BULK_COLUMNS.map((column) => (
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

'use client';

import { ActionError } from '@/components/admin/action-error';
import { ColumnMappingStep } from '@/components/bulk/column-mapping';
import { CsvFilePicker } from '@/components/bulk/csv-file-picker';
import { plural } from '@/components/bulk/words';
import { useImportUpload } from '@/components/profile-import/use-import-upload';
import { Button } from '@/components/ui/button';
import type { CsvIdsSummary } from '@/lib/bulk/csv-reader';

const ID_COLUMN_ONLY = ['profileId'] as const;

/** The lines whose ID cannot be read, each with its reason: they are left out of the import. */
function InvalidIds({ ids }: { ids: CsvIdsSummary }) {
  if (ids.invalidCount === 0) return null;
  return (
    <section aria-label="IDs that cannot be read" className="flex min-w-0 flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-900">
        {plural(ids.invalidCount, 'line')} without a valid profile ID
        {ids.invalidCount > ids.invalid.length ? ` (the first ${ids.invalid.length} shown)` : ''}
      </h3>
      <p className="text-sm text-slate-600">These lines are left out. Fix them in the file and choose it again.</p>
      <div className="max-h-80 overflow-auto rounded-md border border-slate-200">
        <table className="w-full text-left text-sm">
          <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                Line
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Value
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ids.invalid.map((line) => (
              <tr key={line.line} data-line={line.line}>
                <td className="px-3 py-2 align-top font-mono">{line.line}</td>
                <td className="px-3 py-2 align-top font-mono text-xs [overflow-wrap:anywhere]">
                  {line.value || '(empty)'}
                </td>
                <td className="px-3 py-2 align-top text-rose-900">{line.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * A new directory import: a CSV file with a column of profile IDs, read and checked in the
 * browser's worker; the valid IDs (each once) are then read from Attestr by the server.
 */
export function ImportUpload() {
  const upload = useImportUpload();
  const { state, problem } = upload;
  const { file, headers, ids } = state;
  const ready = ids !== null && ids.problem === null && ids.ids.length > 0;

  return (
    <section
      aria-label="New import"
      className={`flex min-w-0 flex-col gap-5 rounded-lg border bg-white p-4 shadow-sm ${
        upload.dragging ? 'border-2 border-dashed border-indigo-500' : 'border-slate-200'
      }`}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">New import</h2>
        <p className="mt-1 text-sm text-slate-600">
          A CSV file with a column of Attestr profile IDs, such as an export of your HR system. Other columns are
          ignored. Each profile is read from Attestr so that Find a profile knows it; nothing is changed.
        </p>
      </div>

      <CsvFilePicker dragging={upload.dragging} onChoose={upload.openFile} startLabel="Start import" />

      {file ? (
        <p className="text-sm text-slate-700" aria-live="polite">
          <span className="font-medium [overflow-wrap:anywhere]">{file.name}</span>
          {state.rowCount === null && state.error === null
            ? ` — reading: ${Math.round(state.readFraction * 100)}%`
            : null}
          {state.rowCount !== null ? ` — ${plural(state.rowCount, 'line')}` : null}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-sm font-medium text-rose-800">
          {state.error}
        </p>
      ) : null}

      {headers && !state.error ? (
        <ColumnMappingStep
          headers={headers}
          mapping={upload.mapping}
          onChange={upload.changeMapping}
          columns={ID_COLUMN_ONLY}
          intro="Choose the column that holds the profile IDs. We guessed from the names; every other column is left out."
        />
      ) : null}
      {headers && problem ? (
        <p role="alert" className="text-sm font-medium text-rose-800">
          {problem}
        </p>
      ) : null}

      {ids ? (
        <div className="flex flex-col gap-4 border-t border-slate-200 pt-4">
          <p className="text-sm text-slate-900" aria-live="polite" data-testid="import-check">
            <span className="font-semibold">{plural(ids.ids.length, 'profile ID')} to read</span>
            {ids.duplicates > 0
              ? ` (${ids.duplicates === 1 ? '1 line repeats' : `${ids.duplicates.toLocaleString('en')} lines repeat`} an ID already in the file: each ID is read once)`
              : ''}
            .
          </p>
          {ids.problem ? (
            <p role="alert" className="text-sm font-medium text-rose-800">
              {ids.problem}
            </p>
          ) : null}
          <InvalidIds ids={ids} />
          {ready ? (
            <div className="flex flex-col gap-3">
              <p className="text-sm text-slate-600">
                The console reads the profiles from Attestr in the background, within its share of Attestr’s limits, so
                people’s own saves go first. You may close this tab and come back to the import’s page.
              </p>
              <div>
                <Button disabled={upload.starting} onClick={upload.start}>
                  {upload.starting ? 'Starting…' : 'Start import'}
                </Button>
              </div>
              {upload.create.error ? (
                <ActionError error={upload.create.error.error} afterSignIn="start the import again." />
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

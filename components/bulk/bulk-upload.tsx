'use client';

import { CheckResults } from '@/components/bulk/check-results';
import { ColumnMappingStep } from '@/components/bulk/column-mapping';
import { CsvFilePicker } from '@/components/bulk/csv-file-picker';
import { StartBulkUpdate } from '@/components/bulk/start-bulk-update';
import { useBulkUpload } from '@/components/bulk/use-bulk-upload';
import { plural } from '@/components/bulk/words';
import { Button } from '@/components/ui/button';
import type { ColumnMapping } from '@/lib/bulk/rows';
import type { CsvFileState } from '@/lib/bulk/use-csv-file';

/** The chosen file's name, how far it has been read and its count of lines; or why it cannot be read. */
function CsvFileStatus({ state }: { state: CsvFileState }) {
  const { file } = state;
  const reading = file !== null && state.rowCount === null && state.error === null;
  return (
    <>
      {file ? (
        <p className="text-sm text-slate-700" aria-live="polite">
          <span className="font-medium [overflow-wrap:anywhere]">{file.name}</span>
          {reading ? ` — reading: ${Math.round(state.readFraction * 100)}%` : null}
          {state.rowCount !== null ? ` — ${plural(state.rowCount, 'line')}` : null}
        </p>
      ) : null}

      {state.error ? (
        <p role="alert" className="text-sm font-medium text-rose-800">
          {state.error}
        </p>
      ) : null}
    </>
  );
}

/** "Check file", and how far the check has gone while it runs. */
function CheckFileRow({ state, onCheck }: { state: CsvFileState; onCheck: () => void }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant={state.summary ? 'secondary' : 'primary'}
        disabled={state.rowCount === null || state.checking !== null}
        onClick={onCheck}
      >
        Check file
      </Button>
      {state.checking ? (
        <span className="text-sm text-slate-700" aria-live="polite">
          Checking: {state.checking.done.toLocaleString('en')} of {plural(state.checking.total, 'line')}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A new bulk update: the file is read and every line checked in the browser's worker, the
 * columns matched when the file's headers are not the console's, and only then is the file
 * sent to the server, which checks it again and sends it line by line in the background.
 */
export function BulkUpload({
  role,
  lastMapping,
  editableFieldsText,
}: {
  role: string;
  lastMapping: ColumnMapping | null;
  /** What the person's role may change, in words ("Email and Mobile"). */
  editableFieldsText: string;
}) {
  const upload = useBulkUpload({ role, lastMapping });
  const { state, mapping } = upload;
  const { file, headers, summary } = state;

  return (
    <section
      aria-label="New bulk update"
      className={`flex min-w-0 flex-col gap-5 rounded-lg border bg-white p-4 shadow-sm ${
        upload.dragging ? 'border-2 border-dashed border-indigo-500' : 'border-slate-200'
      }`}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">New bulk update</h2>
        <p className="mt-1 text-sm text-slate-600">
          A CSV file with a line per profile: a column with the profile ID, and a column for each field to change. Your
          role may change {editableFieldsText}. An empty cell leaves that field as Attestr holds it.
        </p>
      </div>

      <CsvFilePicker dragging={upload.dragging} onChoose={upload.openFile} />

      <CsvFileStatus state={state} />

      {headers &&
      (upload.needsMapping || (summary?.problems.length ?? 0) > 0 || upload.mappingEdited) &&
      !state.error ? (
        <ColumnMappingStep headers={headers} mapping={mapping} onChange={upload.changeMapping} />
      ) : null}

      {headers && !state.error ? <CheckFileRow state={state} onCheck={upload.checkFile} /> : null}

      {summary && file ? <CheckResults summary={summary} fileName={file.name} /> : null}

      {summary && file && summary.problems.length === 0 && summary.validCount > 0 ? (
        <StartBulkUpdate
          validCount={summary.validCount}
          dryRun={upload.dryRun}
          onDryRunChange={upload.setDryRun}
          starting={upload.starting}
          onStart={() => void upload.start()}
          error={upload.create.error}
        />
      ) : null}
    </section>
  );
}

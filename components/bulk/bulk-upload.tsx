'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { CheckResults } from '@/components/bulk/check-results';
import { ColumnMappingStep } from '@/components/bulk/column-mapping';
import { plural } from '@/components/bulk/words';
import { Button } from '@/components/ui/button';
import { BULK_COLUMNS, headersMatchColumns, suggestMapping, type ColumnMapping } from '@/lib/bulk/rows';
import { useCsvFile } from '@/lib/bulk/use-csv-file';
import { useCreateBulkJob } from '@/lib/queries/bulk';

/** Each header that is one of the console's columns fills it; any other is left out. */
function ownColumns(headers: readonly string[]): ColumnMapping {
  const known = new Set<string>(BULK_COLUMNS);
  return Object.fromEntries(
    headers.map((header) => [header, known.has(header) ? (header as (typeof BULK_COLUMNS)[number]) : null]),
  );
}

function filesOf(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
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
  const id = useId();
  const router = useRouter();
  const { state, open, check, clearCheck } = useCsvFile();
  const create = useCreateBulkJob();
  const resetCreate = create.reset;
  const [edited, setEdited] = useState<{ file: File; mapping: ColumnMapping } | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [leaving, setLeaving] = useState(false);

  const { file, headers, summary } = state;
  const needsMapping = headers !== null && !headersMatchColumns(headers);
  const suggested = headers === null ? {} : needsMapping ? suggestMapping(headers, lastMapping) : ownColumns(headers);
  const mapping = edited && edited.file === file ? edited.mapping : suggested;

  // A file dropped anywhere on the page is taken as if chosen with the file input.
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!filesOf(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!filesOf(event)) return;
      event.preventDefault();
      setDragging(false);
      const dropped = event.dataTransfer?.files[0];
      if (dropped) {
        resetCreate();
        open(dropped);
      }
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [open, resetCreate]);

  const changeMapping = (next: ColumnMapping) => {
    if (file) setEdited({ file, mapping: next });
    clearCheck();
  };

  const start = async () => {
    if (!file) return;
    const csv = await file.text();
    create.mutate(
      { fileName: file.name, csv, mapping, dryRun },
      {
        onSuccess: ({ job }) => {
          setLeaving(true);
          router.push(`/bulk/${encodeURIComponent(job.id)}`);
        },
      },
    );
  };

  const serverProblems = create.error?.error.problems;
  const reading = file !== null && state.rowCount === null && state.error === null;

  return (
    <section
      aria-label="New bulk update"
      className={`flex min-w-0 flex-col gap-5 rounded-lg border bg-white p-4 shadow-sm ${
        dragging ? 'border-2 border-dashed border-indigo-500' : 'border-slate-200'
      }`}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">New bulk update</h2>
        <p className="mt-1 text-sm text-slate-600">
          A CSV file with a line per profile: a column with the profile ID, and a column for each field to change. Your
          role may change {editableFieldsText}. An empty cell leaves that field as Attestr holds it.
        </p>
      </div>

      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-file`} className="text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`${id}-file-hint`}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) {
              create.reset();
              open(chosen);
            }
            event.target.value = '';
          }}
          className="max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-semibold file:text-indigo-800 hover:file:bg-indigo-100"
        />
        <p id={`${id}-file-hint`} className="text-xs text-slate-600">
          {dragging
            ? 'Drop the file to check it.'
            : 'Or drop the file anywhere on this page. Nothing is sent until you press Start update.'}
        </p>
      </div>

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

      {headers && (needsMapping || (summary?.problems.length ?? 0) > 0 || edited?.file === file) && !state.error ? (
        <ColumnMappingStep headers={headers} mapping={mapping} onChange={changeMapping} />
      ) : null}

      {headers && !state.error ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant={summary ? 'secondary' : 'primary'}
            disabled={state.rowCount === null || state.checking !== null}
            onClick={() => {
              create.reset();
              check(mapping, role);
            }}
          >
            Check file
          </Button>
          {state.checking ? (
            <span className="text-sm text-slate-700" aria-live="polite">
              Checking: {state.checking.done.toLocaleString('en')} of {plural(state.checking.total, 'line')}
            </span>
          ) : null}
        </div>
      ) : null}

      {summary && file ? <CheckResults summary={summary} fileName={file.name} /> : null}

      {summary && file && summary.problems.length === 0 && summary.validCount > 0 ? (
        <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4"
              checked={dryRun}
              onChange={(event) => setDryRun(event.target.checked)}
            />
            <span>Dry run first: read each profile and show what would change, before anything is sent</span>
          </label>
          <p className="text-sm text-slate-600">
            {dryRun
              ? `The console reads the ${plural(summary.validCount, 'profile')} from Attestr and shows what would change; nothing is changed until you press Start update on the next page.`
              : `The console sends the ${plural(summary.validCount, 'line')} ready to send to Attestr, one by one, within its share of Attestr’s limits.`}{' '}
            It runs on the server: you may close this tab and come back to the job’s page at any time.
          </p>
          <div>
            <Button disabled={create.isPending || leaving} onClick={() => void start()}>
              {create.isPending || leaving ? 'Starting…' : 'Start update'}
            </Button>
          </div>
          {create.error ? (
            serverProblems && serverProblems.length > 0 ? (
              <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900">
                <p className="font-semibold">The console refused this file:</p>
                <ul className="mt-1 list-disc pl-5">
                  {serverProblems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <ActionError error={create.error.error} afterSignIn="start the update again." />
            )
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

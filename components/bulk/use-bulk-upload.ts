'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';

import { DRY_RUN_BY_DEFAULT_OVER } from '@/components/bulk/start-bulk-update';
import { usePageFileDrop } from '@/components/bulk/use-page-file-drop';
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

/**
 * A new bulk update's steps: the file chosen or dropped and read in the browser's worker, its
 * columns matched, its lines checked, then the job created and its page opened.
 */
export function useBulkUpload({ role, lastMapping }: { role: string; lastMapping: ColumnMapping | null }) {
  const router = useRouter();
  const { state, open, check, clearCheck } = useCsvFile();
  const create = useCreateBulkJob();
  const resetCreate = create.reset;
  const [edited, setEdited] = useState<{ file: File; mapping: ColumnMapping } | null>(null);
  // The person's choice for this file; until they make one, a long file has its dry run ticked.
  const [dryRunChoice, setDryRunChoice] = useState<{ file: File; dryRun: boolean } | null>(null);
  const [leaving, setLeaving] = useState(false);

  const openFile = useCallback(
    (chosen: File) => {
      resetCreate();
      open(chosen);
    },
    [open, resetCreate],
  );
  const dragging = usePageFileDrop(openFile);

  const { file, headers } = state;
  const needsMapping = headers !== null && !headersMatchColumns(headers);
  const suggested = headers === null ? {} : needsMapping ? suggestMapping(headers, lastMapping) : ownColumns(headers);
  const mapping = edited && edited.file === file ? edited.mapping : suggested;
  const dryRun =
    dryRunChoice && dryRunChoice.file === file
      ? dryRunChoice.dryRun
      : (state.summary?.validCount ?? 0) > DRY_RUN_BY_DEFAULT_OVER;
  const setDryRun = (next: boolean) => {
    if (file) setDryRunChoice({ file, dryRun: next });
  };

  const changeMapping = (next: ColumnMapping) => {
    if (file) setEdited({ file, mapping: next });
    clearCheck();
  };

  const checkFile = () => {
    create.reset();
    check(mapping, role);
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

  return {
    state,
    create,
    mapping,
    needsMapping,
    mappingEdited: edited?.file === file,
    dryRun,
    setDryRun,
    starting: create.isPending || leaving,
    dragging,
    openFile,
    changeMapping,
    checkFile,
    start,
  };
}

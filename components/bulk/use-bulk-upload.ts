'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';

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
  const [dryRun, setDryRun] = useState(false);
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

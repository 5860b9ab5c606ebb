'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';

import { usePageFileDrop } from '@/components/bulk/use-page-file-drop';
import { suggestMapping, type ColumnMapping } from '@/lib/bulk/rows';
import { useCsvFile } from '@/lib/bulk/use-csv-file';
import { useCreateProfileImport } from '@/lib/queries/profile-imports';

/** The column bulk's suggestion takes for the profile ID; a file of one column is that column. */
function suggestIdColumn(headers: readonly string[]): ColumnMapping {
  const suggested = suggestMapping(headers);
  const mapping: ColumnMapping = Object.fromEntries(
    headers.map((header) => [header, suggested[header] === 'profileId' ? 'profileId' : null]),
  );
  if (headers.length === 1 && headers[0] !== undefined) mapping[headers[0]] = 'profileId';
  return mapping;
}

/** What stops the chosen column from being used: none chosen, or more than one. */
function idColumnProblem(columns: readonly string[]): string | null {
  if (columns.length === 0) return 'Choose which column holds the profile IDs.';
  if (columns.length > 1) {
    return `Only one column can hold the profile IDs; ${columns.map((column) => `“${column}”`).join(' and ')} both do. Keep one.`;
  }
  return null;
}

/**
 * A directory import's steps: the file chosen or dropped and read in the bulk page's CSV worker,
 * the column of profile IDs chosen (guessed as bulk guesses it), its IDs checked there, then the
 * import started and its page opened.
 */
export function useImportUpload() {
  const router = useRouter();
  const { state, open, checkIds, clearCheck } = useCsvFile();
  const create = useCreateProfileImport();
  const resetCreate = create.reset;
  const [edited, setEdited] = useState<{ file: File; mapping: ColumnMapping } | null>(null);
  const [leaving, setLeaving] = useState(false);

  const openFile = useCallback(
    (chosen: File) => {
      resetCreate();
      open(chosen);
    },
    [open, resetCreate],
  );
  const dragging = usePageFileDrop(openFile);

  const { file, headers, rowCount } = state;
  const mapping = edited && edited.file === file ? edited.mapping : headers ? suggestIdColumn(headers) : {};
  const idColumns = Object.keys(mapping).filter((header) => mapping[header] === 'profileId');
  const problem = headers ? idColumnProblem(idColumns) : null;
  const idColumn = problem === null ? (idColumns[0] ?? null) : null;

  // The IDs are checked as soon as the file is read and whenever the column changes.
  useEffect(() => {
    if (rowCount !== null && idColumn !== null) checkIds(idColumn);
  }, [file, rowCount, idColumn, checkIds]);

  const changeMapping = (next: ColumnMapping) => {
    if (file) setEdited({ file, mapping: next });
    clearCheck();
  };

  const start = () => {
    if (!file || !state.ids) return;
    create.mutate(
      { fileName: file.name, profileIds: state.ids.ids },
      {
        onSuccess: (answer) => {
          setLeaving(true);
          router.push(`/profiles/import/${encodeURIComponent(answer.import.id)}`);
        },
      },
    );
  };

  return {
    state,
    mapping,
    problem,
    create,
    starting: create.isPending || leaving,
    dragging,
    openFile,
    changeMapping,
    start,
  };
}

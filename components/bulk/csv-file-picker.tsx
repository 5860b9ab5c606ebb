'use client';

import { useId } from 'react';

/** The CSV file input, which says that a file may also be dropped anywhere on the page. */
export function CsvFilePicker({
  dragging,
  onChoose,
  startLabel = 'Start update',
}: {
  dragging: boolean;
  onChoose: (file: File) => void;
  /** The button after which something is sent. */
  startLabel?: string;
}) {
  const id = useId();
  return (
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
          if (chosen) onChoose(chosen);
          event.target.value = '';
        }}
        className="max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-semibold file:text-indigo-800 hover:file:bg-indigo-100"
      />
      <p id={`${id}-file-hint`} className="text-xs text-slate-600">
        {dragging
          ? 'Drop the file to check it.'
          : `Or drop the file anywhere on this page. Nothing is sent until you press ${startLabel}.`}
      </p>
    </div>
  );
}

'use client';

import { useId } from 'react';

import { Button } from '@/components/ui/button';

/** A note on how an update was dealt with, and the buttons that resolve it with that note. */
export function ResolveForm({
  note,
  onNoteChange,
  cannotChange,
  busy,
  pending,
  onResolve,
}: {
  note: string;
  onNoteChange: (note: string) => void;
  /** An archived profile's refusal: it may also be resolved as one that cannot change. */
  cannotChange: boolean;
  busy: boolean;
  pending: boolean;
  onResolve: (kind: 'resolved' | 'cannot_change') => void;
}) {
  const noteId = useId();
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={noteId} className="text-sm font-medium text-slate-800">
        Note {cannotChange ? <span className="font-normal text-slate-500">(optional for “cannot change”)</span> : null}
      </label>
      <textarea
        id={noteId}
        value={note}
        onChange={(event) => onNoteChange(event.target.value)}
        maxLength={500}
        rows={2}
        aria-describedby={`${noteId}-hint`}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
      />
      <p id={`${noteId}-hint`} className="text-xs text-slate-500">
        How it was dealt with, for example a ticket number. Resolving sends nothing to Attestr.
      </p>
      <div className="flex flex-wrap gap-3">
        <Button
          variant="secondary"
          onClick={() => onResolve('resolved')}
          disabled={busy || note.trim() === ''}
          aria-busy={pending || undefined}
        >
          Resolve
        </Button>
        {cannotChange ? (
          <Button variant="secondary" onClick={() => onResolve('cannot_change')} disabled={busy}>
            Resolve as cannot change
          </Button>
        ) : null}
      </div>
    </div>
  );
}

'use client';

import { useId, useState, type FormEvent } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { Button } from '@/components/ui/button';
import { useResolveMany, type ResolveManyInput } from '@/lib/queries/updates';
import type { ResolveManyResponse } from '@/lib/shared/api-types';

const NOTE_MAX = 500;

function plural(count: number, one: string, many = `${one}s`) {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function doneWords(answer: ResolveManyResponse): string {
  const parts = [`Resolved ${plural(answer.resolved, 'update')}.`];
  if (answer.skipped > 0) {
    parts.push(`${plural(answer.skipped, 'update was', 'updates were')} no longer open and left as they were.`);
  }
  return parts.join(' ');
}

/** The question and the note, in place, before anything is resolved. */
function ConfirmResolve({
  count,
  what,
  pending,
  onConfirm,
  onCancel,
}: {
  count: number;
  /** "open failures" or "selected updates". */
  what: string;
  pending: boolean;
  onConfirm: (note: string) => void;
  onCancel: () => void;
}) {
  const noteId = useId();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const question = `Resolve ${count.toLocaleString('en')} ${what}?`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!note.trim()) setMissing(true);
    else onConfirm(note.trim());
  };
  return (
    <form
      aria-label="Confirm resolving"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900"
    >
      <p className="font-semibold">{question}</p>
      <p>
        Each is marked resolved with your note, as when resolved one by one. Nothing is sent to Attestr, and they leave
        the open failures.
      </p>
      <label htmlFor={noteId} className="font-medium">
        Note: how they were resolved
      </label>
      <textarea
        id={noteId}
        value={note}
        maxLength={NOTE_MAX}
        rows={2}
        autoFocus
        aria-invalid={missing}
        aria-describedby={missing ? `${noteId}-missing` : undefined}
        onChange={(event) => {
          setNote(event.target.value);
          setMissing(false);
        }}
        className="rounded-md border border-slate-300 bg-white px-3 py-2"
      />
      {missing ? (
        <p id={`${noteId}-missing`} className="text-rose-700">
          Write a note saying how they were resolved, for whoever looks at them later.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Resolving…' : `Resolve ${plural(count, what.replace(/s$/, ''))}`}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/**
 * "Resolve selected" and "Resolve all" above the list, for those who may resolve: one note for
 * the ticked updates, or for every open failure of the page's filter, after a question that
 * states the count.
 */
export function ResolveMany({
  selected,
  openInView,
  filter,
  upTo,
  onResolved,
}: {
  selected: string[];
  /** The open failures of the page's filter, as counted when it was shown. */
  openInView: number;
  filter: Record<string, string>;
  upTo: number;
  onResolved: () => void;
}) {
  const [asking, setAsking] = useState<'selected' | 'all' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const resolve = useResolveMany();
  const send = (note: string) => {
    const input: ResolveManyInput = asking === 'selected' ? { attemptIds: selected, note } : { filter, upTo, note };
    setDone(null);
    resolve.mutate(input, {
      onSuccess: (answer) => {
        setAsking(null);
        setDone(doneWords(answer));
        onResolved();
      },
    });
  };
  if (openInView === 0 && selected.length === 0 && !done) return null;

  return (
    <div className="flex flex-col gap-2 border-b border-slate-200 p-3">
      {asking ? (
        <ConfirmResolve
          count={asking === 'selected' ? selected.length : openInView}
          what={asking === 'selected' ? 'selected updates' : 'open failures'}
          pending={resolve.isPending}
          onConfirm={send}
          onCancel={() => setAsking(null)}
        />
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" disabled={selected.length === 0} onClick={() => setAsking('selected')}>
            Resolve selected{selected.length ? ` (${selected.length})` : ''}
          </Button>
          <Button variant="secondary" disabled={openInView === 0} onClick={() => setAsking('all')}>
            Resolve all
          </Button>
          <p className="text-sm text-slate-700">
            {openInView === 0 ? 'No open failure in this view.' : `${plural(openInView, 'open failure')} in this view.`}
          </p>
        </div>
      )}
      <p role="status" className="text-sm text-emerald-800 empty:hidden">
        {done}
      </p>
      {resolve.error ? <ActionError error={resolve.error.error} afterSignIn="resolve them again." /> : null}
    </div>
  );
}

'use client';

import { useEffect, useRef, type ReactNode } from 'react';

import { Button } from '@/components/ui/button';

/**
 * The second step of an action that is hard to undo: a question with a confirm and a cancel
 * button, in place. The confirm button takes the focus, so Enter or Space confirms and Escape
 * cancels; nothing happens on a stray keystroke before it is shown.
 */
export function ConfirmStep({
  label,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  pending = false,
  takeFocus = true,
  onConfirm,
  onCancel,
}: {
  /** Names the group for assistive technology, e.g. "Confirm role change". */
  label: string;
  /** The question, in plain words: what will happen. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  pending?: boolean;
  /** The confirm button takes the focus as it opens; false leaves it where the choice was made. */
  takeFocus?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  const focusOnOpen = useRef(takeFocus);
  useEffect(() => {
    if (focusOnOpen.current) confirm.current?.focus();
  }, []);
  return (
    <div
      role="group"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900"
    >
      <p>{children}</p>
      <div className="flex flex-wrap gap-2">
        <Button ref={confirm} onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          {cancelLabel}
        </Button>
      </div>
    </div>
  );
}

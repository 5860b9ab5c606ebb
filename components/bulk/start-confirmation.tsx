'use client';

import { useEffect, useRef } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { estimateWords } from '@/components/bulk/words';
import { Button } from '@/components/ui/button';
import { useBulkEstimateQuery } from '@/lib/queries/bulk';

/**
 * The step between pressing Start and starting: how many lines, the Attestr calls they take,
 * how long at the console's rate and how much of today's allowance, as the server counts them.
 * The confirm button takes the focus; Escape goes back.
 */
export function StartConfirmation({
  lines,
  dryRun,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  lines: number;
  dryRun: boolean;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const estimate = useBulkEstimateQuery({ lines, dryRun, enabled: true });
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  const words = estimate.data ? estimateWords(estimate.data.estimate) : null;
  return (
    <div
      role="group"
      aria-label={dryRun ? 'Confirm dry run' : 'Confirm update'}
      data-testid="start-confirmation"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      className="flex min-w-0 flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900"
    >
      <p className="font-semibold">{dryRun ? 'Start the dry run?' : 'Start sending to Attestr?'}</p>
      {lines === 0 ? (
        <p>No line is left to send: the dry run found every profile archived or missing. Starting ends the update.</p>
      ) : words ? (
        <ul className="flex list-disc flex-col gap-1 pl-5 [overflow-wrap:anywhere]" aria-label="What it will use">
          <li>{words.lines}</li>
          <li>{words.calls}</li>
          <li>{words.time}</li>
          <li>{words.allowance}</li>
          {words.overToday ? <li className="font-medium text-amber-900">{words.overToday}</li> : null}
        </ul>
      ) : estimate.error ? (
        <ActionError error={estimate.error.error} afterSignIn="press Start again." />
      ) : (
        <p className="text-slate-600">Counting the Attestr calls it will use…</p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button ref={confirm} onClick={onConfirm} disabled={pending}>
          {pending ? 'Starting…' : confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Not now
        </Button>
      </div>
    </div>
  );
}

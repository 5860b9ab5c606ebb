'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { StartConfirmation } from '@/components/bulk/start-confirmation';
import { Button } from '@/components/ui/button';
import { ConfirmStep } from '@/components/ui/confirm-step';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { useBulkJobAction } from '@/lib/queries/bulk';

/** After a dry run, the lines Start update sends: all but those it found archived or missing. */
function linesToSend(job: BulkJobView): number {
  const found = job.preview?.byState;
  return Math.max(0, job.counts.remaining - (found ? found.archived + found.not_found : 0));
}

/** The buttons the viewer may press on a job now, as the server says in `job.may`. */
export function BulkJobActions({ job }: { job: BulkJobView }) {
  const router = useRouter();
  const action = useBulkJobAction(job.id);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [confirmingStart, setConfirmingStart] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const { may } = job;
  const busy = action.isPending || leaving;

  if (!Object.values(may).some(Boolean) && !action.error) return null;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {may.start && !confirmingStart ? (
          <Button disabled={busy} onClick={() => setConfirmingStart(true)}>
            Start update
          </Button>
        ) : null}
        {may.pause ? (
          <Button variant="secondary" disabled={busy} onClick={() => action.mutate('pause')}>
            Pause
          </Button>
        ) : null}
        {may.resume ? (
          <Button disabled={busy} onClick={() => action.mutate('resume')}>
            Resume
          </Button>
        ) : null}
        {may.cancel && !confirmingCancel ? (
          <Button variant="secondary" disabled={busy} onClick={() => setConfirmingCancel(true)}>
            Cancel
          </Button>
        ) : null}
        {may.retryFailed ? (
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              action.mutate('retry-failed', {
                onSuccess: ({ job: retry }) => {
                  setLeaving(true);
                  router.push(`/bulk/${encodeURIComponent(retry.id)}`);
                },
              })
            }
          >
            Retry failed rows
          </Button>
        ) : null}
      </div>
      {confirmingStart && may.start ? (
        <StartConfirmation
          lines={linesToSend(job)}
          dryRun={false}
          confirmLabel="Start update"
          pending={action.isPending}
          onConfirm={() => action.mutate('start', { onSettled: () => setConfirmingStart(false) })}
          onCancel={() => setConfirmingStart(false)}
        />
      ) : null}
      {confirmingCancel && may.cancel ? (
        <ConfirmStep
          label="Confirm cancel"
          confirmLabel="Cancel the update"
          cancelLabel="Keep going"
          pending={action.isPending}
          onConfirm={() => action.mutate('cancel', { onSettled: () => setConfirmingCancel(false) })}
          onCancel={() => setConfirmingCancel(false)}
        >
          Cancel this update? The lines not yet sent will not be sent. Lines already sent stay sent: their changes are
          at Attestr and are not undone.
        </ConfirmStep>
      ) : null}
      {action.error ? <ActionError error={action.error.error} afterSignIn="try again." /> : null}
    </div>
  );
}

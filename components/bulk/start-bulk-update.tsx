'use client';

import { useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { StartConfirmation } from '@/components/bulk/start-confirmation';
import { plural } from '@/components/bulk/words';
import { Button } from '@/components/ui/button';
import type { ApiRequestError } from '@/lib/queries/api-client';

/** A file longer than this has its dry run ticked to begin with: reading first is cheaper than undoing. */
export const DRY_RUN_BY_DEFAULT_OVER = 1_000;

/** What the start button of a checked file reads. */
export const startLabel = (dryRun: boolean) => (dryRun ? 'Start dry run' : 'Start update');

/**
 * The last step of a checked file: dry run or not, Start (then a confirmation of what it will
 * use of Attestr), and a refusal from the server.
 */
export function StartBulkUpdate({
  validCount,
  dryRun,
  onDryRunChange,
  starting,
  onStart,
  error,
}: {
  validCount: number;
  dryRun: boolean;
  onDryRunChange: (dryRun: boolean) => void;
  starting: boolean;
  onStart: () => void;
  error: ApiRequestError | null;
}) {
  const serverProblems = error?.error.problems;
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={dryRun}
          onChange={(event) => onDryRunChange(event.target.checked)}
        />
        <span>Dry run first: read each profile and show what would change, before anything is sent</span>
      </label>
      <p className="text-sm text-slate-600">
        {dryRun
          ? `The console reads the ${plural(validCount, 'profile')} from Attestr and shows what would change; nothing is changed until you press Start update on the next page.`
          : `The console sends the ${plural(validCount, 'line')} ready to send to Attestr, one by one, within its share of Attestr’s limits.`}{' '}
        It runs on the server: you may close this tab and come back to the job’s page at any time.
      </p>
      {confirming ? (
        <StartConfirmation
          lines={validCount}
          dryRun={dryRun}
          confirmLabel={startLabel(dryRun)}
          pending={starting}
          onConfirm={onStart}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div>
          <Button disabled={starting} onClick={() => setConfirming(true)}>
            {startLabel(dryRun)}
          </Button>
        </div>
      )}
      {error ? (
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
          <ActionError error={error.error} afterSignIn="start the update again." />
        )
      ) : null}
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { Button } from '@/components/ui/button';
import { ConfirmStep } from '@/components/ui/confirm-step';
import { LocalTime } from '@/components/ui/local-time';
import type { RetryRunBody } from '@/lib/shared/api-types';
import { useRetryRunQuery, useStartRetryRun, useStopRetryRun } from '@/lib/queries/retry-runs';
import { useRefreshInbox } from '@/components/updates/use-refresh-inbox';

const STATE_WORDS: Record<RetryRunBody['state'], string> = {
  running: 'Retrying',
  stopping: 'Stopping after the update in hand',
  stopped: 'Stopped',
  finished: 'Finished',
};

function plural(count: number, one: string, many = `${one}s`) {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

function filterQuery(filter: Record<string, string>): string {
  const query = new URLSearchParams(filter).toString();
  return query ? `/updates?${query}` : '/updates';
}

/** A run's progress: a bar, the counts in words, why it waits, and Stop while it goes. */
function RunProgress({ run }: { run: RetryRunBody }) {
  const stop = useStopRetryRun();
  const { counts } = run;
  const done = counts.total - counts.remaining;
  const going = run.state === 'running' || run.state === 'stopping';
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900" aria-live="polite">
          {STATE_WORDS[run.state]}: {done.toLocaleString('en')} of {plural(counts.total, 'update')} done
        </p>
        <p className="text-xs text-slate-600">
          Started by {run.startedBy.name ?? 'a former user'} at <LocalTime ms={Date.parse(run.startedAt)} />
          {' · '}
          <Link className="underline" href={filterQuery(run.filter)}>
            its filters
          </Link>
        </p>
      </div>
      <div
        role="progressbar"
        aria-label="Retry all progress"
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={done}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-indigo-600" style={{ width: `${counts.total ? (100 * done) / counts.total : 0}%` }} />
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
        <li>{plural(counts.succeeded, 'saved', 'saved')}</li>
        <li>{plural(counts.failed, 'failed again', 'failed again')}</li>
        <li>{plural(counts.conflict, 'changed by someone else', 'changed by someone else')}</li>
        <li>{plural(counts.unknown, 'not confirmed', 'not confirmed')}</li>
        <li>{plural(counts.skipped, 'no longer open', 'no longer open')}</li>
        <li>{plural(counts.remaining, 'to go', 'to go')}</li>
      </ul>
      {run.message ? <p className="text-sm text-amber-800">{run.message}</p> : null}
      {run.pausedUntil ? (
        <p className="text-sm text-amber-800">
          Waiting until <LocalTime ms={Date.parse(run.pausedUntil)} />.
        </p>
      ) : null}
      {going ? (
        <div>
          <Button
            variant="secondary"
            disabled={run.state === 'stopping' || stop.isPending}
            onClick={() => stop.mutate(run.id)}
          >
            Stop
          </Button>
        </div>
      ) : null}
      {stop.error ? <ActionError error={stop.error.error} afterSignIn="stop the run again." /> : null}
    </div>
  );
}

/**
 * "Retry all" on the updates page: sends again every open failure of the current filters that
 * may go through (rate limits, 5001, timeouts, dropped connections, unconfirmed saves), as a
 * background run that anyone who may retry can watch and stop.
 */
export function RetryAllPanel({
  filter,
  retryable,
  initialRun,
}: {
  /** The page's filters, as in its URL. */
  filter: Record<string, string>;
  /**
   * How many open failures of these filters may be retried (`count`), and how many are left out
   * because sending them again cannot help (`leftOut`).
   */
  retryable: { count: number; leftOut: number };
  initialRun: RetryRunBody | null;
}) {
  const { count, leftOut } = retryable;
  const [confirming, setConfirming] = useState(false);
  const { data } = useRetryRunQuery(initialRun);
  const start = useStartRetryRun();
  const run = data.run;
  const going = run?.state === 'running' || run?.state === 'stopping';
  const refresh = useRefreshInbox();
  const wasGoing = useRef(going);
  useEffect(() => {
    // A run that has just ended changed the list, its counts and the header's: read them again.
    if (wasGoing.current && !going) refresh();
    wasGoing.current = going;
  }, [going, refresh]);
  // Nothing to retry, none left out and no run to show: the section would only hold a disabled button.
  if (!run && count === 0 && leftOut === 0) return null;

  return (
    <section
      aria-labelledby="retry-all-heading"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id="retry-all-heading" className="text-base font-semibold text-slate-900">
        Retry all
      </h2>
      {run ? <RunProgress run={run} /> : null}
      {!going ? (
        confirming ? (
          <ConfirmStep
            label="Confirm retry all"
            confirmLabel={`Retry ${plural(count, 'update')}`}
            pending={start.isPending}
            onCancel={() => setConfirming(false)}
            onConfirm={() =>
              start.mutate(filter, {
                onSettled: () => setConfirming(false),
              })
            }
          >
            Send {plural(count, 'failed update')} again, one by one, within the console’s share of Attestr’s limit? A
            profile changed since its update failed is not overwritten: it is listed as changed by someone else. You can
            stop at any time.
          </ConfirmStep>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <Button disabled={count === 0} onClick={() => setConfirming(true)}>
              Retry all
            </Button>
            <p className="text-sm text-slate-700">
              {count === 0
                ? 'No open failure in this view can be retried.'
                : `${plural(count, 'open failure')} in this view may go through if sent again.`}
            </p>
          </div>
        )
      ) : null}
      {leftOut > 0 ? (
        <p className="text-sm text-slate-700" data-testid="retry-all-left-out">
          {leftOut === 1 ? '1 open failure is' : `${leftOut.toLocaleString('en')} open failures are`} left out: sending
          again cannot help (an archived profile, a profile Attestr does not know, values it refused). Open{' '}
          {leftOut === 1 ? 'it' : 'each'} to correct it in the form or resolve it.
        </p>
      ) : null}
      {start.error ? <ActionError error={start.error.error} afterSignIn="start the run again." /> : null}
    </section>
  );
}

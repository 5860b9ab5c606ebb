'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

import { ConflictText, SentAgainText, type ActionOutcome } from '@/components/updates/action-outcome';
import type { ApiRequestError } from '@/lib/queries/api-client';
import { newAttemptId } from '@/lib/queries/profiles';
import { useCheckAttempt, useResolveAttempt, useRetryAttempt } from '@/lib/queries/updates';

/**
 * Retry, check and resolve for one update: after each, its outcome is kept to be said in plain
 * words, and the page is read again.
 */
export function useUpdateActions(attemptId: string) {
  const router = useRouter();
  const retry = useRetryAttempt(attemptId);
  const check = useCheckAttempt(attemptId);
  const resolve = useResolveAttempt(attemptId);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const [note, setNote] = useState('');
  // One id per press of Retry; kept when the console could not be reached, so sending the same
  // retry again cannot make it twice.
  const retryId = useRef<string | null>(null);

  const failed = (error: ApiRequestError) => setOutcome({ tone: 'error', error: error.error });
  const done = (next: ActionOutcome) => {
    setOutcome(next);
    router.refresh();
  };

  function onRetry() {
    retryId.current ??= newAttemptId();
    retry.mutate(
      { retryAttemptId: retryId.current },
      {
        onSuccess: (answer) => {
          retryId.current = null;
          done(
            answer.result === 'saved'
              ? { tone: 'done', text: <SentAgainText saved={answer.saved} /> }
              : {
                  tone: 'done',
                  text: 'Checked at Attestr first: the change was already there, so nothing was sent again. This update is resolved.',
                },
          );
        },
        onError: (error) => {
          if (error.error.code !== 'CONSOLE_UNREACHABLE') retryId.current = null;
          if (error.error.code === 'PROFILE_CHANGED') {
            done({ tone: 'warning', text: <ConflictText conflicts={error.error.conflicts ?? {}} /> });
          } else failed(error);
        },
      },
    );
  }

  function onCheck() {
    check.mutate(undefined, {
      onSuccess: (checked) =>
        done({
          tone: checked.settled === 'succeeded' ? 'done' : 'warning',
          text:
            checked.settled === 'succeeded'
              ? 'Checked at Attestr: the change is there. Nothing was sent.'
              : checked.settled === 'failed'
                ? 'Checked at Attestr: the change is not there, and Attestr still holds the values from before. Retry to send it again.'
                : 'Checked at Attestr: it holds other values, so someone else changed the profile. Look at the profile before sending anything again.',
        }),
      onError: failed,
    });
  }

  function onResolve(kind: 'resolved' | 'cannot_change') {
    resolve.mutate(
      { note, kind },
      {
        onSuccess: (resolved) =>
          done({
            tone: 'done',
            text:
              resolved.resolution === 'cannot_change'
                ? 'Resolved as one that cannot change: the profile is archived at Attestr.'
                : `Resolved, with your note: “${resolved.note}”.`,
          }),
        onError: failed,
      },
    );
  }

  const busy = retry.isPending || check.isPending || resolve.isPending;
  return { retry, check, resolve, busy, outcome, note, setNote, onRetry, onCheck, onResolve };
}

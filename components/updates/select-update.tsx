'use client';

import { OUTCOME_LABELS, type InboxAttempt } from '@/lib/shared/inbox-view';

/** Which updates are ticked for "Resolve selected". */
export interface Selection {
  has: (attemptId: string) => boolean;
  toggle: (attemptId: string) => void;
}

/** An update's name for its checkbox: whose profile, and how it ended. */
export function updateLabel(attempt: InboxAttempt): string {
  const who = attempt.profileName || attempt.profileTag || attempt.profileId;
  const code = attempt.errorCode ? ` ${attempt.errorCode}` : '';
  return `${who}: ${OUTCOME_LABELS[attempt.outcome]}${code}`;
}

/** The tick box of an open failure; an update that is not open cannot be resolved, and has none. */
export function SelectUpdate({ attempt, selection }: { attempt: InboxAttempt; selection: Selection }) {
  if (!attempt.open) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Select ${updateLabel(attempt)}`}
      checked={selection.has(attempt.id)}
      onChange={() => selection.toggle(attempt.id)}
      className="h-4 w-4 rounded border-slate-400"
    />
  );
}

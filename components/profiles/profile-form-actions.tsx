'use client';

import type { MouseEvent } from 'react';

import { useSecondsWhile } from '@/components/profiles/use-seconds-while';
import { Button } from '@/components/ui/button';

/** How the last save ended, for the status beside the button; null once the person edits on. */
export type SaveOutcome = 'saved' | 'saved-differently' | 'not-saved' | 'unconfirmed' | null;

/** After this long, "Saving…" says it is waiting for Attestr, and for how long. */
const SLOW_SAVE_MS = 2_000;

/** The form's Save and Discard buttons, with the status of the edits and of the last save. */
export function ProfileFormActions({
  readOnly,
  saving,
  dirty,
  outcome,
  onDiscard,
}: {
  readOnly: boolean;
  saving: boolean;
  dirty: boolean;
  outcome: SaveOutcome;
  onDiscard: (event: MouseEvent<HTMLButtonElement>) => void;
}) {
  const waited = useSecondsWhile(saving);
  const slow = saving && waited * 1000 >= SLOW_SAVE_MS;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        type="submit"
        disabled={readOnly || saving || !dirty}
        aria-busy={saving || undefined}
        onMouseDown={keepFocusInField}
      >
        {saving ? <Spinner /> : null}
        Save changes
      </Button>
      {dirty && !saving && !readOnly ? (
        <Button variant="secondary" onMouseDown={keepFocusInField} onClick={onDiscard}>
          Discard changes
        </Button>
      ) : null}
      <span className="text-sm text-slate-600" aria-live="polite">
        {statusText({ readOnly, saving, slow, dirty, outcome })}
      </span>
      {slow ? <span className="text-sm tabular-nums text-slate-500">{waited} s</span> : null}
    </div>
  );
}

function statusText(input: {
  readOnly: boolean;
  saving: boolean;
  slow: boolean;
  dirty: boolean;
  outcome: SaveOutcome;
}): string {
  const { outcome } = input;
  if (input.readOnly) return 'This profile is read-only.';
  if (input.saving) return input.slow ? 'Still waiting for Attestr…' : 'Saving…';
  if (input.dirty) {
    if (outcome === 'not-saved') return 'Not saved: see the result';
    if (outcome === 'unconfirmed') return 'Save not confirmed: see the result';
    return 'Unsaved changes';
  }
  if (outcome === 'saved') return 'All changes saved';
  if (outcome === 'saved-differently') return 'Saved: Attestr holds a value differently';
  return 'No changes yet';
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white motion-reduce:animate-none"
    />
  );
}

/**
 * Pressing a button would first blur the field being edited, and the blur validates it: the
 * message that appears (or goes) beside the field moves the buttons, and the click then lands
 * beside the button it was aimed at. Keeping the focus in the field until the click avoids that.
 */
function keepFocusInField(event: MouseEvent<HTMLButtonElement>) {
  event.preventDefault();
}

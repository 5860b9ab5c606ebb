import type { ErrorActor, ErrorContext } from '@/lib/errors/codes';

/**
 * The heading over an error's advice, by where it is shown and who or what resolves it. Kept
 * apart from the table of codes so the browser can read it without loading the table;
 * error-advice.test.ts checks that each heading agrees with the advice of every code under it.
 */
const headings: Record<ErrorContext, Record<ErrorActor, string>> = {
  save: {
    editor: 'The changes were not saved',
    admin: 'Not saved: an administrator must act',
    nobody: 'This profile cannot be changed',
    wait: 'Not saved: try again shortly',
    tomorrow: 'Not saved: the daily limit is used up',
    check: 'Save not confirmed: check at Attestr',
  },
  load: {
    editor: 'The profile could not be loaded',
    admin: 'The profile could not be loaded: an administrator must act',
    nobody: 'The profile could not be loaded',
    wait: 'The profile could not be loaded: try again shortly',
    tomorrow: 'The profile could not be loaded: the daily limit is used up',
    // A read changes nothing, so an answer lost on the way is only something to try again.
    check: 'The profile could not be loaded: try again shortly',
  },
};

export function errorHeading(input: { actor: ErrorActor; context: ErrorContext }): string {
  return headings[input.context][input.actor];
}

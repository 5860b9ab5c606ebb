import type { ErrorActor } from '@/lib/attestr/error-codes';

/**
 * The heading over a failed save's advice, by who or what resolves the error. Kept apart from
 * the table of codes so the browser can read it without loading the table; error-advice.test.ts
 * checks that each heading agrees with the advice of every code under it.
 */
const saveHeadings: Record<ErrorActor, string> = {
  editor: 'The changes were not saved',
  admin: 'Not saved: an administrator must act',
  nobody: 'This profile cannot be changed',
  wait: 'Not saved: try again shortly',
  tomorrow: 'Not saved: the daily limit is used up',
  check: 'Save not confirmed: reload the profile to check',
};

export function errorHeading(actor: ErrorActor): string {
  return saveHeadings[actor];
}

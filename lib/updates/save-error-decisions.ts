import 'server-only';

import { CONSOLE_FAULT, decideFromCode, type Decision } from '@/lib/jobs/policy';
import { DomainError } from '@/lib/errors/domain-error';
import { UpdateError } from '@/lib/updates/errors';

/**
 * What a save's error (lib/updates/save.ts) comes to for a job that made it: its outcome decides,
 * Attestr's code or the console's by its class (lib/jobs/policy.ts); anything else is a fault of
 * the console, tried again.
 */
export function decideAfterSave(error: unknown): Decision {
  // Refused before anything was sent: not allowed, no such attempt, no longer open.
  if (error instanceof DomainError)
    return decideFromCode({ code: error.code, message: error.message, reason: 'refused' });
  if (!(error instanceof UpdateError)) return CONSOLE_FAULT;
  switch (error.kind) {
    case 'unknown':
      return { kind: 'check' };
    case 'in_progress':
      return { kind: 'again', failure: false, code: null, message: 'Being sent already.' };
    case 'conflict':
      return {
        kind: 'settle',
        reason: 'conflict',
        code: 'PROFILE_CHANGED',
        message: 'Someone else changed this profile meanwhile; it is in the updates inbox.',
      };
    case 'failed':
      if (error.attestr) {
        return decideFromCode({
          code: String(error.attestr.code),
          message: error.attestr.message,
          ...(error.attestr.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: error.attestr.retryAfterSeconds }
            : {}),
        });
      }
      return decideFromCode({ code: error.code, message: error.message });
    default:
      return decideFromCode({
        code: error.code,
        message: error.message,
        reason: 'refused',
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      });
  }
}

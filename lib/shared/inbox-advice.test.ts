import { describe, expect, it } from 'vitest';

import { adviceFor, inboxAdviceFor } from '@/lib/shared/error-advice';
import { cannotSucceedAgain } from '@/lib/errors/code-classes';
import { attestrErrorCodes, consoleErrorCodes } from '@/lib/errors/codes';

// Every code an update can end in, and one Attestr does not document.
const CODES: (number | string)[] = [...attestrErrorCodes.keys(), ...Object.keys(consoleErrorCodes), 4999];

describe.each(CODES)('code %s on an update’s page, to whoever may retry it', (code) => {
  const advice = inboxAdviceFor({ code });

  it('speaks of the page’s actions, never of saving again in the form', () => {
    expect(advice).not.toMatch(/\bsave again\b|\byour edits\b|\bin a minute\b/i);
  });

  it('offers Retry exactly where sending again may help, and says so where it cannot', () => {
    if (cannotSucceedAgain(code)) {
      expect(advice).not.toMatch(/\bRetry\b/);
      expect(advice).toMatch(/cannot help|Nothing was sent/);
    } else {
      expect(advice).toMatch(/\bRetry\b/);
    }
  });

  it('names no setting, format or protocol', () => {
    expect(advice).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/);
    expect(advice).not.toMatch(/\b(HTML|JSON|HTTP|API|status code|E\.164)\b/i);
  });

  it('keeps the form’s own advice as it was', () => {
    expect(adviceFor({ code }).advice).not.toBe(advice);
  });
});

describe('the inbox voice', () => {
  it('says “Retry sends it again” for Attestr’s passing fault, not “Save again in a minute”', () => {
    expect(adviceFor({ code: 5001 }).advice).toMatch(/^Save again in a minute/);
    expect(inboxAdviceFor({ code: 5001 })).toMatch(/^Retry sends it again\./);
  });

  it('points an archived profile’s refusal at Resolve, and an unknown outcome at Check at Attestr', () => {
    expect(inboxAdviceFor({ code: 40038 })).toMatch(/Resolve it as one that cannot change/);
    expect(inboxAdviceFor({ code: 40018 })).toMatch(/Resolve it with a note/);
    expect(inboxAdviceFor({ code: 'UPDATE_OUTCOME_UNKNOWN' })).toMatch(/Check at Attestr/);
  });

  it('keeps who must act when an administrator must, then says Retry', () => {
    expect(inboxAdviceFor({ code: 4016 })).toMatch(/^An administrator must .* Then Retry sends it again\.$/);
  });
});

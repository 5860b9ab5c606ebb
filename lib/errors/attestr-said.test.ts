import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  attestrSaid,
  attestrSaidText,
  errorInOneLine,
  UNKNOWN_CODE_MESSAGE_LIMIT,
  unknownCodeDetails,
} from '@/lib/errors/attestr-said';

describe('Attestr’s own words about an error', () => {
  it('are the message and code of an error Attestr answered with a documented code', () => {
    const said = attestrSaid({ code: 40038, message: 'Profile is archived already, operation not allowed' });
    expect(said).toEqual({ code: 40038, message: 'Profile is archived already, operation not allowed' });
    expect(attestrSaidText(said!)).toBe('Attestr said: “Profile is archived already, operation not allowed” (40038)');
  });

  it('are read back from the details of a code Attestr does not document', () => {
    const details = unknownCodeDetails({ httpStatus: 400, code: 4999, message: 'Request rejected by policy' });
    expect(details).toBe('Attestr answered HTTP 400, code 4999: Request rejected by policy');
    expect(
      attestrSaid({
        code: 'UPSTREAM_UNKNOWN_ERROR',
        message: 'Attestr returned an error the console does not recognise',
        details,
      }),
    ).toEqual({ code: 4999, message: 'Request rejected by policy' });
  });

  it('survive any wording, colons and line breaks included, up to the length kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999, max: 999_999 }), fc.string({ maxLength: 400 }), (code, message) => {
        const details = unknownCodeDetails({ httpStatus: 422, code, message });
        expect(attestrSaid({ code: 'UPSTREAM_UNKNOWN_ERROR', message: 'x', details })).toEqual({
          code,
          message: message.slice(0, UNKNOWN_CODE_MESSAGE_LIMIT),
        });
      }),
    );
  });

  it('are never made up for the console’s own errors', () => {
    for (const code of ['ATTESTR_BUDGET_WAIT', 'PROFILE_CHANGED', 'VALIDATION_FAILED', 'UPDATE_OUTCOME_UNKNOWN']) {
      expect(
        attestrSaid({ code, message: 'The console’s words', details: 'Attestr did not answer in time' }),
      ).toBeNull();
    }
    // An unrecognised code whose details are not Attestr's answer (a gateway's page, say).
    expect(
      attestrSaid({
        code: 'UPSTREAM_UNKNOWN_ERROR',
        message: 'x',
        details: 'Attestr answered HTTP 502 with an HTML page.',
      }),
    ).toBeNull();
    expect(attestrSaid({ code: 'UPSTREAM_UNKNOWN_ERROR', message: 'x' })).toBeNull();
  });

  it('say so when Attestr gave a code and no words', () => {
    expect(attestrSaidText({ code: 4999, message: '  ' })).toBe('Attestr gave no message (4999)');
  });

  it('end an error told in one line, after the plain sentence and the advice', () => {
    expect(
      errorInOneLine({
        code: 40038,
        message: 'Profile is archived already, operation not allowed',
        summary: 'This profile is archived at Attestr.',
        advice: 'Archived profiles cannot be changed by anyone.',
      }),
    ).toBe(
      'This profile is archived at Attestr. Archived profiles cannot be changed by anyone. Attestr said: “Profile is archived already, operation not allowed” (40038).',
    );
    expect(
      errorInOneLine({ code: 'CONSOLE_UNREACHABLE', message: 'The console could not be reached', advice: 'Check.' }),
    ).toBe('The console could not be reached. Check.');
  });
});

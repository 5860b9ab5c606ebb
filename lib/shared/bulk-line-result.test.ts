import { describe, expect, it } from 'vitest';

import { afterTries, lineResult } from '@/lib/shared/bulk-line-result';

describe('a bulk line’s outcome as its page shows it', () => {
  it('an Attestr refusal: the plain sentence, then Attestr’s words and code', () => {
    expect(lineResult({ code: '40038', message: 'Profile is archived already, operation not allowed' })).toEqual({
      code: '40038',
      message: 'Profile is archived already, operation not allowed',
      summary: 'This profile is archived at Attestr.',
      said: { code: 40038, message: 'Profile is archived already, operation not allowed' },
    });
  });

  it('given up after several tries: the count stays with the plain sentence, Attestr’s words alone are quoted', () => {
    expect(lineResult({ code: '5001', message: afterTries(3, 'Request could not be processed') })).toMatchObject({
      summary: 'Not saved after 3 tries: Attestr had a problem on its side and could not complete the request.',
      said: { code: 5001, message: 'Request could not be processed' },
    });
  });

  it('an Attestr code kept without its words (a line waiting for tomorrow): the plain sentence only', () => {
    const result = lineResult({ code: '4293', message: null });
    expect(result.summary).toBe('The account has used up its allowance of requests for today.');
    expect(result.said).toBeUndefined();
  });

  it('the console’s own outcome is shown as it is, with nothing put in Attestr’s mouth', () => {
    for (const record of [
      { code: 'PROFILE_CHANGED', message: 'Someone else changed this profile meanwhile; it is in the updates inbox.' },
      { code: null, message: 'Archived at Attestr: this profile cannot be changed.' },
      { code: 'UPSTREAM_TIMEOUT', message: afterTries(3, 'Attestr did not answer in time') },
    ]) {
      const result = lineResult(record);
      expect(result).toEqual({ code: record.code, message: record.message });
    }
  });
});

import { describe, expect, it } from 'vitest';

import { adviceFor } from '@/lib/shared/error-advice';
import { errorHeading } from '@/lib/shared/error-headings';
import { attestrErrorCodes, consoleErrorCodes, describeErrorCode } from '@/lib/errors/codes';

// Every code the console can show, and one Attestr does not document.
const CODES: (number | string)[] = [...attestrErrorCodes.keys(), ...Object.keys(consoleErrorCodes), 4999];
// What reading a profile can end in: Attestr's codes and the console's own for a failed exchange.
const READ_CODES: (number | string)[] = [
  ...attestrErrorCodes.keys(),
  ...Object.keys(consoleErrorCodes).filter((code) => code.startsWith('UPSTREAM_')),
  'INVALID_PROFILE_ID',
  4999,
];
const DAILY_LIMITS = [4293, 4294];
const SOON = /shortly|few seconds|in a minute|moment/i;

function shown(code: number | string, fieldErrors?: Record<string, string>) {
  const { actor, advice } = adviceFor({ code, fieldErrors });
  return { actor, advice, heading: errorHeading({ actor, context: 'save' }) };
}

function shownOnLoad(code: number | string) {
  const { actor, advice } = adviceFor({ code, context: 'load' });
  return { actor, advice, heading: errorHeading({ actor, context: 'load' }) };
}

describe.each(CODES)('code %s: heading and advice agree', (code) => {
  const { actor, advice, heading } = shown(code);

  it('says an administrator must act exactly when the advice is for one', () => {
    expect(/an administrator must act/i.test(heading)).toBe(actor === 'admin');
    if (actor === 'admin') expect(advice).toMatch(/administrator/i);
    if (/administrator must/i.test(advice)) expect(actor).toBe('admin');
  });

  it('does not tell the person to retry when the heading says an administrator must act', () => {
    if (actor === 'admin') expect(advice).not.toMatch(/^(save|try) again/i);
  });

  it('promises a quick retry only for what passes quickly', () => {
    if (actor === 'wait') expect(heading).toMatch(/shortly/);
    if (/shortly/.test(heading)) expect(advice).not.toMatch(/tomorrow/i);
  });

  it('does not say "not saved" when Attestr may have applied the save', () => {
    if (/may still have applied|whether the change was applied/i.test(advice)) {
      expect(heading).not.toMatch(/not saved/i);
      expect(heading).toMatch(/reload/i);
    }
  });

  it('mentions highlighted fields only when the error marks some', () => {
    expect(advice).not.toMatch(/highlighted/i);
  });
});

describe.each(DAILY_LIMITS)('daily limit %s', (code) => {
  const { advice, heading } = shown(code);

  it('never says shortly: it passes tomorrow or when an administrator raises it', () => {
    expect(heading).not.toMatch(SOON);
    expect(advice).not.toMatch(SOON);
    expect(heading).toMatch(/daily limit/);
    expect(advice).toMatch(/tomorrow/);
    expect(advice).toMatch(/administrator to raise the limit/);
  });
});

describe('fields marked by the error', () => {
  it.each([4001, 'VALIDATION_FAILED'])('%s points at the highlighted fields only when there are some', (code) => {
    expect(shown(code).advice).not.toMatch(/highlighted/i);
    expect(shown(code, {}).advice).not.toMatch(/highlighted/i);
    expect(shown(code, { mobile: 'Attestr refused this value: mobile must be in E.164 format' }).advice).toBe(
      'Correct the highlighted fields and save again.',
    );
  });
});

describe('an Attestr code the docs do not list', () => {
  it('reads like the console’s own UPSTREAM_UNKNOWN_ERROR: an administrator must act', () => {
    expect(shown(4999)).toEqual(shown('UPSTREAM_UNKNOWN_ERROR'));
    expect(shown(4999).heading).toBe('Not saved: an administrator must act');
  });
});

describe.each(READ_CODES)('code %s while loading a profile', (code) => {
  const { actor, advice, heading } = shownOnLoad(code);

  it('speaks of loading, never of saving, edits or highlighted fields', () => {
    expect(heading).toMatch(/^The profile could not be loaded/);
    for (const text of [heading, advice]) {
      expect(text).not.toMatch(/\bsav(e|ed|ing)\b|\bedits\b|\bchanges\b|highlighted/i);
    }
  });

  it('keeps who must act from the save advice', () => {
    expect(actor).toBe(shown(code).actor);
    expect(/an administrator must act/i.test(heading)).toBe(actor === 'admin');
    if (actor === 'admin') expect(advice).toMatch(/administrator/i);
  });

  it('promises a quick retry only for what passes quickly, and says how to retry', () => {
    if (/shortly/.test(heading)) expect(advice).toMatch(/try loading the profile again/i);
    if (DAILY_LIMITS.includes(code as number)) {
      expect(heading).not.toMatch(SOON);
      expect(advice).toMatch(/tomorrow/);
    }
  });
});

describe.each(CODES)('code %s: the words a person reads', (code) => {
  const entry = describeErrorCode(code);
  const read = [
    adviceFor({ code }).summary,
    ...[entry.advice, entry.loadAdvice, entry.fieldsAdvice].filter((text) => text !== undefined),
  ];

  it.each(read)('"%s" names no setting, format or protocol', (text) => {
    expect(text).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/);
    expect(text).not.toMatch(/\b(HTML|JSON|HTTP|API|status code|E\.164)\b/i);
    expect(text).not.toMatch(/\b[1-5]\d\d\b/);
  });

  it('leads with a plain sentence, apart from Attestr’s own wording', () => {
    const { summary } = adviceFor({ code });
    expect(summary).toMatch(/^[A-Z]/);
    if (typeof code === 'number' && attestrErrorCodes.has(code)) expect(entry.summary).toBeDefined();
  });
});

describe('the table drives the status of the console’s answer', () => {
  it.each([
    [4001, 422],
    [4005, 402],
    [40018, 404],
    [40038, 409],
    [4016, 502],
    [4039, 502],
    [4291, 429],
    [4294, 429],
    [5001, 502],
  ])('Attestr %s → %s', (code, status) => {
    expect(attestrErrorCodes.get(code)?.consoleStatus).toBe(status);
  });

  it('gives every Attestr code a console status and Attestr’s own status', () => {
    for (const entry of attestrErrorCodes.values()) {
      expect(entry.consoleStatus).toBeGreaterThanOrEqual(400);
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
    }
  });

  it('keeps the name of a setting for the technical details only', () => {
    expect(adviceFor({ code: 4016 }).technicalHint).toMatch(/ATTESTR_AUTH_TOKEN/);
    expect(adviceFor({ code: 'UPSTREAM_UNREACHABLE' }).technicalHint).toMatch(/ATTESTR_BASE_URL/);
    expect(adviceFor({ code: 'UPSTREAM_UNREACHABLE' }).advice).toMatch(/Attestr address setting/);
  });
});

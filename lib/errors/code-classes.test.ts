import { describe, expect, it } from 'vitest';

import {
  classOf,
  codesOfClass,
  deriveCodeClasses,
  isDailyCode,
  isPacingCode,
  isRateCode,
  isRetryableInInbox,
  isTransientCode,
  pausesBackgroundWork,
  RETRYABLE_IN_INBOX_CODES,
} from '@/lib/errors/code-classes';
import { attestrErrorCodes, consoleErrorCodes, type ErrorClass } from '@/lib/errors/codes';

/** Every code of the table with its class, as the console records codes (strings). */
const TABLE: [string, ErrorClass][] = [
  ...[...attestrErrorCodes].map(([code, entry]) => [String(code), entry.class] as [string, ErrorClass]),
  ...Object.entries(consoleErrorCodes).map(([code, entry]) => [code, entry.class] as [string, ErrorClass]),
];
const CLASSES: ErrorClass[] = ['rate', 'daily', 'transient', 'pacing', 'console_access', 'unconfirmed', 'final'];
const PREDICATES: [string, ErrorClass, (code: string) => boolean][] = [
  ['isRateCode', 'rate', isRateCode],
  ['isDailyCode', 'daily', isDailyCode],
  ['isTransientCode', 'transient', isTransientCode],
  ['isPacingCode', 'pacing', isPacingCode],
  ['pausesBackgroundWork', 'console_access', pausesBackgroundWork],
];
const RETRYABLE_CLASSES: ErrorClass[] = ['rate', 'daily', 'transient', 'pacing'];

describe('the sets of codes, derived from the table', () => {
  it('gives every code of the table one of the known classes', () => {
    for (const [code, errorClass] of TABLE) {
      expect(CLASSES, code).toContain(errorClass);
      expect(classOf(code), code).toBe(errorClass);
    }
  });

  it('reads Attestr’s codes as numbers or as recorded strings alike, and knows no class for an unlisted code', () => {
    for (const [code] of attestrErrorCodes) expect(classOf(code)).toBe(classOf(String(code)));
    expect(classOf(9999)).toBeUndefined();
    expect(classOf('NO_SUCH_CODE')).toBeUndefined();
  });

  it.each(PREDICATES)('%s holds for every code of class %s and for no other', (_name, errorClass, predicate) => {
    for (const [code, codeClass] of TABLE) expect(predicate(code), code).toBe(codeClass === errorClass);
    expect(codesOfClass(errorClass)).toEqual(TABLE.filter(([, c]) => c === errorClass).map(([code]) => code));
  });

  it('offers to retry from the updates page exactly the codes of a limit, a passing fault or pacing', () => {
    const expected = TABLE.filter(([, c]) => RETRYABLE_CLASSES.includes(c)).map(([code]) => code);
    expect([...RETRYABLE_IN_INBOX_CODES].sort()).toEqual([...expected].sort());
    for (const [code, codeClass] of TABLE)
      expect(isRetryableInInbox(code), code).toBe(RETRYABLE_CLASSES.includes(codeClass));
  });

  it.each(CLASSES)(
    'puts a code added to the table with class %s in that class’s sets, and in no other',
    (errorClass) => {
      const added = deriveCodeClasses([
        ...TABLE.map(([code, c]) => [code, { class: c }] as const),
        ['NEW_CODE', { class: errorClass }],
        [7777, { class: errorClass }],
      ]);
      for (const code of ['NEW_CODE', '7777', 7777]) expect(added.classOf(code)).toBe(errorClass);
      for (const other of CLASSES) {
        expect(added.codesOf(other).includes('NEW_CODE')).toBe(other === errorClass);
        expect(added.codesOf(other).includes('7777')).toBe(other === errorClass);
      }
      expect(added.retryableInInbox.includes('NEW_CODE')).toBe(RETRYABLE_CLASSES.includes(errorClass));
      // The table's own codes keep their sets.
      for (const other of CLASSES)
        expect(added.codesOf(other).filter((c) => c !== 'NEW_CODE' && c !== '7777')).toEqual(codesOfClass(other));
    },
  );
});

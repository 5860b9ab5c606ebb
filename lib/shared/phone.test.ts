import { describe, expect, it } from 'vitest';

import { checkPhoneNumber, mobileToFind, normalisePhoneNumber, suggestInRegion } from '@/lib/shared/phone';

describe('checkPhoneNumber', () => {
  it.each([
    ['+91 88889 99978', '+918888999978'],
    ['+918888999978', '+918888999978'],
    ['  +91-88889-99978  ', '+918888999978'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+1 (212) 555-0100', '+12125550100'],
  ])('accepts %j as %s', (input, e164) => {
    expect(checkPhoneNumber(input)).toEqual({ ok: true, e164 });
  });

  it.each(['8888999978', '08888 999978', '0044 20 7946 0958', ''])('refuses %j as not international', (input) => {
    expect(checkPhoneNumber(input)).toEqual({ ok: false, reason: 'not_international' });
  });

  it.each(['+91 12', '+1 555', '+999 1234567', '+'])('refuses %j as invalid', (input) => {
    expect(checkPhoneNumber(input)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each(['+44 20 7946 0958 ext. 123', '+1 212 555 0100 x12', '+918888999978;ext=5'])(
    'refuses %j for its extension',
    (input) => {
      expect(checkPhoneNumber(input)).toEqual({ ok: false, reason: 'extension' });
    },
  );

  it.each(['+91 98765 4321O', 'call me', '98765 abcde', '+abc'])('refuses %j for its letters', (input) => {
    expect(checkPhoneNumber(input)).toEqual({ ok: false, reason: 'letters' });
  });
});

describe('normalisePhoneNumber', () => {
  it('gives E.164 for a valid number and the input unchanged otherwise', () => {
    expect(normalisePhoneNumber('+91 88889 99978')).toBe('+918888999978');
    expect(normalisePhoneNumber('8888999978')).toBe('8888999978');
    expect(normalisePhoneNumber('+91 12')).toBe('+91 12');
  });
});

describe('suggestInRegion', () => {
  it('reads a number typed without its country code as one of the region', () => {
    for (const typed of ['98765 43210', '098765 43210', '919876543210', '9876543210']) {
      expect(suggestInRegion(typed, 'IN'), typed).toEqual({ e164: '+919876543210', international: '+91 98765 43210' });
    }
    expect(suggestInRegion('07911 123456', 'GB')?.international).toBe('+44 7911 123456');
  });

  it('suggests nothing for an international number, a number invalid there, letters or an unknown region', () => {
    expect(suggestInRegion('+91 98765 43210', 'IN')).toBeNull();
    expect(suggestInRegion('12', 'IN')).toBeNull();
    expect(suggestInRegion('call me', 'IN')).toBeNull();
    expect(suggestInRegion('98765 43210', 'XX')).toBeNull();
  });
});

describe('mobileToFind', () => {
  it('finds the same number however a person types it', () => {
    for (const typed of ['98333 44455', '+91 98333 44455', '919833344455', '+919833344455']) {
      expect(mobileToFind(typed, 'IN'), typed).toBe('+919833344455');
    }
    expect(mobileToFind('Priya', 'IN')).toBeNull();
  });
});

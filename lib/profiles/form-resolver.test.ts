import type { ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';

import { profileFormResolver } from '@/lib/profiles/form-resolver';
import type { ProfileFormValues } from '@/lib/shared/profile-fields';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<ProfileFormValues>;

describe('profileFormResolver', () => {
  it('gives the form the values the server would save', async () => {
    const result = await profileFormResolver(
      { tag: ' AA-1234 ', name: 'Gitanjali Raheja', email: '', mobile: '+91 88889 99978' },
      undefined,
      options,
    );
    expect(result).toEqual({
      values: { tag: 'AA-1234', name: 'Gitanjali Raheja', email: '', mobile: '+918888999978' },
      errors: {},
    });
  });

  it('names each field at fault with the schema’s message, and gives no values', async () => {
    const result = await profileFormResolver(
      { tag: '', name: 'A', email: 'nope', mobile: '+91 12' },
      undefined,
      options,
    );
    expect(result.values).toEqual({});
    expect(result.errors).toEqual({
      tag: { type: 'too_small', message: 'Enter the tag' },
      email: { type: 'custom', message: 'Enter a valid email address, like name@company.com' },
      mobile: { type: 'custom', message: 'This is not a valid phone number for its country; check the digits' },
    });
  });
});

describe('profileFormResolver with the values the person started from', () => {
  const base = { tag: 'T'.repeat(80), name: 'Gitanjali Raheja', email: '', mobile: '+10000000000' };

  it('checks only what the person changed, so a value Attestr holds cannot block the save', async () => {
    const result = await profileFormResolver({ ...base, name: '  G. Raheja ' }, { base }, options);
    expect(result).toEqual({ values: { ...base, name: 'G. Raheja' }, errors: {} });
  });

  it('still refuses a changed value', async () => {
    const result = await profileFormResolver({ ...base, mobile: '+91 12' }, { base }, options);
    expect(result.errors).toEqual({
      mobile: { type: 'custom', message: 'This is not a valid phone number for its country; check the digits' },
    });
  });
});

describe('profileFormResolver with the console’s phone region', () => {
  it('suggests the mobile in that region when it lacks its country code, and still refuses it', async () => {
    const result = await profileFormResolver(
      { tag: 'AA-1234', name: 'Gitanjali Raheja', email: '', mobile: '98765 43210' },
      { region: 'IN' },
      options,
    );
    expect(result.values).toEqual({});
    expect(result.errors.mobile?.message).toBe('Did you mean +91 98765 43210?');
  });
});

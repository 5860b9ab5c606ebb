import { describe, expect, it } from 'vitest';

import * as z from 'zod/mini';

import {
  FIELD_LIMITS,
  mobileFieldSchema,
  profileFieldsSchema,
  toFormValues,
  type ProfileFields,
} from '@/lib/shared/profile-fields';

const valid = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};

/** The message zod gives for one field, or undefined when that field passed. */
async function errorFor(input: Record<string, unknown>, field: string): Promise<string | undefined> {
  const result = await profileFieldsSchema.safeParseAsync(input);
  if (result.success) return undefined;
  return result.error.issues.find((issue) => issue.path[0] === field)?.message;
}

function parsed(input: Record<string, unknown>): Promise<ProfileFields> {
  return profileFieldsSchema.parseAsync(input);
}

describe('profileFieldsSchema: tag and name', () => {
  it.each(['tag', 'name'] as const)('%s is required, trimmed, and refuses whitespace only', async (field) => {
    const label = field === 'tag' ? 'tag' : 'name';
    expect((await parsed({ ...valid, [field]: '  AB 12  ' }))[field]).toBe('AB 12');
    expect(await errorFor({ ...valid, [field]: undefined }, field)).toBe(`Enter the ${label}`);
    expect(await errorFor({ ...valid, [field]: '' }, field)).toBe(`Enter the ${label}`);
    expect(await errorFor({ ...valid, [field]: ' \t\n ' }, field)).toBe(`Enter the ${label}`);
    expect(await errorFor({ ...valid, [field]: 42 }, field)).toBe(`Enter the ${label}`);
  });

  it.each([
    ['tag', FIELD_LIMITS.tag, 'Tag must be 64 characters or fewer'],
    ['name', FIELD_LIMITS.name, 'Name must be 200 characters or fewer'],
  ] as const)('%s is at most %i characters after trimming', async (field, max, message) => {
    expect((await parsed({ ...valid, [field]: `  ${'x'.repeat(max)}  ` }))[field]).toHaveLength(max);
    expect(await errorFor({ ...valid, [field]: 'x'.repeat(max + 1) }, field)).toBe(message);
  });

  it('refuses control characters inside a name', async () => {
    expect(await errorFor({ ...valid, name: 'Gitanjali\u0000Raheja' }, 'name')).toBe(
      'Name cannot contain control characters',
    );
  });

  it('keeps letters from any script', async () => {
    expect((await parsed({ ...valid, name: 'José Müller 李伟 गीतांजलि' })).name).toBe('José Müller 李伟 गीतांजलि');
  });
});

describe('profileFieldsSchema: email', () => {
  it('is optional: missing or emptied becomes ""', async () => {
    expect(await parsed({ tag: 'T', name: 'N' })).toEqual({ tag: 'T', name: 'N', email: '', mobile: '' });
    expect((await parsed({ ...valid, email: '   ' })).email).toBe('');
  });

  it('is trimmed and validated', async () => {
    expect((await parsed({ ...valid, email: '  a.b@example.com ' })).email).toBe('a.b@example.com');
    for (const email of ['not-an-email', 'a@', '@example.com', 'a b@example.com', 'a@example']) {
      expect(await errorFor({ ...valid, email }, 'email')).toBe('Enter a valid email address, like name@company.com');
    }
  });

  it('is at most 254 characters', async () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`;
    expect(long.length).toBeGreaterThan(FIELD_LIMITS.email);
    expect(await errorFor({ ...valid, email: long }, 'email')).toBe('Email must be 254 characters or fewer');
  });
});

describe('profileFieldsSchema: mobile', () => {
  it('normalises an international number to E.164', async () => {
    expect((await parsed({ ...valid, mobile: '+91 88889 99978' })).mobile).toBe('+918888999978');
    expect((await parsed({ ...valid, mobile: ' +44 20 7946 0958 ' })).mobile).toBe('+442079460958');
    expect((await parsed({ ...valid, mobile: '+1 (212) 555-0100' })).mobile).toBe('+12125550100');
  });

  it('is optional: missing or emptied becomes ""', async () => {
    expect((await parsed({ ...valid, mobile: undefined })).mobile).toBe('');
    expect((await parsed({ ...valid, mobile: '  ' })).mobile).toBe('');
  });

  it('refuses a number too short for its country', async () => {
    expect(await errorFor({ ...valid, mobile: '+91 12' }, 'mobile')).toBe(
      'This is not a valid phone number for its country; check the digits',
    );
  });

  it('refuses a number without +country code, saying international format', async () => {
    expect(await errorFor({ ...valid, mobile: '8888999978' }, 'mobile')).toMatch(/international format/);
    expect(await errorFor({ ...valid, mobile: '08888 999978' }, 'mobile')).toMatch(/international format/);
  });

  it('suggests the number in the region it is given, and still refuses it', async () => {
    const result = await z.safeParseAsync(mobileFieldSchema('IN'), '98765 43210');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Did you mean +91 98765 43210?');
    // Without a region (or with a number invalid there) it says what format is wanted.
    expect(await errorFor({ ...valid, mobile: '98765 43210' }, 'mobile')).toMatch(/international format/);
    const invalidThere = await z.safeParseAsync(mobileFieldSchema('IN'), '12345');
    expect(invalidThere.error?.issues[0]?.message).toMatch(/international format/);
  });

  it('says a mobile has only digits, spaces and + when letters are typed', async () => {
    expect(await errorFor({ ...valid, mobile: '98765 abcde' }, 'mobile')).toBe(
      'A mobile number has only digits, spaces and +',
    );
  });

  it('refuses an extension', async () => {
    expect(await errorFor({ ...valid, mobile: '+44 20 7946 0958 ext. 123' }, 'mobile')).toBe(
      'Extensions cannot be saved; enter the mobile number alone',
    );
  });

  it('refuses anything longer than a phone number could be', async () => {
    expect(await errorFor({ ...valid, mobile: `+91 ${'8'.repeat(40)}` }, 'mobile')).toBe(
      'That is too long for a phone number',
    );
  });
});

describe('profileFieldsSchema: the object', () => {
  it('takes back what GET answers: null email and mobile mean none', async () => {
    expect(await parsed({ ...valid, email: null, mobile: null })).toEqual({ ...valid, email: '', mobile: '' });
  });

  it('drops unknown fields', async () => {
    expect(await parsed({ ...valid, role: 'admin', _id: 'x', archived: true })).toEqual(valid);
  });

  it('reports every field at fault at once', async () => {
    const result = await profileFieldsSchema.safeParseAsync({ tag: '', name: '', email: 'x', mobile: '123' });
    expect(result.success).toBe(false);
    expect(new Set(result.error?.issues.map((issue) => issue.path[0]))).toEqual(
      new Set(['tag', 'name', 'email', 'mobile']),
    );
  });
});

describe('toFormValues', () => {
  it('turns Attestr’s nulls into empty strings', async () => {
    expect(toFormValues({ tag: 'T', name: 'N', email: null, mobile: null })).toEqual({
      tag: 'T',
      name: 'N',
      email: '',
      mobile: '',
    });
    expect(toFormValues(valid)).toEqual(valid);
  });
});

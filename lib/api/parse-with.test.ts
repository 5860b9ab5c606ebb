import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { parseWith } from '@/lib/api/handler';

/** The 422 a value gets from parseWith, as the browser receives it. */
async function refusal(schema: z.core.$ZodType, value: unknown) {
  const error = await parseWith(schema, value).then(
    () => {
      throw new Error('expected the value to be refused');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  const response = (error as ApiError).toResponse();
  expect(response.status).toBe(422);
  return ((await response.json()) as { error: { code: string; fieldErrors?: object; details?: string } }).error;
}

const required = (message: string) => z.string({ error: message }).check(z.minLength(1, message));

describe('parseWith', () => {
  it('answers the parsed value when it is valid', async () => {
    await expect(parseWith(z.object({ name: z.string() }), { name: 'Ana' })).resolves.toEqual({ name: 'Ana' });
  });

  it('keys a profile field by its name, as before, and leaves it out of details', async () => {
    const error = await refusal(z.object({ email: required('Enter an email'), name: required('Enter a name') }), {
      email: '',
      name: '',
    });
    expect(error).toEqual(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fieldErrors: { email: 'Enter an email', name: 'Enter a name' },
      }),
    );
    expect(error.details).toBeUndefined();
  });

  it('keys a nested field by its dotted path, and an array element by its index', async () => {
    const schema = z.object({
      base: z.object({ email: required('The loaded email is missing') }),
      rows: z.array(z.object({ mobile: required('Enter a mobile') })),
    });
    const error = await refusal(schema, { base: { email: '' }, rows: [{ mobile: '+1' }, { mobile: '' }] });
    expect(error.fieldErrors).toEqual({
      'base.email': 'The loaded email is missing',
      'rows.1.mobile': 'Enter a mobile',
    });
    expect(error.details).toBe('The loaded email is missing; Enter a mobile');
  });

  it('keys a top-level field that is not a profile field, and keeps the first message of each', async () => {
    const password = z.string().check(z.minLength(12, 'Use at least 12 characters'), z.regex(/\d/, 'Include a digit'));
    const error = await refusal(z.object({ password }), { password: 'short' });
    expect(error.fieldErrors).toEqual({ password: 'Use at least 12 characters' });
    expect(error.details).toBe('Use at least 12 characters; Include a digit');
  });

  it('puts a missing object in details only: it is the body’s shape, not a field', async () => {
    const schema = z.object({
      name: required('Enter a name'),
      base: z.object({ name: z.string() }, { error: 'Send base' }),
    });
    const error = await refusal(schema, { name: '' });
    expect(error.fieldErrors).toEqual({ name: 'Enter a name' });
    expect(error.details).toBe('Send base');
  });

  it('puts an issue about the value as a whole in details only', async () => {
    const error = await refusal(z.object({ name: z.string() }), 'not an object');
    expect(error.fieldErrors).toEqual({});
    expect(error.details).toMatch(/object/i);
  });
});

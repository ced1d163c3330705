/** Validation messages in plain words for every schema (issue 22, item 13), as the API and the CLI report them. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationError } from '@/server/http/errors';
import { currencySchema } from '@/server/currency';

function messageFor(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`${JSON.stringify(value)} was accepted`);
  const { errors } = validationError(result.error, 'body').extra as { errors: { message: string }[] };
  return errors[0].message;
}

describe('plain validation messages', () => {
  it.each([
    ['an empty required text', z.string().min(1), '', 'Enter at least 1 character'],
    ['a too short text', z.string().min(3), 'ab', 'Enter at least 3 characters'],
    ['a too long text', z.string().max(100), 'x'.repeat(101), 'At most 100 characters'],
    ['an exact length', z.string().length(4), 'abc', 'Enter exactly 4 characters'],
    ['a missing value', z.object({ name: z.string() }), {}, 'This is required'],
    ['text for a number', z.number(), 'five', 'Must be a number'],
    ['a fraction for a whole number', z.number().int(), 1.5, 'Must be a whole number'],
    ['a number for text', z.string(), 5, 'Must be text'],
    ['text for true or false', z.boolean(), 'yes', 'Must be true or false'],
    ['a number below the minimum', z.number().min(0), -1, 'Must be at least 0'],
    ['a number above the maximum', z.number().max(32), 33, 'Must be at most 32'],
    ['a number not above an exclusive minimum', z.number().positive(), 0, 'Must be more than 0'],
    ['a bad e-mail address', z.email(), 'not-an-address', 'Enter a valid e-mail address'],
    ['a bad ID', z.uuid(), 'not-an-id', 'Must be a valid ID'],
    ['a bad web address', z.url(), 'nowhere', 'Enter a valid web address, such as https://example.com'],
    ['a choice outside the list', z.enum(['full', 'ha']), 'admin', 'Must be one of: "full", "ha"'],
    ['too many items', z.array(z.number()).max(2), [1, 2, 3], 'At most 2 items'],
    ['an unknown field', z.strictObject({ a: z.number() }), { a: 1, b: 2 }, 'Unknown field: b'],
  ])('words %s', (_what, schema, value, expected) => {
    expect(messageFor(schema, value)).toBe(expected);
  });

  it('keeps a message the schema gives itself', () => {
    expect(messageFor(z.string().min(1, 'Enter a name'), '')).toBe('Enter a name');
  });

  it('never shows the validator’s own wording', () => {
    for (const [schema, value] of [
      [z.string().min(1), ''],
      [z.number().max(3), 10],
      [z.array(z.string()).min(1), []],
    ] as const) {
      expect(messageFor(schema, value)).not.toMatch(/Too (small|big)|expected|Invalid input/);
    }
  });
});

describe('currencySchema', () => {
  it.each(['EUR', 'sek', ' chf '])('takes the ISO 4217 code %j, upper-cased', (code) => {
    expect(currencySchema.parse(code)).toBe(code.trim().toUpperCase());
  });

  it.each(['XYZ', 'EURO', '€', ''])('refuses %j', (code) => {
    expect(messageFor(currencySchema, code)).toBe('Enter an ISO 4217 currency code, such as EUR, SEK or CHF');
  });
});

/** The route wrapper's input rules: text without NUL or unpaired surrogates, and internal errors that name only a reference. */
import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/http/errors';
import { assertSafeText } from '@/server/http/input';
import { toErrorResponse } from '@/server/http/route';

describe('assertSafeText', () => {
  it.each([
    ['NUL', { name: 'a\u0000b' }, 'body.name'],
    ['a lone high surrogate at the end', { list: ['ok', 'x\ud83d'] }, 'body.list.1'],
    ['a lone low surrogate', { a: { b: '\ude97' } }, 'body.a.b'],
    ['NUL in a key', { 'k\u0000': 1 }, 'body'],
  ])('refuses %s, naming where', (_, value, path) => {
    let error: unknown;
    try {
      assertSafeText(value, 'body');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_text' });
    expect((error as AppError).detail).toContain(`${path}:`);
  });

  it('takes ordinary text, surrogate pairs, numbers and nulls', () => {
    expect(() => assertSafeText({ name: 'Carport 🚗', n: 1, x: null, list: ['Zoë', true] }, 'body')).not.toThrow();
  });

  it('walks nesting deeper than the call stack would allow', () => {
    const deep = JSON.parse('['.repeat(200_000) + '"\\u0000"' + ']'.repeat(200_000));
    expect(() => assertSafeText(deep, 'body')).toThrow(AppError);
  });
});

describe('toErrorResponse', () => {
  it('answers an unexpected error with a reference only, never its message', async () => {
    const response = toErrorResponse(new Error('insert into "charge_points" values ($1) -- params: 9f1c…'));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toEqual({ detail: `Internal error (reference ${body.reference})`, code: 'internal_error', reference: expect.any(String) });
    expect(body.reference).toMatch(/^[0-9a-f-]{36}$/);
  });
});

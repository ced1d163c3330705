/** The one password rule (issue 22, item 12): zxcvbn-ts with the common-password and English dictionaries. */
import { describe, expect, it } from 'vitest';
import { estimatePasswordStrength } from '@/lib/password-strength';
import { assertStrongPassword } from '@/server/auth/password-strength';
import { AppError } from '@/server/http/errors';
import { DEFAULT_PASSWORD } from '../helpers/api';
import { ADMIN, PASSWORD } from '../e2e/support/accounts';

describe('estimatePasswordStrength', () => {
  it.each(['aaaaaaaaaa', 'password123', 'Password1234', '1234567890', 'qwertyuiop'])('calls %j weak, with advice', async (password) => {
    const strength = await estimatePasswordStrength(password);
    expect(strength.strong).toBe(false);
    expect(strength.score).toBeLessThan(3);
    expect(strength.advice).not.toBe('');
  });

  it('calls a few uncommon words strong', async () => {
    expect(await estimatePasswordStrength('velvet otter lamplight')).toMatchObject({ strong: true, advice: '' });
  });

  it('calls a strong-looking but short password weak: the length rule holds too', async () => {
    const strength = await estimatePasswordStrength('Zq8#vL2!');
    expect(strength.strong).toBe(false);
    expect(strength.advice).toContain('at least 10 characters');
  });

  it('counts the account’s own e-mail address and name as easy to guess', async () => {
    const email = 'marguerite.oyelaran-0a1b2c@example.com';
    expect((await estimatePasswordStrength(email)).strong).toBe(true);
    const own = await estimatePasswordStrength(email, [email]);
    expect(own.strong).toBe(false);
    expect(own.advice).toContain('It contains your name or e-mail address.');
    expect((await estimatePasswordStrength('Marguerite Oyelaran 1', ['Marguerite Oyelaran'])).strong).toBe(false);
  });

  it('accepts the passwords the test helpers sign up with', async () => {
    for (const password of [DEFAULT_PASSWORD, PASSWORD, ADMIN.password]) {
      expect((await estimatePasswordStrength(password)).strong, password).toBe(true);
    }
  });
});

describe('assertStrongPassword', () => {
  it('refuses with 400 weak_password, the advice in words, on the given field', async () => {
    const error = await assertStrongPassword('password123', { field: 'new_password' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const { status, code, detail, extra } = error as AppError;
    expect({ status, code }).toEqual({ status: 400, code: 'weak_password' });
    expect(detail).toBe('This password is too easy to guess. This is a commonly used password. Add more words that are less common.');
    expect(extra).toEqual({ errors: [{ path: 'body.new_password', message: detail }] });
  });

  it('lets a strong password through', async () => {
    await expect(assertStrongPassword('velvet otter lamplight')).resolves.toBeUndefined();
  });
});

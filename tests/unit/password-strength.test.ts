/** The one password rule (issue 22, item 12): zxcvbn-ts with the common-password and English dictionaries. */
import { describe, expect, it } from 'vitest';
import { estimatePasswordStrength, feedbackTexts, wordAdvice } from '@/lib/password-strength';
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

describe('the meter\'s advice in the reader\'s language', () => {
  const ours = { userInputs: 'OWN', tooShort: 'SHORT' };

  it('words zxcvbn\'s feedback with German\'s language pack and our Swedish one', async () => {
    const strength = await estimatePasswordStrength('password123');
    expect(wordAdvice(strength, { ...ours, feedback: await feedbackTexts('de') })).toBe('Dies ist ein oft verwendetes Passwort. Weitere Wörter, die weniger häufig vorkommen, hinzufügen.');
    expect(wordAdvice(strength, { ...ours, feedback: await feedbackTexts('sv') })).toBe('Det här är ett vanligt lösenord. Lägg till fler ord som är mindre vanliga.');
    expect(wordAdvice(strength, { ...ours, feedback: await feedbackTexts('en') })).toBe(strength.advice);
  });

  it('has a Swedish sentence for every warning and suggestion zxcvbn can give (its own breach check aside)', async () => {
    const [english, swedish] = await Promise.all([feedbackTexts('en'), feedbackTexts('sv')]);
    const keys = (texts: typeof english) => [...Object.keys(texts.warnings).map((k) => `w.${k}`), ...Object.keys(texts.suggestions).map((k) => `s.${k}`)].sort();
    expect(keys(swedish)).toEqual(keys(english).filter((k) => !['w.userInputs', 'w.pwned', 's.pwned'].includes(k)));
  });

  it('says our own sentences for a short password and one made of the account\'s name', async () => {
    const own = await estimatePasswordStrength('marguerite', ['marguerite@example.com']);
    expect(wordAdvice(own, { ...ours, feedback: await feedbackTexts('sv') })).toMatch(/^OWN/);
    expect(wordAdvice(await estimatePasswordStrength('Zq8#vL2!'), { ...ours, feedback: await feedbackTexts('de') })).toMatch(/^SHORT/);
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

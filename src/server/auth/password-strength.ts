import { estimatePasswordStrength } from '@/lib/password-strength';
import { badRequest } from '@/server/http/errors';

interface StrengthCheck {
  /** The account's e-mail address and name, when known: a password made of them is easy to guess. */
  userInputs?: (string | null | undefined)[];
  /** The request field the password came in, so a form shows the message next to it. */
  field?: string;
}

/**
 * The one rule for new passwords (sign-up, reset, change, CLI): refused with
 * 400 `weak_password` and zxcvbn's advice unless it is hard to guess.
 */
export async function assertStrongPassword(password: string, { userInputs = [], field = 'password' }: StrengthCheck = {}) {
  const strength = await estimatePasswordStrength(password, userInputs.filter((input): input is string => !!input));
  if (strength.strong) return;
  // zxcvbn's advice is English in every language.
  throw badRequest('weak_password', 'errors.auth.weakPassword', { advice: strength.advice }, { field: `body.${field}` });
}

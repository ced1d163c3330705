import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Password strength by zxcvbn-ts with its common-password and English
 * dictionaries, the same on the server (which decides) and in the forms'
 * meter (which only advises). The dictionaries are large, so they are loaded
 * on first use: the browser fetches them only on a page with a password form.
 */

/** zxcvbn's 0–4 scale; below 3 ("safely unguessable") is refused. */
export const MIN_PASSWORD_SCORE = 3;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/**
 * The estimator's work grows steeply with length and l33t substitutions (a
 * random 200-character password took seconds), and the server runs it on
 * every sign-up: only the first 64 characters are judged, with at most 10
 * substitutions tried. Those 64 must be strong by themselves.
 */
const JUDGED_LENGTH = 64;
const MAX_L33T_SUBSTITUTIONS = 10;

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  label: (typeof STRENGTH_LABELS)[number];
  strong: boolean;
  /** What makes it weak and what to do, in sentences; empty when strong. */
  advice: string;
}

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: {
          ...english.translations,
          // zxcvbn's own wording ("personal or page related data") says less to a person.
          warnings: { ...english.translations.warnings, userInputs: 'It contains your name or e-mail address.' },
        },
        maxLength: JUDGED_LENGTH,
        l33tMaxSubstitutions: MAX_L33T_SUBSTITUTIONS,
      }),
  );
  return estimator;
}

/** `userInputs`: the account's e-mail address and name, which make a password easy to guess for anyone who knows them. */
export async function estimatePasswordStrength(password: string, userInputs: string[] = []): Promise<PasswordStrength> {
  const zxcvbn = await loadEstimator();
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_+-]+/)]).filter((word) => word.length > 0);
  const result = zxcvbn.check(password.slice(0, JUDGED_LENGTH), inputs.map((input) => input.slice(0, JUDGED_LENGTH)));
  const strong = result.score >= MIN_PASSWORD_SCORE && password.length >= MIN_PASSWORD_LENGTH;
  const lengthAdvice = password.length < MIN_PASSWORD_LENGTH ? `Use at least ${MIN_PASSWORD_LENGTH} characters.` : null;
  const advice = strong
    ? ''
    : [lengthAdvice, result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ') ||
      'Add more words that are less common.';
  return { score: result.score, label: STRENGTH_LABELS[result.score], strong, advice };
}

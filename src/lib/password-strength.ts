import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Password strength by zxcvbn-ts with its common-password and English
 * dictionaries, the same on the server (which decides) and in the forms'
 * meter (which only advises). The dictionaries are large, so they are loaded
 * on first use: the browser fetches them only on a page with a password form.
 * zxcvbn answers with its feedback's keys; `wordAdvice()` words them in a
 * language (English here for the server, the reader's in the meter).
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

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  strong: boolean;
  /** Shorter than MIN_PASSWORD_LENGTH. */
  tooShort: boolean;
  /** zxcvbn's feedback as keys of a language pack's `warnings` and `suggestions`. */
  warning: string | null;
  suggestions: string[];
  /** What makes it weak and what to do, in English sentences; empty when strong. */
  advice: string;
}

/** zxcvbn's feedback sentences in one language: a language pack's `translations` (or ours, for Swedish). */
export interface FeedbackTexts {
  warnings: Record<string, string>;
  suggestions: Record<string, string>;
}
/** The advice's words in one language: zxcvbn's feedback, and our own sentences around it. */
export interface AdviceWords {
  feedback: FeedbackTexts;
  /** Replaces zxcvbn's `userInputs` warning ("personal or page related data" says less to a person). */
  userInputs: string;
  tooShort: string;
}

const ENGLISH_WORDS = (feedback: FeedbackTexts): AdviceWords => ({
  feedback,
  userInputs: 'It contains your name or e-mail address.',
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
});

/** zxcvbn's feedback sentences for a language, loaded when first needed. */
export async function feedbackTexts(locale: string): Promise<FeedbackTexts> {
  if (locale === 'de') return (await import('@zxcvbn-ts/language-de/dist/translations')).default;
  if (locale === 'sv') return (await import('./zxcvbn-sv')).translations;
  return (await import('@zxcvbn-ts/language-en')).translations;
}

/** A pack's sections with each sentence replaced by its key, so zxcvbn answers in keys. */
const asKeys = (section: Record<string, unknown>) => Object.fromEntries(Object.keys(section).map((key) => [key, key]));

let estimator: Promise<{ zxcvbn: ZxcvbnFactory; english: FeedbackTexts }> | undefined;

function loadEstimator() {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(([core, common, english]) => ({
    zxcvbn: new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: {
        ...english.translations,
        warnings: asKeys(english.translations.warnings) as typeof english.translations.warnings,
        suggestions: asKeys(english.translations.suggestions) as typeof english.translations.suggestions,
      },
      maxLength: JUDGED_LENGTH,
      l33tMaxSubstitutions: MAX_L33T_SUBSTITUTIONS,
    }),
    english: english.translations,
  }));
  return estimator;
}

/**
 * What makes a password weak and what to do, in the words given; empty when
 * it is strong. Without any feedback it suggests more, less common words.
 */
export function wordAdvice(strength: Pick<PasswordStrength, 'strong' | 'tooShort' | 'warning' | 'suggestions'>, words: AdviceWords): string {
  if (strength.strong) return '';
  const warning = strength.warning === 'userInputs' ? words.userInputs : strength.warning && words.feedback.warnings[strength.warning];
  const sentences = [strength.tooShort && words.tooShort, warning, ...strength.suggestions.map((key) => words.feedback.suggestions[key])];
  return sentences.filter(Boolean).join(' ') || words.feedback.suggestions.anotherWord;
}

/** `userInputs`: the account's e-mail address and name, which make a password easy to guess for anyone who knows them. */
export async function estimatePasswordStrength(password: string, userInputs: string[] = []): Promise<PasswordStrength> {
  const { zxcvbn, english } = await loadEstimator();
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_+-]+/)]).filter((word) => word.length > 0);
  const result = zxcvbn.check(password.slice(0, JUDGED_LENGTH), inputs.map((input) => input.slice(0, JUDGED_LENGTH)));
  const tooShort = password.length < MIN_PASSWORD_LENGTH;
  const strong = result.score >= MIN_PASSWORD_SCORE && !tooShort;
  const feedback = { strong, tooShort, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
  return { score: result.score, ...feedback, advice: wordAdvice(feedback, ENGLISH_WORDS(english)) };
}

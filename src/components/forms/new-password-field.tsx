'use client';

import * as React from 'react';
import { useLocale, useTranslations } from 'next-intl';

import { TextField } from '@/components/forms/text-field';
import { estimatePasswordStrength, feedbackTexts, MIN_PASSWORD_LENGTH, wordAdvice, type FeedbackTexts, type PasswordStrength } from '@/lib/password-strength';
import { cn } from '@/lib/utils';

type NewPasswordFieldProps = Omit<React.ComponentProps<typeof TextField>, 'type' | 'hint' | 'value' | 'defaultValue' | 'onChange'> & {
  /** The account's e-mail address and name: a password made of them counts as weak, as the server counts it. */
  userInputs?: string[];
  /** Said after the strength rule, e.g. what else happens on a change. */
  extraHint?: string;
};

const BAR_COLOURS = ['bg-destructive', 'bg-destructive', 'bg-amber-500', 'bg-emerald-600', 'bg-emerald-600'];
const LEVELS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;

/**
 * A new-password input with a strength meter from the same estimator the
 * server decides with; the meter only advises, the server refuses.
 */
function NewPasswordField({ id, userInputs = [], extraHint, error, ...props }: NewPasswordFieldProps) {
  const [password, setPassword] = React.useState('');
  const t = useTranslations('password');
  // The server's refusal is about the password it got: it goes once the person types another.
  const [shownError, setShownError] = React.useState(error);
  const [lastError, setLastError] = React.useState(error);
  if (error !== lastError) {
    setLastError(error);
    setShownError(error);
  }
  const [strength, setStrength] = React.useState<PasswordStrength & { feedback: FeedbackTexts }>();
  const inputsKey = userInputs.join('\n');
  const locale = useLocale();

  React.useEffect(() => {
    if (!password) return;
    let current = true;
    void Promise.all([estimatePasswordStrength(password, inputsKey ? inputsKey.split('\n') : []), feedbackTexts(locale)]).then(([result, feedback]) => {
      if (current) setStrength({ ...result, feedback });
    });
    return () => {
      current = false;
    };
  }, [password, inputsKey, locale]);

  const meterId = `${id}-strength`;
  const shown = password ? strength : undefined;
  const label = shown && t(`levels.${LEVELS[shown.score]}`);
  const advice = shown && wordAdvice(shown, { feedback: shown.feedback, userInputs: t('userInputs'), tooShort: t('tooShort', { min: MIN_PASSWORD_LENGTH }) });
  return (
    <div className="grid gap-2">
      <TextField
        id={id}
        type="password"
        onChange={(event) => {
          setPassword(event.target.value);
          setShownError(undefined);
        }}
        error={shownError}
        hint={`${t('hint', { min: MIN_PASSWORD_LENGTH })}${extraHint ? ` ${extraHint}` : ''}`}
        {...props}
      />
      {shown && (
        <div id={meterId} className="grid gap-1" aria-live="polite">
          <div
            role="meter"
            aria-label={t('strength')}
            aria-valuemin={0}
            aria-valuemax={4}
            aria-valuenow={shown.score}
            aria-valuetext={label}
            className="grid grid-cols-4 gap-1"
          >
            {[1, 2, 3, 4].map((step) => (
              <span
                key={step}
                className={cn('h-1.5 rounded-full', shown.score >= step ? BAR_COLOURS[shown.score] : 'bg-muted')}
              />
            ))}
          </div>
          <p className="text-sm" data-testid={`${id}-strength-label`}>
            {t('strengthLabel')} <span className="font-medium">{label}</span>
            {advice && <span className="text-muted-foreground"> – {advice}</span>}
          </p>
        </div>
      )}
    </div>
  );
}

export { NewPasswordField };

'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { MailIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { NewPasswordField } from '@/components/forms/new-password-field';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { callApi } from '@/lib/api-client';

const FIELDS = ['name', 'email', 'password'];

/**
 * Sign-up answers the same whether the address is taken, and signs nobody in.
 * The form then signs in with the same credentials: that works for a new
 * account (its owner confirms the address later); otherwise the mail tells
 * the address's owner what happened.
 */
function SignUpForm() {
  const router = useRouter();
  const t = useTranslations('auth');
  const { pending, error, run } = useApiAction();
  const [navigating, startNavigation] = React.useTransition();
  const [checkMail, setCheckMail] = React.useState(false);
  // What the meter counts as easy to guess, as the server does.
  const [typedName, setTypedName] = React.useState('');
  const [typedEmail, setTypedEmail] = React.useState('');

  async function signUp(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const credentials = { email: form.get('email'), password: form.get('password') };
    const result = await run(() => callApi('POST', '/api/auth/signup', { ...credentials, ...(name ? { name } : {}) }));
    if (!result.ok) return;
    const signedIn = await callApi('POST', '/api/auth/signin', credentials);
    if (!signedIn.ok) {
      setCheckMail(true);
      return;
    }
    startNavigation(() => {
      router.replace('/dashboard');
      router.refresh();
    });
  }

  if (checkMail) {
    return (
      <Alert role="status">
        <MailIcon aria-hidden="true" />
        <AlertTitle>{t('checkInbox')}</AlertTitle>
        <AlertDescription>
          <p>
            {t.rich('checkInboxBody', { link: (chunks) => <TextLink href="/signin">{chunks}</TextLink> })}
          </p>
        </AlertDescription>
      </Alert>
    );
  }

  return (
    <form onSubmit={signUp} className="flex flex-col gap-4">
      <FormError error={error} fields={FIELDS} title={t('couldNotCreate')} />
      <TextField
        id="name"
        name="name"
        label={t('nameOptional')}
        autoComplete="name"
        maxLength={100}
        onChange={(event) => setTypedName(event.target.value)}
        error={error?.fieldErrors.name}
      />
      <TextField
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="email"
        required
        onChange={(event) => setTypedEmail(event.target.value)}
        error={error?.fieldErrors.email}
      />
      <NewPasswordField
        id="password"
        name="password"
        label={t('password')}
        autoComplete="new-password"
        required
        userInputs={[typedEmail, typedName]}
        error={error?.fieldErrors.password}
      />
      <SubmitButton pending={pending || navigating} pendingLabel={t('creatingAccount')}>
        {t('createAccount')}
      </SubmitButton>
    </form>
  );
}

export { SignUpForm };

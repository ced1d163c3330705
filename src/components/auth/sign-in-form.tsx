'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { TextLink } from '@/components/site/text-link';
import { callApi } from '@/lib/api-client';

/** E-mail and password sign-in (local accounts); continues to `next` on success. */
function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const t = useTranslations('auth');
  const { pending, error, run } = useApiAction();
  const [navigating, startNavigation] = React.useTransition();

  async function signIn(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() =>
      callApi('POST', '/api/auth/signin', { email: form.get('email'), password: form.get('password') }),
    );
    if (result.ok) {
      startNavigation(() => {
        router.replace(next);
        router.refresh();
      });
    }
  }

  return (
    <form onSubmit={signIn} className="flex flex-col gap-4">
      <FormError error={error} fields={['email', 'password']} title={t('couldNotSignIn')} />
      <TextField
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="email"
        required
        error={error?.fieldErrors.email}
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label={t('password')}
        autoComplete="current-password"
        required
        error={error?.fieldErrors.password}
      />
      <SubmitButton pending={pending || navigating} pendingLabel={t('signingIn')}>
        {t('signInTitle')}
      </SubmitButton>
      <p className="text-sm">
        <TextLink href="/forgot-password">{t('forgot')}</TextLink>
      </p>
    </form>
  );
}

export { SignInForm };

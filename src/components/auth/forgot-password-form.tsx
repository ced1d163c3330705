'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { MailIcon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { callApi } from '@/lib/api-client';

/** Asks for a password-reset link; the answer never tells whether the account exists. */
function ForgotPasswordForm() {
  const { pending, error, run } = useApiAction();
  const t = useTranslations('auth');
  const [sentMessage, setSentMessage] = React.useState<string>();

  async function requestLink(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() => callApi<{ detail: string }>('POST', '/api/auth/password-reset', { email: form.get('email') }));
    if (result.ok) setSentMessage(result.data.detail);
  }

  if (sentMessage) {
    return (
      <Alert>
        <MailIcon aria-hidden="true" />
        <AlertTitle>{t('checkInbox')}</AlertTitle>
        <AlertDescription>{sentMessage}</AlertDescription>
      </Alert>
    );
  }

  return (
    <form onSubmit={requestLink} className="flex flex-col gap-4">
      <FormError error={error} fields={['email']} title={t('sendFailed')} />
      <TextField
        id="email"
        name="email"
        type="email"
        label={t('email')}
        autoComplete="email"
        required
        error={error?.fieldErrors.email}
      />
      <SubmitButton pending={pending} pendingLabel={t('sending')}>
        {t('sendReset')}
      </SubmitButton>
    </form>
  );
}

export { ForgotPasswordForm };

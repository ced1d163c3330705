'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { CircleCheckIcon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { NewPasswordField } from '@/components/forms/new-password-field';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { TextLink } from '@/components/site/text-link';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { callApi } from '@/lib/api-client';

/** Sets a new password with the single-use token from the reset e-mail. */
function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations('auth');
  const { pending, error, run, clearError } = useApiAction();
  const [mismatch, setMismatch] = React.useState(false);
  const [changed, setChanged] = React.useState(false);

  async function resetPassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = form.get('password');
    if (password !== form.get('confirm')) {
      clearError();
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const revokeApiKeys = form.get('revoke_api_keys') === 'on';
    const result = await run(() =>
      callApi('POST', '/api/auth/password-reset/confirm', { token, password, revoke_api_keys: revokeApiKeys }),
    );
    if (result.ok) setChanged(true);
  }

  if (changed) {
    return (
      <Alert>
        <CircleCheckIcon aria-hidden="true" />
        <AlertTitle>{t('passwordChanged')}</AlertTitle>
        <AlertDescription>
          <p>{t.rich('canSignIn', { link: (chunks) => <TextLink href="/signin">{chunks}</TextLink> })}</p>
        </AlertDescription>
      </Alert>
    );
  }

  return (
    <form onSubmit={resetPassword} className="flex flex-col gap-4">
      <FormError error={error} fields={['password']} title={t('changeFailed')} />
      <NewPasswordField
        id="password"
        name="password"
        label={t('newPassword')}
        autoComplete="new-password"
        required
        error={error?.fieldErrors.password}
      />
      <TextField
        id="confirm"
        name="confirm"
        type="password"
        label={t('repeatPassword')}
        autoComplete="new-password"
        required
        error={mismatch ? t('mismatch') : undefined}
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="revoke_api_keys" defaultChecked className="mt-0.5 size-4" />
        <span>
          {t('revokeKeys')}
          <span className="block text-muted-foreground">{t('revokeKeysHelp')}</span>
        </span>
      </label>
      <SubmitButton pending={pending} pendingLabel={t('saving')}>
        {t('setPassword')}
      </SubmitButton>
    </form>
  );
}

export { ResetPasswordForm };

'use client';

import * as React from 'react';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { NewPasswordField } from '@/components/forms/new-password-field';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

/** Changes the password; other sessions end, this one stays signed in. */
function ChangePasswordForm({ userInputs }: { userInputs: string[] }) {
  const { pending, error, run } = useApiAction();
  const t = useTranslations('profile');
  // A new form after a change: empty fields and no meter.
  const [formKey, setFormKey] = React.useState(0);

  async function changePassword(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const result = await run(() =>
      callApi('POST', '/api/me/password', {
        current_password: data.get('current_password'),
        new_password: data.get('new_password'),
      }),
    );
    if (result.ok) {
      setFormKey((key) => key + 1);
      toast.success(t('passwordChanged'));
    }
  }

  return (
    <form key={formKey} onSubmit={changePassword} className="flex flex-col gap-4" aria-label={t('changePassword')}>
      <FormError error={error} fields={['current_password', 'new_password']} title={t('changeFailed')} />
      <TextField
        id="current-password"
        name="current_password"
        type="password"
        label={t('currentPassword')}
        autoComplete="current-password"
        required
        error={error?.fieldErrors.current_password}
      />
      <NewPasswordField
        id="new-password"
        name="new_password"
        label={t('newPassword')}
        autoComplete="new-password"
        required
        userInputs={userInputs}
        extraHint={t('othersSignedOut')}
        error={error?.fieldErrors.new_password}
      />
      <SubmitButton pending={pending} pendingLabel={t('changing')} className="self-start">
        {t('changePassword')}
      </SubmitButton>
    </form>
  );
}

export { ChangePasswordForm };

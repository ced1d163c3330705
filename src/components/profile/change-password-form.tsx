'use client';

import * as React from 'react';
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
      toast.success('Password changed. Other devices have been signed out.');
    }
  }

  return (
    <form key={formKey} onSubmit={changePassword} className="flex flex-col gap-4" aria-label="Change password">
      <FormError error={error} fields={['current_password', 'new_password']} title="Could not change your password" />
      <TextField
        id="current-password"
        name="current_password"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        error={error?.fieldErrors.current_password}
      />
      <NewPasswordField
        id="new-password"
        name="new_password"
        label="New password"
        autoComplete="new-password"
        required
        userInputs={userInputs}
        extraHint="Other devices are signed out."
        error={error?.fieldErrors.new_password}
      />
      <SubmitButton pending={pending} pendingLabel="Changing…" className="self-start">
        Change password
      </SubmitButton>
    </form>
  );
}

export { ChangePasswordForm };

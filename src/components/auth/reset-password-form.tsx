'use client';

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
        <AlertTitle>Password changed</AlertTitle>
        <AlertDescription>
          <p>
            You can now <TextLink href="/signin">sign in</TextLink> with your new password.
          </p>
        </AlertDescription>
      </Alert>
    );
  }

  return (
    <form onSubmit={resetPassword} className="flex flex-col gap-4">
      <FormError error={error} fields={['password']} title="Could not change your password" />
      <NewPasswordField
        id="password"
        name="password"
        label="New password"
        autoComplete="new-password"
        required
        error={error?.fieldErrors.password}
      />
      <TextField
        id="confirm"
        name="confirm"
        type="password"
        label="Repeat password"
        autoComplete="new-password"
        required
        error={mismatch ? 'The two passwords are not the same.' : undefined}
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="revoke_api_keys" defaultChecked className="mt-0.5 size-4" />
        <span>
          Also revoke all my API keys
          <span className="block text-muted-foreground">
            Recommended if someone else may have known your password: they could have made keys. Home Assistant then
            needs a new key.
          </span>
        </span>
      </label>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}

export { ResetPasswordForm };

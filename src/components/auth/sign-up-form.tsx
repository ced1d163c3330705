'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

const FIELDS = ['name', 'email', 'password'];

/** Creates a local account, which is signed in right away, then opens the dashboard. */
function SignUpForm() {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [navigating, startNavigation] = React.useTransition();

  async function signUp(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const result = await run(() =>
      callApi('POST', '/api/auth/signup', {
        email: form.get('email'),
        password: form.get('password'),
        ...(name ? { name } : {}),
      }),
    );
    if (result.ok) {
      startNavigation(() => {
        router.replace('/dashboard');
        router.refresh();
      });
    }
  }

  return (
    <form onSubmit={signUp} className="flex flex-col gap-4">
      <FormError error={error} fields={FIELDS} title="Could not create your account" />
      <TextField
        id="name"
        name="name"
        label="Name (optional)"
        autoComplete="name"
        maxLength={100}
        error={error?.fieldErrors.name}
      />
      <TextField
        id="email"
        name="email"
        type="email"
        label="E-mail address"
        autoComplete="email"
        required
        error={error?.fieldErrors.email}
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={error?.fieldErrors.password}
      />
      <SubmitButton pending={pending || navigating} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}

export { SignUpForm };

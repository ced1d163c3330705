'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

/** The display name (editable) and the e-mail address (read-only). */
function ProfileForm({ name, email }: { name: string | null; email: string }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function saveName(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    const result = await run(() => callApi('PATCH', '/api/me', { name: value === '' ? null : value }));
    if (result.ok) {
      toast.success('Profile saved');
      router.refresh();
    }
  }

  return (
    <form onSubmit={saveName} className="flex flex-col gap-4" aria-label="Profile">
      <FormError error={error} fields={['name']} title="Could not save your profile" />
      <TextField
        id="profile-name"
        name="name"
        label="Name"
        autoComplete="name"
        maxLength={100}
        defaultValue={name ?? ''}
        hint="Shown in the app. Leave empty to use your e-mail address."
        error={error?.fieldErrors.name}
      />
      <TextField
        id="profile-email"
        label="E-mail address"
        type="email"
        value={email}
        readOnly
        className="bg-muted dark:bg-muted"
        hint="The address you sign in with. It cannot be changed here."
      />
      <SubmitButton pending={pending} pendingLabel="Saving…" className="self-start">
        Save
      </SubmitButton>
    </form>
  );
}

export { ProfileForm };

'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('profile');
  const tc = useTranslations('common');

  async function saveName(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    const result = await run(() => callApi('PATCH', '/api/me', { name: value === '' ? null : value }));
    if (result.ok) {
      toast.success(t('saved'));
      router.refresh();
    }
  }

  return (
    <form onSubmit={saveName} className="flex flex-col gap-4" aria-label={t('formLabel')}>
      <FormError error={error} fields={['name']} title={t('saveFailed')} />
      <TextField
        id="profile-name"
        name="name"
        label={t('name')}
        autoComplete="name"
        maxLength={100}
        defaultValue={name ?? ''}
        hint={t('nameHint')}
        error={error?.fieldErrors.name}
      />
      <TextField
        id="profile-email"
        label={t('email')}
        type="email"
        value={email}
        readOnly
        className="bg-muted dark:bg-muted"
        hint={t('emailHint')}
      />
      <SubmitButton pending={pending} pendingLabel={tc('saving')} className="self-start">
        {tc('save')}
      </SubmitButton>
    </form>
  );
}

export { ProfileForm };

'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

/** Whether unknown OCPP identities may connect as pending, for a user to claim. */
function OcppSettingsForm({ acceptUnknown }: { acceptUnknown: boolean }) {
  const t = useTranslations('adminOcpp');
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() => callApi('PUT', '/api/admin/ocpp', { accept_unknown_identities: form.get('accept_unknown_identities') === 'on' }));
    if (result.ok) {
      toast.success(t('saved'));
      router.refresh();
    }
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-4 text-sm" aria-label={t('form')}>
      <FormError error={error} fields={[]} title={t('saveFailed')} />
      <label className="flex items-center gap-2">
        <input type="checkbox" name="accept_unknown_identities" defaultChecked={acceptUnknown} className="size-4" />
        {t('acceptUnknown')}
      </label>
      <p className="text-muted-foreground">
        {t('acceptUnknownHelp')}
      </p>
      <SubmitButton pending={pending} pendingLabel={t('saving')}>
        {t('save')}
      </SubmitButton>
    </form>
  );
}

export { OcppSettingsForm };

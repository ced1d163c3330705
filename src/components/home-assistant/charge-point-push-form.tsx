'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';

const FIELDS = ['webhook_id', 'external_url', 'charge_point_id'];

/** Registers an automation's webhook trigger in Home Assistant to receive a charge point's changes. */
function ChargePointPushForm({ chargePoints }: { chargePoints: { id: string; name: string }[] }) {
  const router = useRouter();
  const t = useTranslations('haPush');
  const { pending, error, run } = useApiAction();
  const [chargePointId, setChargePointId] = React.useState(chargePoints[0]?.id ?? '');

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() =>
      callApi('POST', '/api/ha/webhook/register', {
        charge_point_id: chargePointId,
        external_url: String(form.get('external_url') ?? '').trim(),
        webhook_id: String(form.get('webhook_id') ?? '').trim(),
      }),
    );
    if (!result.ok) return;
    toast.success(t('added'));
    router.refresh();
  }

  if (chargePoints.length === 0) return null;
  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-4 md:grid-cols-4 md:items-end" aria-label={t('form')}>
      <div className="grid gap-2">
        <Label htmlFor="push-charge-point">{t('chargePoint')}</Label>
        <NativeSelect id="push-charge-point" value={chargePointId} onChange={(event) => setChargePointId(event.target.value)}>
          {chargePoints.map((cp) => (
            <NativeSelectOption key={cp.id} value={cp.id}>
              {cp.name}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      <TextField
        id="push-external-url"
        name="external_url"
        label={t('url')}
        placeholder="https://homeassistant.local:8123"
        required
        error={error?.fieldErrors.external_url}
      />
      <TextField
        id="push-webhook-id"
        name="webhook_id"
        label={t('webhookId')}
        hint={t('webhookHint')}
        required
        error={error?.fieldErrors.webhook_id}
      />
      <SubmitButton pending={pending} pendingLabel={t('adding')}>
        {t('add')}
      </SubmitButton>
      <div className="md:col-span-4">
        <FormError error={error} fields={FIELDS} />
      </div>
    </form>
  );
}

export { ChargePointPushForm };

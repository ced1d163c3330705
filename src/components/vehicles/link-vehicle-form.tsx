'use client';

import { useTranslations } from 'next-intl';
import { InfoIcon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';
import { linkableBrands } from '@/lib/vehicle-brands';

/**
 * Brand → Enode's Link UI → back to /vehicles/link/callback, which returns to the dashboard with the outcome.
 * With the built-in simulator only its brands are offered ("any" lets the user choose in the Link UI).
 */
function LinkVehicleForm({ simulator, returnOrigin }: { simulator: boolean; returnOrigin?: string }) {
  const { pending, error, run } = useApiAction();
  const t = useTranslations('vehicles');

  async function link(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const vendor = String(new FormData(event.currentTarget).get('vendor') ?? '');
    const result = await run(() => callApi<{ link_url: string }>('POST', '/api/vehicles/link', vendor ? { vendor } : {}));
    if (result.ok) window.location.assign(result.data.link_url);
  }

  return (
    <form onSubmit={link} className="flex flex-col gap-3" aria-label={t('linkTitle')}>
      <FormError error={error} title={t('linkStartFailed')} />
      {returnOrigin && (
        <Alert role="note" data-testid="link-return-notice">
          <InfoIcon aria-hidden="true" />
          <AlertDescription>
            <p>
              {t.rich('returnNotice', {
                origin: returnOrigin,
                b: (chunks) => <strong className="break-all">{chunks}</strong>,
                link: (chunks) => (
                  <a className="underline underline-offset-4" href={`${returnOrigin}/dashboard`}>
                    {chunks}
                  </a>
                ),
              })}
            </p>
          </AlertDescription>
        </Alert>
      )}
      <div className="grid gap-2">
        <Label htmlFor="vehicle-brand">{t('brand')}</Label>
        <NativeSelect id="vehicle-brand" name="vendor" defaultValue="" wrapperClassName="w-full">
          <NativeSelectOption value="">{t('chooseLater')}</NativeSelectOption>
          {linkableBrands(simulator).map(([id, name]) => (
            <NativeSelectOption key={id} value={id}>
              {name}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? t('opening') : t('linkTitle')}
      </Button>
    </form>
  );
}

export { LinkVehicleForm };

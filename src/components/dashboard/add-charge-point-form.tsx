'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { useRouter } from 'next/navigation';
import { TriangleAlertIcon } from 'lucide-react';

import { CopyableValue } from '@/components/copyable-value';
import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi } from '@/lib/api-client';

interface RegisteredChargePoint {
  identity: string;
  name: string;
  ocpp_url: string;
  password: string;
}

/** Registers a charge point (on one of `sites`, when there are any), then shows its OCPP credentials once. */
function AddChargePointForm({ sites = [] }: { sites?: { id: string; name: string }[] }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const t = useTranslations('addChargePoint');
  const [registered, setRegistered] = React.useState<RegisteredChargePoint>();
  const headingRef = React.useRef<HTMLHeadingElement>(null);

  React.useEffect(() => {
    if (registered) headingRef.current?.focus();
  }, [registered]);

  async function register(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() =>
      callApi<RegisteredChargePoint>('POST', '/api/charge-points', {
        identity: String(form.get('identity') ?? '').trim(),
        name: form.get('name'),
        site_id: form.get('site_id') || undefined,
      }),
    );
    if (result.ok) {
      setRegistered(result.data);
      router.refresh();
    }
  }

  if (registered) {
    return (
      <section aria-labelledby="new-charge-point-heading" className="flex flex-col gap-4">
        <h3 id="new-charge-point-heading" ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          “{registered.name}” is registered
        </h3>
        <p className="text-sm text-muted-foreground">{t('enterSettings')}</p>
        <CopyableValue label={t('ocppUrl')} value={registered.ocpp_url} />
        <CopyableValue label={t('identity')} value={registered.identity} />
        <CopyableValue label={t('password')} value={registered.password} testId="new-charge-point-password" />
        <Alert>
          <TriangleAlertIcon aria-hidden="true" />
          <AlertTitle>{t('shownOnce')}</AlertTitle>
          <AlertDescription>{t('shownOnceHelp')}</AlertDescription>
        </Alert>
        <Button type="button" variant="outline" onClick={() => setRegistered(undefined)}>
          {t('done')}
        </Button>
      </section>
    );
  }

  return (
    <form onSubmit={register} className="flex flex-col gap-4" aria-label={t('form')}>
      <FormError error={error} fields={['identity', 'name', 'site_id']} title={t('failed')} />
      <TextField
        id="charge-point-name"
        name="name"
        label={t('name')}
        placeholder={t('namePlaceholder')}
        required
        maxLength={100}
        error={error?.fieldErrors.name}
      />
      <TextField
        id="charge-point-identity"
        name="identity"
        label={t('identity')}
        required
        maxLength={48}
        autoComplete="off"
        spellCheck={false}
        hint={t('identityHint')}
        error={error?.fieldErrors.identity}
      />
      {sites.length > 0 && (
        <div className="grid gap-2">
          <Label htmlFor="charge-point-site">{t('site')}</Label>
          <NativeSelect id="charge-point-site" name="site_id" defaultValue="">
            <NativeSelectOption value="">{t('noSite')}</NativeSelectOption>
            {sites.map((s) => (
              <NativeSelectOption key={s.id} value={s.id}>
                {s.name}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </div>
      )}
      <SubmitButton pending={pending} pendingLabel={t('adding')}>
        {t('add')}
      </SubmitButton>
    </form>
  );
}

export { AddChargePointForm };

'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { TriangleAlertIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

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

interface CreatedKey {
  name: string;
  key: string;
}

/** Creates a named API key of a chosen scope and shows the key itself, once. */
function CreateApiKeyForm() {
  const router = useRouter();
  const t = useTranslations('apiKeys');
  const { pending, error, run } = useApiAction();
  const [created, setCreated] = React.useState<CreatedKey>();
  const headingRef = React.useRef<HTMLHeadingElement>(null);

  React.useEffect(() => {
    if (created) headingRef.current?.focus();
  }, [created]);

  async function createKey(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const result = await run(() =>
      callApi<CreatedKey>('POST', '/api/keys', { name: fields.get('name'), scope: fields.get('scope') }),
    );
    if (result.ok) {
      form.reset();
      setCreated(result.data);
      router.refresh();
    }
  }

  if (created) {
    return (
      <section aria-labelledby="new-key-heading" className="flex flex-col gap-4">
        <h3 id="new-key-heading" ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          {t('newKey', { name: created.name })}
        </h3>
        <CopyableValue label={t('apiKey')} value={created.key} testId="new-api-key" />
        <Alert>
          <TriangleAlertIcon aria-hidden="true" />
          <AlertTitle>{t('copyNow')}</AlertTitle>
          <AlertDescription>{t('copyNowHelp')}</AlertDescription>
        </Alert>
        <Button type="button" variant="outline" className="self-start" onClick={() => setCreated(undefined)}>
          {t('done')}
        </Button>
      </section>
    );
  }

  return (
    <form onSubmit={createKey} className="flex flex-col gap-4" aria-label={t('createForm')}>
      <FormError error={error} fields={['name', 'scope']} title={t('createFailed')} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          id="api-key-name"
          name="name"
          label={t('keyName')}
          placeholder={t('keyNamePlaceholder')}
          required
          maxLength={64}
          hint={t('keyNameHint')}
          error={error?.fieldErrors.name}
          wrapperClassName="flex-1"
        />
        <div className="grid gap-2">
          <Label htmlFor="api-key-scope">{t('access')}</Label>
          <NativeSelect id="api-key-scope" name="scope" defaultValue="ha" aria-describedby="api-key-scope-hint">
            <NativeSelectOption value="ha">{t('scopeHa')}</NativeSelectOption>
            <NativeSelectOption value="full">{t('scopeFull')}</NativeSelectOption>
          </NativeSelect>
        </div>
        <SubmitButton pending={pending} pendingLabel={t('creating')} className="sm:mt-[1.375rem]">
          {t('createKey')}
        </SubmitButton>
      </div>
      <p id="api-key-scope-hint" className="text-sm text-muted-foreground">
        {t('scopeHint')}
      </p>
    </form>
  );
}

export { CreateApiKeyForm };

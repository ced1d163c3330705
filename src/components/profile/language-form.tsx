'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/select';
import { LOCALE_NAMES, LOCALES, type Locale } from '@/i18n/locales';
import { callApi } from '@/lib/api-client';

/** The profile's language: saved at once on change (PATCH /api/me), then the page renders in it. */
function LanguageForm({ locale }: { locale: Locale | null }) {
  const router = useRouter();
  const t = useTranslations('language');
  const { pending, error, run } = useApiAction();
  const [value, setValue] = React.useState(locale ?? '');

  async function change(event: React.ChangeEvent<HTMLSelectElement>) {
    const next = event.currentTarget.value;
    const previous = value;
    setValue(next);
    const result = await run(() => callApi('PATCH', '/api/me', { locale: next === '' ? null : next }));
    if (!result.ok) {
      setValue(previous);
      return;
    }
    toast.success(t('saved'));
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-3">
      <FormError error={error} title={t('failed')} />
      <div className="grid gap-2">
        <Label htmlFor="profile-language">{t('label')}</Label>
        <NativeSelect
          id="profile-language"
          name="locale"
          value={value}
          disabled={pending}
          onChange={(event) => void change(event)}
          wrapperClassName="w-full sm:w-72"
        >
          <option value="">{t('browser')}</option>
          {LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </NativeSelect>
      </div>
    </div>
  );
}

export { LanguageForm };

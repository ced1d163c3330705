'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';
import { ID_TAG_FIELDS, IdTagFields, idTagBody } from './id-tag-fields';

/** Adds an id tag (an RFID card's UID or any token your charge points send). */
function AddIdTagForm({ tags }: { tags: string[] }) {
  const router = useRouter();
  const t = useTranslations('idTags');
  const { pending, error, run } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const result = await run(() => callApi('POST', '/api/id-tags', { tag: String(form.get('tag') ?? ''), ...idTagBody(form) }));
    if (result.ok) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label={t('add')}>
      <FormError error={error} fields={ID_TAG_FIELDS} title={t('addFailed')} />
      <TextField
        id="new-tag"
        name="tag"
        label={t('tag')}
        required
        maxLength={20}
        autoComplete="off"
        spellCheck={false}
        hint={t('tagHint')}
        error={error?.fieldErrors.tag}
      />
      <IdTagFields prefix="new-tag" error={error} tags={tags} />
      <SubmitButton pending={pending} pendingLabel={t('adding')} className="self-start">
        {t('addButton')}
      </SubmitButton>
    </form>
  );
}

export { AddIdTagForm };

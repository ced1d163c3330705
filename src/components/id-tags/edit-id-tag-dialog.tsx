'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';
import { useRouter } from 'next/navigation';

import { EditDialog } from '@/components/forms/edit-dialog';
import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';
import { ID_TAG_FIELDS, IdTagFields, idTagBody, type IdTagRow } from './id-tag-fields';

/** Changes an id tag's label, status, expiry and parent in a dialog. */
function EditIdTagDialog({ idTag, tags }: { idTag: IdTagRow; tags: string[] }) {
  const router = useRouter();
  const t = useTranslations('idTags');
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() => callApi('PATCH', `/api/id-tags/${idTag.id}`, idTagBody(form)));
    if (result.ok) {
      setOpen(false);
      router.refresh();
    }
  }
  return (
    <EditDialog
      triggerLabel={t('editNamed', { tag: idTag.tag })}
      title={t('editNamed', { tag: idTag.tag })}
      description={t('editHelp')}
      formLabel={t('editForm', { tag: idTag.tag })}
      open={open}
      onOpenChange={setOpen}
      clearError={clearError}
      onSubmit={submit}
      pending={pending}
    >
      <FormError error={error} fields={ID_TAG_FIELDS} title={t('saveFailed')} />
      <IdTagFields prefix={`edit-${idTag.id}`} initial={idTag} error={error} tags={tags.filter((tag) => tag !== idTag.tag)} />
    </EditDialog>
  );
}

export { EditIdTagDialog };

'use client';

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
      triggerLabel={`Edit ${idTag.tag}`}
      title={`Edit ${idTag.tag}`}
      description="Charge points learn a change at their next Authorize, or with the next local list you send."
      formLabel={`Edit id tag ${idTag.tag}`}
      open={open}
      onOpenChange={setOpen}
      clearError={clearError}
      onSubmit={submit}
      pending={pending}
    >
      <FormError error={error} fields={ID_TAG_FIELDS} title="Could not save the id tag" />
      <IdTagFields prefix={`edit-${idTag.id}`} initial={idTag} error={error} tags={tags.filter((t) => t !== idTag.tag)} />
    </EditDialog>
  );
}

export { EditIdTagDialog };

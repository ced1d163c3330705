'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { PencilIcon } from 'lucide-react';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
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
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) clearError();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Edit ${idTag.tag}`} title="Edit">
          <PencilIcon aria-hidden="true" />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {idTag.tag}</DialogTitle>
          <DialogDescription>Charge points learn a change at their next Authorize, or with the next local list you send.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="flex flex-col gap-3" aria-label={`Edit id tag ${idTag.tag}`}>
          <FormError error={error} fields={ID_TAG_FIELDS} title="Could not save the id tag" />
          <IdTagFields prefix={`edit-${idTag.id}`} initial={idTag} error={error} tags={tags.filter((t) => t !== idTag.tag)} />
          <DialogFooter>
            <SubmitButton pending={pending} pendingLabel="Saving…">
              Save
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export { EditIdTagDialog };

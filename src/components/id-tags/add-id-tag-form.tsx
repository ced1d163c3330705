'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';
import { ID_TAG_FIELDS, IdTagFields, idTagBody } from './id-tag-fields';

/** Adds an id tag (an RFID card's UID or any token your charge points send). */
function AddIdTagForm({ tags }: { tags: string[] }) {
  const router = useRouter();
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
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Add an id tag">
      <FormError error={error} fields={ID_TAG_FIELDS} title="Could not add the id tag" />
      <TextField
        id="new-tag"
        name="tag"
        label="Tag"
        required
        maxLength={20}
        autoComplete="off"
        spellCheck={false}
        hint="As the charge point sends it, e.g. the card’s UID (at most 20 characters)."
        error={error?.fieldErrors.tag}
      />
      <IdTagFields prefix="new-tag" error={error} tags={tags} />
      <SubmitButton pending={pending} pendingLabel="Adding…" className="self-start">
        Add id tag
      </SubmitButton>
    </form>
  );
}

export { AddIdTagForm };

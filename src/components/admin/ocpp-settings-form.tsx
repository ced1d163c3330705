'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { useApiAction } from '@/components/forms/use-api-action';
import { callApi } from '@/lib/api-client';

/** Whether unknown OCPP identities may connect as pending, for a user to claim. */
function OcppSettingsForm({ acceptUnknown }: { acceptUnknown: boolean }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run(() => callApi('PUT', '/api/admin/ocpp', { accept_unknown_identities: form.get('accept_unknown_identities') === 'on' }));
    if (result.ok) {
      toast.success('Saved');
      router.refresh();
    }
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-4 text-sm" aria-label="Charge point settings">
      <FormError error={error} fields={[]} title="Could not save" />
      <label className="flex items-center gap-2">
        <input type="checkbox" name="accept_unknown_identities" defaultChecked={acceptUnknown} className="size-4" />
        Accept unknown charge points as pending
      </label>
      <p className="text-muted-foreground">
        Off (the default): a charge point must be added by its owner before it can connect. On: an unknown identity may
        connect and boot (answered Pending); it is listed on the Charge points page, where any signed-in user can claim it.
        At most 200 unclaimed identities are kept.
      </p>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save
      </SubmitButton>
    </form>
  );
}

export { OcppSettingsForm };

'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { EditDialog } from '@/components/forms/edit-dialog';
import { FormError } from '@/components/forms/form-error';
import { SubmitButton } from '@/components/forms/submit-button';
import { TextField } from '@/components/forms/text-field';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/select';
import { callApi, type ApiError } from '@/lib/api-client';
import type { SiteSummary } from './site-load';

const SITE_FIELDS = ['name', 'max_current_a', 'phases', 'min_current_per_session_a'];

/** An empty number field is null; anything else goes as typed so the server's message names the field. */
export const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? null : Number(v));

function siteBody(form: FormData) {
  return {
    name: String(form.get('name') ?? ''),
    max_current_a: numberOrNull(form.get('max_current_a')),
    phases: Number(form.get('phases')),
    min_current_per_session_a: numberOrNull(form.get('min_current_per_session_a')),
  };
}

/**
 * Name, limit, phases and minimum per session (shared by the add form and the edit dialog). No browser
 * range checks (noValidate on the forms): the server's messages show next to the fields.
 */
function SiteFields({ prefix, initial, error }: { prefix: string; initial?: SiteSummary; error?: ApiError }) {
  const phasesError = error?.fieldErrors.phases;
  return (
    <>
      <TextField id={`${prefix}-name`} name="name" label="Name" maxLength={100} defaultValue={initial?.name} error={error?.fieldErrors.name} />
      <TextField
        id={`${prefix}-max`}
        name="max_current_a"
        label="Max current per phase (A)"
        type="number"
        step="0.1"
        defaultValue={initial?.max_current_a ?? ''}
        hint="Leave empty for no limit (no load balancing): running sessions then charge at their charge point's own maximum."
        error={error?.fieldErrors.max_current_a}
      />
      <div className="grid gap-2">
        <Label htmlFor={`${prefix}-phases`}>Phases</Label>
        <NativeSelect id={`${prefix}-phases`} name="phases" defaultValue={String(initial?.phases ?? 3)} wrapperClassName="w-full" aria-invalid={phasesError ? true : undefined}>
          <NativeSelectOption value="3">3 phases</NativeSelectOption>
          <NativeSelectOption value="1">1 phase</NativeSelectOption>
        </NativeSelect>
        {phasesError && (
          <p role="alert" className="text-sm text-destructive">
            {phasesError}
          </p>
        )}
      </div>
      <TextField
        id={`${prefix}-min`}
        name="min_current_per_session_a"
        label="Minimum per session (A)"
        type="number"
        step="0.1"
        defaultValue={initial?.min_current_per_session_a ?? 6}
        hint="A session that cannot get this much waits at 0 A (queued)."
        error={error?.fieldErrors.min_current_per_session_a}
      />
    </>
  );
}

/** Adds a site. */
function AddSiteForm() {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const result = await run(() => callApi('POST', '/api/sites', siteBody(new FormData(formElement))));
    if (result.ok) {
      formElement.reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label="Add a site">
      <FormError error={error} fields={SITE_FIELDS} title="Could not add the site" />
      <SiteFields prefix="new-site" error={error} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add site
      </SubmitButton>
    </form>
  );
}

/** Edit (dialog) and delete (confirmed) buttons of a site; `usedBy` names its charge points. */
function SiteActions({ site, usedBy }: { site: SiteSummary; usedBy: string[] }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = siteBody(new FormData(event.currentTarget));
    const result = await run(() => callApi('PATCH', `/api/sites/${site.id}`, body));
    if (result.ok) {
      setOpen(false);
      toast.success(`Site ${body.name.trim()} saved`);
      router.refresh();
    }
  }
  const users = usedBy.length === 0 ? 'No charge point uses this site.' : `Used by ${usedBy.join(', ')}: ${usedBy.length === 1 ? 'it stays' : 'they stay'}, without a site (no load balancing).`;
  return (
    <div className="flex shrink-0 gap-1">
      <EditDialog
        triggerLabel={`Edit site ${site.name}`}
        title={`Edit site ${site.name}`}
        description="A new limit is shared out again at once: each charging session gets its new share."
        formLabel={`Edit site ${site.name}`}
        open={open}
        onOpenChange={setOpen}
        clearError={clearError}
        onSubmit={submit}
        pending={pending}
        noValidate
      >
        <FormError error={error} fields={SITE_FIELDS} title="Could not save the site" />
        <SiteFields prefix={`edit-${site.id}`} initial={site} error={error} />
      </EditDialog>
      <ConfirmActionDialog
        trigger={
          <Button variant="ghost" size="icon" aria-label={`Delete site ${site.name}`} title="Delete">
            <Trash2Icon aria-hidden="true" />
          </Button>
        }
        title={`Delete site ${site.name}?`}
        description={`${users} Running sessions are released from the site's limit and charge at their charge point's own maximum.`}
        confirmLabel="Delete"
        pendingLabel="Deleting…"
        errorTitle="Could not delete the site"
        action={() => callApi('DELETE', `/api/sites/${site.id}`)}
        onDone={() => {
          toast.success(`Site ${site.name} deleted`);
          router.refresh();
        }}
      />
    </div>
  );
}

export { AddSiteForm, SiteActions };

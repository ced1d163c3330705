'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
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
import { SITE_LEGAL_FIELDS, SiteLegalFields, siteLegalBody, type SiteLegal } from './site-legal-fields';

const SITE_FIELDS = ['name', 'max_current_a', 'phases', 'min_current_per_session_a', ...SITE_LEGAL_FIELDS];

/** An empty number field is null; anything else goes as typed so the server's message names the field. */
export const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? null : Number(v));

function siteBody(form: FormData) {
  return {
    name: String(form.get('name') ?? ''),
    max_current_a: numberOrNull(form.get('max_current_a')),
    phases: Number(form.get('phases')),
    min_current_per_session_a: numberOrNull(form.get('min_current_per_session_a')),
    ...siteLegalBody(form),
  };
}

/**
 * Name, limit, phases and minimum per session (shared by the add form and the edit dialog). No browser
 * range checks (noValidate on the forms): the server's messages show next to the fields.
 */
function SiteFields({ prefix, initial, error }: { prefix: string; initial?: SiteSummary & SiteLegal; error?: ApiError }) {
  const t = useTranslations('siteForms');
  const phasesError = error?.fieldErrors.phases;
  return (
    <>
      <TextField id={`${prefix}-name`} name="name" label={t('name')} maxLength={100} defaultValue={initial?.name} error={error?.fieldErrors.name} />
      <TextField
        id={`${prefix}-max`}
        name="max_current_a"
        label={t('maxCurrent')}
        type="number"
        step="0.1"
        defaultValue={initial?.max_current_a ?? ''}
        hint={t('maxCurrentHint')}
        error={error?.fieldErrors.max_current_a}
      />
      <div className="grid gap-2">
        <Label htmlFor={`${prefix}-phases`}>{t('phases')}</Label>
        <NativeSelect id={`${prefix}-phases`} name="phases" defaultValue={String(initial?.phases ?? 3)} wrapperClassName="w-full" aria-invalid={phasesError ? true : undefined}>
          <NativeSelectOption value="3">{t('threePhases')}</NativeSelectOption>
          <NativeSelectOption value="1">{t('onePhase')}</NativeSelectOption>
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
        label={t('minPerSession')}
        type="number"
        step="0.1"
        defaultValue={initial?.min_current_per_session_a ?? 6}
        hint={t('minHint')}
        error={error?.fieldErrors.min_current_per_session_a}
      />
      <SiteLegalFields prefix={prefix} initial={initial} error={error} />
    </>
  );
}

/** Adds a site. */
function AddSiteForm() {
  const router = useRouter();
  const t = useTranslations('siteForms');
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
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label={t('addForm')}>
      <FormError error={error} fields={SITE_FIELDS} title={t('addFailed')} />
      <SiteFields prefix="new-site" error={error} />
      <SubmitButton pending={pending} pendingLabel={t('adding')}>
        {t('add')}
      </SubmitButton>
    </form>
  );
}

/** Edit (dialog) and delete (confirmed) buttons of a site; `usedBy` names its charge points. */
function SiteActions({ site, usedBy }: { site: SiteSummary & SiteLegal; usedBy: string[] }) {
  const router = useRouter();
  const t = useTranslations('siteForms');
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = siteBody(new FormData(event.currentTarget));
    const result = await run(() => callApi('PATCH', `/api/sites/${site.id}`, body));
    if (result.ok) {
      setOpen(false);
      toast.success(t('saved', { name: body.name.trim() }));
      router.refresh();
    }
  }
  const users = usedBy.length === 0 ? t('noUsers') : t('usedBy', { names: usedBy.join(', '), count: usedBy.length });
  return (
    <div className="flex shrink-0 gap-1">
      <EditDialog
        triggerLabel={t('edit', { name: site.name })}
        title={t('edit', { name: site.name })}
        description={t('editHelp')}
        formLabel={t('edit', { name: site.name })}
        open={open}
        onOpenChange={setOpen}
        clearError={clearError}
        onSubmit={submit}
        pending={pending}
        noValidate
        contentClassName="max-h-[90dvh] overflow-y-auto"
      >
        <FormError error={error} fields={SITE_FIELDS} title={t('saveFailed')} />
        <SiteFields prefix={`edit-${site.id}`} initial={site} error={error} />
      </EditDialog>
      <ConfirmActionDialog
        trigger={
          <Button variant="ghost" size="icon" aria-label={t('deleteNamed', { name: site.name })} title={t('delete')}>
            <Trash2Icon aria-hidden="true" />
          </Button>
        }
        title={t('deleteTitle', { name: site.name })}
        description={t('deleteBody', { users })}
        confirmLabel={t('delete')}
        pendingLabel={t('deleting')}
        errorTitle={t('deleteFailed')}
        action={() => callApi('DELETE', `/api/sites/${site.id}`)}
        onDone={() => {
          toast.success(t('deleted', { name: site.name }));
          router.refresh();
        }}
      />
    </div>
  );
}

export { AddSiteForm, SiteActions };

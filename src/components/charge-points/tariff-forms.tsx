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
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';
import { TariffFields, tariffFields, tariffBody, useTimeBlocks, type TariffRow } from './tariff-fields';

/** Adds a tariff. */
function AddTariffForm() {
  const router = useRouter();
  const t = useTranslations('tariffForms');
  const { pending, error, run } = useApiAction();
  const { blocks, setBlocks, reset } = useTimeBlocks();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const result = await run(() => callApi('POST', '/api/tariffs', tariffBody(new FormData(formElement), blocks)));
    if (result.ok) {
      formElement.reset();
      reset();
      router.refresh();
    }
  }
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label={t('addForm')}>
      <FormError error={error} fields={tariffFields(blocks.length)} title={t('addFailed')} />
      <TariffFields prefix="new-tariff" error={error} blocks={blocks} setBlocks={setBlocks} />
      <SubmitButton pending={pending} pendingLabel={t('adding')}>
        {t('add')}
      </SubmitButton>
    </form>
  );
}

/** Edit (dialog) and delete (confirmed) buttons of a tariff; `usedBy` names its charge points. */
function TariffActions({ tariff, usedBy }: { tariff: TariffRow; usedBy: string[] }) {
  const router = useRouter();
  const t = useTranslations('tariffForms');
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();
  const { blocks, setBlocks, reset } = useTimeBlocks(tariff);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = tariffBody(new FormData(event.currentTarget), blocks);
    const result = await run(() => callApi('PATCH', `/api/tariffs/${tariff.id}`, body));
    if (result.ok) {
      setOpen(false);
      toast.success(t('saved', { name: body.name.trim() }));
      router.refresh();
    }
  }
  const users =
    usedBy.length === 0 ? t('noUsers') : t('usedBy', { names: usedBy.join(', '), count: usedBy.length });
  return (
    <div className="flex shrink-0 gap-1">
      <EditDialog
        triggerLabel={t('edit', { name: tariff.name })}
        title={t('edit', { name: tariff.name })}
        description={t('editHelp')}
        formLabel={t('edit', { name: tariff.name })}
        open={open}
        onOpenChange={(next) => {
          // Reopening starts again from the saved tariff.
          if (next) reset();
          setOpen(next);
        }}
        clearError={clearError}
        onSubmit={submit}
        pending={pending}
        noValidate
        contentClassName="max-h-[90dvh] overflow-y-auto"
      >
        <FormError error={error} fields={tariffFields(blocks.length)} title={t('saveFailed')} />
        <TariffFields prefix={`edit-${tariff.id}`} initial={tariff} error={error} blocks={blocks} setBlocks={setBlocks} />
      </EditDialog>
      <ConfirmActionDialog
        trigger={
          <Button variant="ghost" size="icon" aria-label={t('deleteNamed', { name: tariff.name })} title={t('delete')}>
            <Trash2Icon aria-hidden="true" />
          </Button>
        }
        title={t('deleteTitle', { name: tariff.name })}
        description={t('deleteBody', { users })}
        confirmLabel={t('delete')}
        pendingLabel={t('deleting')}
        errorTitle={t('deleteFailed')}
        action={() => callApi('DELETE', `/api/tariffs/${tariff.id}`)}
        onDone={() => {
          toast.success(t('deleted', { name: tariff.name }));
          router.refresh();
        }}
      />
    </div>
  );
}

export { AddTariffForm, TariffActions };

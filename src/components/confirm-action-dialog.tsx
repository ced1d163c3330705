'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import type { ApiResult } from '@/lib/api-client';

interface ConfirmActionDialogProps {
  /** The button that opens the dialog. */
  trigger: React.ReactElement;
  title: React.ReactNode;
  description: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  errorTitle: string;
  /** The API call; the dialog shows its error, or closes and calls `onDone`. */
  action: () => Promise<ApiResult<unknown>>;
  onDone: () => void;
}

/** A destructive action behind a confirmation dialog, with the API's error shown in the dialog. */
function ConfirmActionDialog({ trigger, title, description, confirmLabel, pendingLabel, errorTitle, action, onDone }: ConfirmActionDialogProps) {
  const [open, setOpen] = React.useState(false);
  const tc = useTranslations('common');
  const { pending, error, run, clearError } = useApiAction();

  async function confirm() {
    const result = await run(action);
    if (!result.ok) return;
    setOpen(false);
    onDone();
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) clearError();
        setOpen(next);
      }}
    >
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <FormError error={error} title={errorTitle} />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>{tc('cancel')}</AlertDialogCancel>
          <Button variant="destructive" disabled={pending} onClick={() => void confirm()}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { ConfirmActionDialog };

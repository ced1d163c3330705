'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { TextField } from '@/components/forms/text-field';
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
import { callApi } from '@/lib/api-client';

const CONFIRMATION = 'DELETE';

/** Deletes the account and everything in it, after the user types DELETE. */
function DeleteAccountDialog() {
  const router = useRouter();
  const t = useTranslations('profile');
  const tc = useTranslations('common');
  const [typed, setTyped] = React.useState('');
  const { pending, error, run, clearError } = useApiAction();
  const [leaving, startLeaving] = React.useTransition();

  async function deleteAccount(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => callApi('DELETE', '/api/me', { confirm: CONFIRMATION }));
    if (result.ok) {
      startLeaving(() => {
        router.replace('/');
        router.refresh();
      });
    }
  }

  const busy = pending || leaving;
  return (
    <AlertDialog
      onOpenChange={(open) => {
        if (!open) {
          setTyped('');
          clearError();
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="destructive" className="self-start">
          {t('deleteButton')}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <form onSubmit={deleteAccount} className="grid gap-4">
          <AlertDialogHeader>
            <AlertDialogTitle>{t('deleteConfirmTitle')}</AlertDialogTitle>
            <AlertDialogDescription>
              {t('deleteConfirmBody')}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <FormError error={error} title={t('deleteFailed')} />
          <TextField
            id="delete-confirmation"
            label={t('typeToConfirm', { word: CONFIRMATION })}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={busy}>
              {tc('cancel')}
            </AlertDialogCancel>
            <Button type="submit" variant="destructive" disabled={typed !== CONFIRMATION || busy}>
              {busy ? t('deleting') : t('deleteMine')}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { DeleteAccountDialog };

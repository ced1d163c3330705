'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

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
import { callApi } from '@/lib/api-client';

/** Revokes one key after a confirmation dialog. */
function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();

  async function revoke() {
    const result = await run(() => callApi('DELETE', `/api/keys/${encodeURIComponent(id)}`));
    if (!result.ok) return;
    setOpen(false);
    toast.success(`Key “${name}” revoked`);
    router.refresh();
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) clearError();
        setOpen(next);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Revoke ${name}`}>
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Anything using this key, such as Home Assistant, stops working at once. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormError error={error} title="Could not revoke the key" />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={pending} onClick={() => void revoke()}>
            {pending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { RevokeApiKeyButton };

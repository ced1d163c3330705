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

/** Unlinks the vehicle's brand at Enode after a confirmation, then goes back to the dashboard. */
function UnlinkVehicleButton({ vehicleId, name }: { vehicleId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const { pending, error, run, clearError } = useApiAction();

  async function unlink() {
    const result = await run(() => callApi('DELETE', `/api/vehicles/${vehicleId}`));
    if (!result.ok) return;
    setOpen(false);
    toast.success(`${name} unlinked`);
    router.push('/dashboard');
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
        <Button variant="outline">Unlink</Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Unlink {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Enode links per brand: every vehicle of this brand is unlinked, and its history here is deleted.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormError error={error} title="Could not unlink" />
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={pending} onClick={() => void unlink()}>
            {pending ? 'Unlinking…' : 'Unlink'}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export { UnlinkVehicleButton };

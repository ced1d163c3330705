'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Unlinks the vehicle's brand at Enode after a confirmation, then goes back to the dashboard. */
function UnlinkVehicleButton({ vehicleId, name }: { vehicleId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmActionDialog
      trigger={<Button variant="outline">Unlink</Button>}
      title={`Unlink ${name}?`}
      description="Enode links per brand: every vehicle of this brand is unlinked, and its history here is deleted."
      confirmLabel="Unlink"
      pendingLabel="Unlinking…"
      errorTitle="Could not unlink"
      action={() => callApi('DELETE', `/api/vehicles/${vehicleId}`)}
      onDone={() => {
        toast.success(`${name} unlinked`);
        router.push('/dashboard');
      }}
    />
  );
}

export { UnlinkVehicleButton };

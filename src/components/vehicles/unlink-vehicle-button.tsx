'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Unlinks the vehicle's brand at Enode after a confirmation, then goes back to the dashboard. */
function UnlinkVehicleButton({ vehicleId, name }: { vehicleId: string; name: string }) {
  const router = useRouter();
  const t = useTranslations('vehicleDetail');
  return (
    <ConfirmActionDialog
      trigger={<Button variant="outline">{t('unlink')}</Button>}
      title={t('unlinkTitle', { name })}
      description={t('unlinkBody')}
      confirmLabel={t('unlink')}
      pendingLabel={t('unlinking')}
      errorTitle={t('unlinkFailed')}
      action={() => callApi('DELETE', `/api/vehicles/${vehicleId}`)}
      onDone={() => {
        toast.success(t('unlinked', { name }));
        router.push('/dashboard');
      }}
    />
  );
}

export { UnlinkVehicleButton };

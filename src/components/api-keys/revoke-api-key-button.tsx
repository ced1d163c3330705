'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Revokes one key after a confirmation dialog. */
function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const t = useTranslations('apiKeys');
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={t('revokeNamed', { name })}>
          {t('revoke')}
        </Button>
      }
      title={t('revokeTitle', { name })}
      description={t('revokeBody')}
      confirmLabel={t('revokeKey')}
      pendingLabel={t('revoking')}
      errorTitle={t('revokeFailed')}
      action={() => callApi('DELETE', `/api/keys/${encodeURIComponent(id)}`)}
      onDone={() => {
        toast.success(t('revoked', { name }));
        router.refresh();
      }}
    />
  );
}

export { RevokeApiKeyButton };

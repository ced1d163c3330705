'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Revokes one key after a confirmation dialog. */
function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm" aria-label={`Revoke ${name}`}>
          Revoke
        </Button>
      }
      title={`Revoke “${name}”?`}
      description="Anything using this key, such as Home Assistant, stops working at once. This cannot be undone."
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      errorTitle="Could not revoke the key"
      action={() => callApi('DELETE', `/api/keys/${encodeURIComponent(id)}`)}
      onDone={() => {
        toast.success(`Key “${name}” revoked`);
        router.refresh();
      }}
    />
  );
}

export { RevokeApiKeyButton };

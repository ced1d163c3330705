'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';

import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

/** Start (with the driver's own tag) or stop (their own session) at one charge point. */
export function StartStopButtons({ chargePointId, name, running }: { chargePointId: string; name: string; running: boolean }) {
  const router = useRouter();
  const t = useTranslations('myCharging');
  const { pending, error, run } = useApiAction();
  async function call(action: 'start' | 'stop') {
    const result = await run(() => callApi<{ answer: { status?: string } }>('POST', `/api/me/charge-points/${chargePointId}/${action}`));
    if (!result.ok) return;
    const status = result.data.answer?.status;
    if (status === 'Accepted') toast.success(action === 'start' ? t('startingToast', { name }) : t('stoppingToast', { name }));
    else toast.error(status ? t('answered', { name, status }) : t('answeredNoStatus', { name }));
    router.refresh();
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button size="sm" disabled={pending} onClick={() => call('start')} aria-label={t('startAt', { name })}>
          {t('start')}
        </Button>
        {running && (
          <Button size="sm" variant="outline" disabled={pending} onClick={() => call('stop')} aria-label={t('stopAt', { name })}>
            {t('stop')}
          </Button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error.detail}
        </p>
      )}
    </div>
  );
}

/** Blocks the driver's own tag (a lost card); only the site owner can unblock it. */
export function BlockTagButton({ id, tag }: { id: string; tag: string }) {
  const router = useRouter();
  const t = useTranslations('myCharging');
  return (
    <ConfirmActionDialog
      trigger={
        <Button size="sm" variant="outline" aria-label={t('blockNamed', { tag })}>
          {t('block')}
        </Button>
      }
      title={t('blockTitle', { tag })}
      description={t('blockBody')}
      confirmLabel={t('block')}
      pendingLabel={t('blocking')}
      errorTitle={t('blockFailed')}
      action={() => callApi('PATCH', `/api/me/id-tags/${id}`, { status: 'Blocked' })}
      onDone={() => {
        toast.success(t('blocked', { tag }));
        router.refresh();
      }}
    />
  );
}

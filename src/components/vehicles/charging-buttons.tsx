'use client';

import { useTranslations } from 'next-intl';
import * as React from 'react';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';

interface Action {
  id: string;
  kind: 'START' | 'STOP';
  state: 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLED';
  failure_reason: string | null;
}

type T = ReturnType<typeof useTranslations<'vehicles'>>;

const OUTCOME: Record<Action['state'], (a: Action, t: T) => string> = {
  PENDING: (a, t) => t('pending', { kind: a.kind }),
  CONFIRMED: (a, t) => t('confirmed', { kind: a.kind }),
  FAILED: (a, t) => (a.failure_reason ? t('failedReason', { kind: a.kind, reason: a.failure_reason }) : t('failed', { kind: a.kind })),
  CANCELLED: (_a, t) => t('cancelled'),
};

/** Start / stop charging; follows the action (every 2 s) until the car confirms or refuses. */
function ChargingButtons({ vehicleId, onSettled }: { vehicleId: string; onSettled?: () => void }) {
  const { pending, error, run } = useApiAction();
  const [action, setAction] = React.useState<Action>();
  const t = useTranslations('vehicles');

  React.useEffect(() => {
    if (action?.state !== 'PENDING') return;
    const timer = setTimeout(async () => {
      const result = await callApi<Action>('GET', `/api/vehicles/${vehicleId}/actions/${action.id}`);
      if (!result.ok) return;
      setAction(result.data);
      if (result.data.state !== 'PENDING') onSettled?.();
    }, 2000);
    return () => clearTimeout(timer);
  }, [action, vehicleId, onSettled]);

  async function send(kind: Action['kind']) {
    const result = await run(() => callApi<Action>('POST', `/api/vehicles/${vehicleId}/charging`, { action: kind }));
    setAction(result.ok ? result.data : undefined);
  }

  const busy = pending || action?.state === 'PENDING';
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
        <Button type="button" size="sm" disabled={busy} onClick={() => void send('START')}>
          {t('start')}
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => void send('STOP')}>
          {t('stop')}
        </Button>
      </div>
      <FormError error={error} title={t('refused')} />
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground" data-testid="charging-outcome">
        {action ? OUTCOME[action.state](action, t) : ''}
      </p>
    </div>
  );
}

export { ChargingButtons };

'use client';

import { RefreshCwIcon } from 'lucide-react';
import * as React from 'react';
import { useTranslations } from 'next-intl';

import { FormError } from '@/components/forms/form-error';
import { useApiAction } from '@/components/forms/use-api-action';
import { Button } from '@/components/ui/button';
import { callApi } from '@/lib/api-client';
import { cn } from '@/lib/utils';

/**
 * Asks Enode for the vehicle's state now (POST /api/vehicles/{id}/refresh,
 * with that endpoint's rate limits) instead of waiting for the next poll or
 * webhook; says when Enode could not be reached and the last known state stays.
 */
function RefreshVehicleButton({ vehicleId, onRefreshed }: { vehicleId: string; onRefreshed: () => Promise<void> }) {
  const t = useTranslations('vehicleDetail');
  const { pending, error, run } = useApiAction();
  const [outcome, setOutcome] = React.useState('');

  async function refresh() {
    setOutcome('');
    const result = await run(() => callApi<{ stale: boolean }>('POST', `/api/vehicles/${vehicleId}/refresh`));
    if (!result.ok) return;
    await onRefreshed();
    setOutcome(result.data.stale ? t('unreachable') : t('upToDate'));
  }

  return (
    <div className="flex flex-col gap-2">
      <Button type="button" size="sm" variant="outline" className="self-start" disabled={pending} onClick={() => void refresh()}>
        <RefreshCwIcon className={cn('size-4', pending && 'animate-spin')} aria-hidden="true" />
        {pending ? t('refreshing') : t('refresh')}
      </Button>
      <FormError error={error} title={t('refreshFailed')} />
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground" data-testid="refresh-outcome">
        {outcome}
      </p>
    </div>
  );
}

export { RefreshVehicleButton };

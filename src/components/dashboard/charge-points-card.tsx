import { EvChargerIcon } from 'lucide-react';
import { useTranslations } from 'next-intl';

import { DateTime } from '@/components/date-time';
import { ConnectionBadge } from '@/components/state-badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Separator } from '@/components/ui/separator';
import { AddChargePointForm } from './add-charge-point-form';

export interface ChargePointSummary {
  id: string;
  identity: string;
  name: string;
  connected: boolean;
  last_seen_at: string | null;
}

/** The user's charge points with their connection state, and the form to add one. */
function ChargePointsCard({ chargePoints }: { chargePoints: ChargePointSummary[] }) {
  const t = useTranslations('dashboard');
  return (
    <Card>
      <CardHeader>
        <EvChargerIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>{chargePoints.length === 0 ? t('addChargePoint') : t('yourChargePoints')}</h2>
        </CardTitle>
        <CardDescription>
          {t('chargePointsHelp')}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {chargePoints.length > 0 && (
          <>
            <ul className="flex flex-col gap-3" aria-label={t('chargePointsList')}>
              {chargePoints.map((cp) => (
                <li key={cp.id} className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="truncate font-medium" title={cp.name}>
                      {cp.name}
                    </p>
                    <p className="truncate font-mono text-xs text-muted-foreground">{cp.identity}</p>
                    <p className="text-xs text-muted-foreground">
                      {cp.last_seen_at
                        ? t.rich('lastSeen', { time: () => <DateTime value={cp.last_seen_at!} /> })
                        : t('notSeen')}
                    </p>
                  </div>
                  <ConnectionBadge connected={cp.connected} />
                </li>
              ))}
            </ul>
            <Separator />
          </>
        )}
        <AddChargePointForm />
      </CardContent>
    </Card>
  );
}

export { ChargePointsCard };

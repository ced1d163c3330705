'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { CarIcon, CircleAlertIcon, CircleCheckIcon } from 'lucide-react';

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Separator } from '@/components/ui/separator';
import { ChargingButtons } from '@/components/vehicles/charging-buttons';
import { LinkVehicleForm } from '@/components/vehicles/link-vehicle-form';
import { SimulatorNote } from '@/components/vehicles/simulator-note';
import { usePolled } from '@/components/vehicles/use-polled';
import { VehicleStatus } from '@/components/vehicles/vehicle-status';
import type { PresentedVehicle } from '@/server/vehicles/vehicles';

/** The outcome of a link, from the callback's query parameters. */
export interface LinkNotice {
  outcome: 'linked' | 'failed';
  /** How many vehicles this link added. */
  vehicles?: number;
  error?: string;
  /** Some vehicles were not stored: the plan's limit. */
  limit?: string;
}

function LinkNoticeAlert({ notice }: { notice: LinkNotice }) {
  const t = useTranslations('vehicles');
  if (notice.outcome === 'failed') {
    return (
      <Alert variant="destructive" data-testid="vehicle-link-notice">
        <CircleAlertIcon aria-hidden="true" />
        <AlertTitle>{t('linkFailed')}</AlertTitle>
        <AlertDescription>{notice.error ?? t('enodeNoLink')}</AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert data-testid="vehicle-link-notice">
      <CircleCheckIcon aria-hidden="true" />
      <AlertTitle>
        {notice.vehicles ? t('linked', { count: notice.vehicles }) : notice.limit ? t('noneAdded') : t('renewed')}
      </AlertTitle>
      {notice.limit && <AlertDescription>{notice.limit}</AlertDescription>}
    </Alert>
  );
}

/** The user's vehicles, live (refreshed every 15 s), with charging buttons and the link form. */
function VehiclesCard({
  initial,
  notice,
  simulator,
  returnOrigin,
}: {
  initial: { vehicles: PresentedVehicle[] };
  notice?: LinkNotice;
  simulator: boolean;
  /** Where a link returns to when that is not the address in use (APP_URL differs). */
  returnOrigin?: string;
}) {
  const [data, reload] = usePolled('/api/vehicles', initial);
  const { vehicles } = data;
  const t = useTranslations('vehicles');
  return (
    <Card>
      <CardHeader>
        <CarIcon className="size-6" aria-hidden="true" />
        <CardTitle>
          <h2>{vehicles.length === 0 ? t('linkTitle') : t('yours')}</h2>
        </CardTitle>
        <CardDescription>{t('cardHelp')}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {notice && <LinkNoticeAlert notice={notice} />}
        {vehicles.length > 0 && (
          <ul className="flex flex-col gap-4" aria-label={t('list')}>
            {vehicles.map((vehicle) => (
              <li key={vehicle.id} className="flex flex-col gap-3" data-testid="vehicle-card">
                <Link href={`/vehicles/${vehicle.id}`} className="font-medium underline-offset-4 hover:underline">
                  {vehicle.display_name ?? vehicle.vendor ?? t('vehicle')}
                </Link>
                <VehicleStatus vehicle={vehicle} />
                <ChargingButtons vehicleId={vehicle.id} onSettled={reload} />
                <Separator />
              </li>
            ))}
          </ul>
        )}
        {simulator && <SimulatorNote />}
          <LinkVehicleForm simulator={simulator} returnOrigin={returnOrigin} />
      </CardContent>
    </Card>
  );
}

export { VehiclesCard };

'use client';

import * as React from 'react';
import { useLocale, useTranslations } from 'next-intl';

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { PresentedVehicle } from '@/server/vehicles/vehicles';
import { BatteryChart } from './battery-chart';
import { BATTERY_WINDOW_HOURS, batterySpan, type BatterySample } from './battery-span';
import { ChargingButtons } from './charging-buttons';
import { RefreshVehicleButton } from './refresh-vehicle-button';
import { SessionsTable, type Session } from './sessions-table';
import { SimulatorNote } from './simulator-note';
import { UnlinkVehicleButton } from './unlink-vehicle-button';
import { UpdateStrategyForm } from './update-strategy-form';
import { usePolled } from './use-polled';
import { VehicleStatus } from './vehicle-status';

const noopSubscribe = () => () => {};

interface Initial {
  vehicle: PresentedVehicle;
  samples: BatterySample[];
  sessions: Session[];
}

/** One vehicle: live state and charging, battery history, sessions, update strategy, unlink. */
function VehicleDetail({ initial }: { initial: Initial }) {
  const t = useTranslations('vehicleDetail');
  const base = `/api/vehicles/${initial.vehicle.id}`;
  const [vehicle, reloadVehicle] = usePolled(base, initial.vehicle);
  const [{ samples }] = usePolled(`${base}/samples?hours=${BATTERY_WINDOW_HOURS}`, { samples: initial.samples });
  const [{ sessions }] = usePolled(`${base}/sessions`, { sessions: initial.sessions });
  const name = vehicle.display_name ?? t('thisVehicle');
  // The span is told in the reader's time zone: said in the browser, not in the server's HTML.
  const inBrowser = React.useSyncExternalStore(noopSubscribe, () => true, () => false);
  const locale = useLocale();
  const covered = inBrowser ? batterySpan(samples, locale) : undefined;
  const span = covered && (covered.kind === 'window' ? t('spanWindow', { hours: BATTERY_WINDOW_HOURS }) : t('spanSince', { time: covered.time }));
  return (
    <div className="grid items-start gap-6 lg:grid-cols-3 [&>*]:min-w-0">
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('now')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4" data-testid="vehicle-card">
          <VehicleStatus vehicle={vehicle} />
          <RefreshVehicleButton vehicleId={vehicle.id} onRefreshed={reloadVehicle} />
          <ChargingButtons vehicleId={vehicle.id} onSettled={reloadVehicle} />
          {vehicle.is_simulated && <SimulatorNote />}
        </CardContent>
      </Card>
      <Card className="lg:col-span-2" role="region" aria-labelledby="battery-heading">
        <CardHeader>
          <CardTitle>
            <h2 id="battery-heading">{t('batteryLevel')}</h2>
          </CardTitle>
          {span && <CardDescription>{t('readings', { span })}</CardDescription>}
        </CardHeader>
        <CardContent>
          <BatteryChart samples={samples} span={span} />
        </CardContent>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>
            <h2>{t('sessions')}</h2>
          </CardTitle>
          <CardDescription>
            {t('sessionsHelp')}{' '}
            <a className="underline underline-offset-4" href={`${base}/sessions?format=csv`} download>
              {t('downloadCsv')}
            </a>
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SessionsTable sessions={sessions} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>{t('settings')}</h2>
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-6">
          <UpdateStrategyForm
            vehicleId={vehicle.id}
            strategy={vehicle.update_strategy}
            interval={vehicle.poll_interval_minutes}
            onSaved={reloadVehicle}
          />
          <UnlinkVehicleButton vehicleId={vehicle.id} name={name} />
        </CardContent>
      </Card>
    </div>
  );
}

export { VehicleDetail };

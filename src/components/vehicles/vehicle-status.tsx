import { BatteryChargingIcon, BatteryIcon, MapPinIcon, PlugIcon, PlugZapIcon } from 'lucide-react';

import { useTranslations } from 'next-intl';
import { DateTime } from '@/components/date-time';
import { StateBadge, type Tone } from '@/components/state-badge';
import { Badge } from '@/components/ui/badge';
import type { PresentedVehicle } from '@/server/vehicles/vehicles';

type StateKey = 'charging' | 'stopped' | 'complete' | 'noPower' | 'fault' | 'initializing' | 'discharging' | 'unplugged' | 'pluggedIn' | 'unknown';

const CHARGING_STATES: Record<string, StateKey> = {
  'PLUGGED_IN:CHARGING': 'charging',
  'PLUGGED_IN:STOPPED': 'stopped',
  'PLUGGED_IN:COMPLETE': 'complete',
  'PLUGGED_IN:NO_POWER': 'noPower',
  'PLUGGED_IN:FAULT': 'fault',
  'PLUGGED_IN:INITIALIZING': 'initializing',
  'PLUGGED_IN:DISCHARGING': 'discharging',
  UNPLUGGED: 'unplugged',
};

/** The charging state's colour, from the one mapping the charge points use too. */
function chargingTone(vehicle: PresentedVehicle): Tone {
  if (vehicle.charging_state === 'PLUGGED_IN:FAULT') return 'faulted';
  if (vehicle.is_charging) return 'charging';
  return vehicle.is_plugged_in ? 'ready' : 'muted';
}

function chargingState(vehicle: PresentedVehicle): StateKey {
  if (vehicle.charging_state && CHARGING_STATES[vehicle.charging_state]) return CHARGING_STATES[vehicle.charging_state];
  if (vehicle.is_charging) return 'charging';
  if (vehicle.is_plugged_in === false) return 'unplugged';
  return vehicle.is_plugged_in ? 'pluggedIn' : 'unknown';
}

/** Battery, range, charging and plug state, last contact and position of one vehicle. */
function VehicleStatus({ vehicle }: { vehicle: PresentedVehicle }) {
  const Battery = vehicle.is_charging ? BatteryChargingIcon : BatteryIcon;
  const Plug = vehicle.is_plugged_in ? PlugZapIcon : PlugIcon;
  const t = useTranslations('vehicles');
  const tc = useTranslations('common');
  return (
    <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2 text-sm">
      <dt>
        <Battery className="size-4" aria-hidden="true" />
        <span className="sr-only">{t('battery')}</span>
      </dt>
      <dd data-testid="vehicle-battery">
        <span className="text-lg font-semibold">{vehicle.battery_level == null ? '—' : `${Math.round(vehicle.battery_level)} %`}</span>
        {vehicle.range_km != null && <span className="text-muted-foreground"> · {t('range', { km: Math.round(vehicle.range_km) })}</span>}
      </dd>
      <dt>
        <Plug className="size-4" aria-hidden="true" />
        <span className="sr-only">{t('charging')}</span>
      </dt>
      <dd data-testid="vehicle-charging-state">
        <StateBadge tone={chargingTone(vehicle)}>{t(`state.${chargingState(vehicle)}`)}</StateBadge>
        {vehicle.is_charging && vehicle.charge_rate_kw != null && <span className="text-muted-foreground"> {t('rate', { kw: vehicle.charge_rate_kw })}</span>}
      </dd>
      <dt>
        <MapPinIcon className="size-4" aria-hidden="true" />
        <span className="sr-only">{t('position')}</span>
      </dt>
      <dd>
        {vehicle.latitude != null && vehicle.longitude != null ? (
          <a
            className="underline underline-offset-4"
            href={`https://www.openstreetmap.org/?mlat=${vehicle.latitude}&mlon=${vehicle.longitude}#map=16/${vehicle.latitude}/${vehicle.longitude}`}
            target="_blank"
            rel="noreferrer"
          >
            {vehicle.latitude.toFixed(4)}, {vehicle.longitude.toFixed(4)}
          </a>
        ) : (
          <span className="text-muted-foreground">{t('positionUnknown')}</span>
        )}
      </dd>
      <dt className="sr-only">{t('lastSeenLabel')}</dt>
      <dd className="col-span-2 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        {vehicle.last_seen ? (
          <span>{t.rich('lastSeen', { time: () => <DateTime value={vehicle.last_seen!} /> })}</span>
        ) : (
          <span>{t('notSeen')}</span>
        )}
        <StateBadge tone={vehicle.is_reachable === false ? 'muted' : 'ready'}>{vehicle.is_reachable === false ? t('unreachable') : tc('online')}</StateBadge>
        {vehicle.is_simulated && <Badge variant="secondary">{t('simulated')}</Badge>}
      </dd>
    </dl>
  );
}

export { VehicleStatus };

import { BatteryChargingIcon, BatteryIcon, MapPinIcon, PlugIcon, PlugZapIcon } from 'lucide-react';

import { DateTime } from '@/components/date-time';
import { StateBadge, type Tone } from '@/components/state-badge';
import { Badge } from '@/components/ui/badge';
import type { PresentedVehicle } from '@/server/vehicles/vehicles';

const CHARGING_STATES: Record<string, string> = {
  'PLUGGED_IN:CHARGING': 'Charging',
  'PLUGGED_IN:STOPPED': 'Plugged in, not charging',
  'PLUGGED_IN:COMPLETE': 'Charged',
  'PLUGGED_IN:NO_POWER': 'Plugged in, no power',
  'PLUGGED_IN:FAULT': 'Charging fault',
  'PLUGGED_IN:INITIALIZING': 'Starting to charge',
  'PLUGGED_IN:DISCHARGING': 'Discharging',
  UNPLUGGED: 'Unplugged',
};

/** The charging state's colour, from the one mapping the charge points use too. */
function chargingTone(vehicle: PresentedVehicle): Tone {
  if (vehicle.charging_state === 'PLUGGED_IN:FAULT') return 'faulted';
  if (vehicle.is_charging) return 'charging';
  return vehicle.is_plugged_in ? 'ready' : 'muted';
}

function chargingText(vehicle: PresentedVehicle): string {
  if (vehicle.charging_state && CHARGING_STATES[vehicle.charging_state]) return CHARGING_STATES[vehicle.charging_state];
  if (vehicle.is_charging) return 'Charging';
  if (vehicle.is_plugged_in === false) return 'Unplugged';
  return vehicle.is_plugged_in ? 'Plugged in' : 'Charging state unknown';
}

/** Battery, range, charging and plug state, last contact and position of one vehicle. */
function VehicleStatus({ vehicle }: { vehicle: PresentedVehicle }) {
  const Battery = vehicle.is_charging ? BatteryChargingIcon : BatteryIcon;
  const Plug = vehicle.is_plugged_in ? PlugZapIcon : PlugIcon;
  return (
    <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2 text-sm">
      <dt>
        <Battery className="size-4" aria-hidden="true" />
        <span className="sr-only">Battery</span>
      </dt>
      <dd data-testid="vehicle-battery">
        <span className="text-lg font-semibold">{vehicle.battery_level == null ? '—' : `${Math.round(vehicle.battery_level)} %`}</span>
        {vehicle.range_km != null && <span className="text-muted-foreground"> · {Math.round(vehicle.range_km)} km range</span>}
      </dd>
      <dt>
        <Plug className="size-4" aria-hidden="true" />
        <span className="sr-only">Charging</span>
      </dt>
      <dd data-testid="vehicle-charging-state">
        <StateBadge tone={chargingTone(vehicle)}>{chargingText(vehicle)}</StateBadge>
        {vehicle.is_charging && vehicle.charge_rate_kw != null && <span className="text-muted-foreground"> at {vehicle.charge_rate_kw} kW</span>}
      </dd>
      <dt>
        <MapPinIcon className="size-4" aria-hidden="true" />
        <span className="sr-only">Position</span>
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
          <span className="text-muted-foreground">Position unknown</span>
        )}
      </dd>
      <dt className="sr-only">Last seen</dt>
      <dd className="col-span-2 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        {vehicle.last_seen ? (
          <span>
            Last seen <DateTime value={vehicle.last_seen} />
          </span>
        ) : (
          <span>Not seen yet</span>
        )}
        <StateBadge tone={vehicle.is_reachable === false ? 'muted' : 'ready'}>{vehicle.is_reachable === false ? 'Offline (not reachable)' : 'Online'}</StateBadge>
        {vehicle.is_simulated && <Badge variant="secondary">Simulated</Badge>}
      </dd>
    </dl>
  );
}

export { VehicleStatus };

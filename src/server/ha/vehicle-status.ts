/**
 * The vehicle as the Home Assistant integration reads it: Enode's field
 * names, `id` = Enode's vehicle id (what the integration stores), plus the
 * flat fields older sensors read.
 */
import type { Vehicle } from '@/server/db/schema';

type Block = Record<string, unknown>;

const block = (value: unknown): Block => (value && typeof value === 'object' ? (value as Block) : {});
const field = <T>(value: unknown, fallback: T | null = null): T | null => (value === undefined ? fallback : (value as T));

/** The integration's vehicle object (GET /api/user/vehicles). */
export function presentHaVehicle(row: Vehicle) {
  const state = block(row.state);
  const information = block(state.information);
  return {
    ...state,
    id: row.enodeVehicleId,
    enodeId: row.enodeVehicleId,
    internalId: row.id,
    vendor: row.vendor,
    isSimulated: row.isSimulated,
    information: {
      ...information,
      displayName: row.displayName ?? field(information.displayName),
      vin: row.vin ?? field(information.vin),
      brand: row.brand ?? field(information.brand),
      model: row.model ?? field(information.model),
      year: row.year ?? field(information.year),
    },
  };
}

const CHARGE_FIELDS = [
  'batteryLevel',
  'range',
  'isCharging',
  'isPluggedIn',
  'isFullyCharged',
  'batteryCapacity',
  'chargeLimit',
  'chargeRate',
  'chargeTimeRemaining',
  'maxCurrent',
  'powerDeliveryState',
  'lastUpdated',
] as const;

/** Without Enode's capabilities a field counts as capable when its data is there (the integration hides the rest). */
const CAPABILITIES = ['information', 'chargeState', 'location', 'odometer', 'setMaxCurrent', 'startCharging', 'stopCharging', 'smartCharging'];

/** `GET /api/status/{id}`: flat legacy fields plus Enode's blocks. */
export function buildVehicleStatus(row: Vehicle, freshness: { stale: boolean }) {
  const vehicle = presentHaVehicle(row);
  const state = block(row.state);
  const charge = block(state.chargeState);
  const chargeState = Object.fromEntries(CHARGE_FIELDS.map((name) => [name, field(charge[name])]));
  const rawLocation = block(state.location);
  const hasLocation = typeof rawLocation.latitude === 'number' && typeof rawLocation.longitude === 'number';
  const location = hasLocation
    ? { latitude: rawLocation.latitude, longitude: rawLocation.longitude, lastUpdated: field(rawLocation.lastUpdated) }
    : null;
  const odometer = block(state.odometer);
  const capabilities = block(state.capabilities);
  const information = vehicle.information;
  const vehicleName =
    [information.brand, information.model].filter(Boolean).join(' ') || information.displayName || 'Vehicle';
  return {
    id: vehicle.id,
    enodeId: vehicle.enodeId,
    internalId: vehicle.internalId,
    vendor: vehicle.vendor,
    // The flat fields legacy sensors read.
    batteryLevel: chargeState.batteryLevel,
    range: chargeState.range,
    isCharging: chargeState.isCharging,
    isPluggedIn: chargeState.isPluggedIn,
    chargingState: chargeState.powerDeliveryState,
    vehicleName,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    lastSeen: row.lastSeen?.toISOString() ?? null,
    isReachable: row.isReachable,
    locationAvailable: location !== null,
    // Enode's blocks.
    chargeState,
    information,
    location,
    odometer: { distance: field(odometer.distance), lastUpdated: field(odometer.lastUpdated) },
    smartChargingPolicy: {
      isEnabled: field(block(state.smartChargingPolicy).isEnabled),
      deadline: field(block(state.smartChargingPolicy).deadline),
      minimumChargeLimit: field(block(state.smartChargingPolicy).minimumChargeLimit),
    },
    capabilities: Object.fromEntries(
      CAPABILITIES.map((name) => {
        const given = block(capabilities[name]);
        return [name, { ...given, isCapable: typeof given.isCapable === 'boolean' ? given.isCapable : state[name] != null }];
      }),
    ),
    isSimulated: row.isSimulated,
    /** When EVConduit last got this vehicle's data from Enode. */
    fetchedAt: row.fetchedAt?.toISOString() ?? null,
    /** True when Enode could not be reached for an overdue refresh and this is the cached state. */
    stale: freshness.stale,
  };
}

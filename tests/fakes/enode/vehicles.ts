/**
 * Simulated vehicles: a few vendors, state that evolves with time (battery
 * rises while charging, falls slowly while driving unplugged).
 */
import { randomUUID } from 'node:crypto';

export const VENDORS = {
  TESLA: { brand: 'Tesla', model: 'Model 3', capacityKwh: 75, rangePerPercent: 5 },
  VOLKSWAGEN: { brand: 'Volkswagen', model: 'ID.4', capacityKwh: 77, rangePerPercent: 4.5 },
  KIA: { brand: 'Kia', model: 'EV6', capacityKwh: 77.4, rangePerPercent: 4.8 },
} as const;
export type Vendor = keyof typeof VENDORS;
export const isVendor = (value: unknown): value is Vendor => typeof value === 'string' && value in VENDORS;

export interface SimVehicle {
  id: string;
  userId: string;
  vendor: Vendor;
  vin: string;
  batteryLevel: number;
  isPluggedIn: boolean;
  isCharging: boolean;
  chargeRateKw: number;
  chargeLimit: number;
  odometerKm: number;
  smartCharging: boolean;
  isReachable: boolean;
  /** Simulated time of the last state change (ms). */
  lastSeen: number;
}

export function createVehicle(userId: string, vendor: Vendor, at: number): SimVehicle {
  return {
    id: randomUUID(),
    userId,
    vendor,
    vin: `SIM${randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase()}`,
    batteryLevel: 40 + Math.floor(Math.random() * 30),
    isPluggedIn: true,
    isCharging: false,
    chargeRateKw: 0,
    chargeLimit: 80,
    odometerKm: 10_000 + Math.floor(Math.random() * 50_000),
    smartCharging: false,
    isReachable: true,
    lastSeen: at,
  };
}

/** Moves the vehicle to simulated time `at`. */
export function advance(vehicle: SimVehicle, at: number): void {
  const hours = (at - vehicle.lastSeen) / 3_600_000;
  if (hours <= 0) return;
  const { capacityKwh } = VENDORS[vehicle.vendor];
  if (vehicle.isCharging) {
    vehicle.batteryLevel = Math.min(vehicle.chargeLimit, vehicle.batteryLevel + ((vehicle.chargeRateKw * hours) / capacityKwh) * 100);
    if (vehicle.batteryLevel >= vehicle.chargeLimit) setCharging(vehicle, false);
  }
  vehicle.lastSeen = at;
}

export function setCharging(vehicle: SimVehicle, charging: boolean): void {
  vehicle.isCharging = charging && vehicle.isPluggedIn;
  vehicle.chargeRateKw = vehicle.isCharging ? 11 : 0;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The vehicle as Enode's API shows it. */
export function present(vehicle: SimVehicle) {
  const spec = VENDORS[vehicle.vendor];
  const battery = Math.round(vehicle.batteryLevel * 10) / 10;
  const lastSeen = iso(vehicle.lastSeen);
  return {
    id: vehicle.id,
    userId: vehicle.userId,
    vendor: vehicle.vendor,
    lastSeen,
    isReachable: vehicle.isReachable,
    information: {
      displayName: `${spec.brand} ${spec.model}`,
      vin: vehicle.vin,
      brand: spec.brand,
      model: spec.model,
      year: 2023,
    },
    chargeState: {
      batteryLevel: battery,
      range: Math.round(battery * spec.rangePerPercent),
      isCharging: vehicle.isCharging,
      isPluggedIn: vehicle.isPluggedIn,
      isFullyCharged: battery >= 100,
      batteryCapacity: spec.capacityKwh,
      chargeLimit: vehicle.chargeLimit,
      chargeRate: vehicle.isCharging ? vehicle.chargeRateKw : null,
      chargeTimeRemaining: vehicle.isCharging
        ? Math.round((((vehicle.chargeLimit - battery) / 100) * spec.capacityKwh * 60) / vehicle.chargeRateKw)
        : null,
      maxCurrent: 16,
      powerDeliveryState: !vehicle.isPluggedIn
        ? 'UNPLUGGED'
        : vehicle.isCharging
          ? 'PLUGGED_IN:CHARGING'
          : battery >= vehicle.chargeLimit
            ? 'PLUGGED_IN:COMPLETE'
            : 'PLUGGED_IN:STOPPED',
      lastUpdated: lastSeen,
    },
    location: { id: null, latitude: 59.9139, longitude: 10.7522, lastUpdated: lastSeen },
    odometer: { distance: vehicle.odometerKm, lastUpdated: lastSeen },
    smartChargingPolicy: { isEnabled: vehicle.smartCharging, deadline: null, minimumChargeLimit: 0 },
    capabilities: {
      information: { isCapable: true, interventionIds: [] },
      chargeState: { isCapable: true, interventionIds: [] },
      location: { isCapable: true, interventionIds: [] },
      odometer: { isCapable: true, interventionIds: [] },
      setMaxCurrent: { isCapable: false, interventionIds: [] },
      startCharging: { isCapable: true, interventionIds: [] },
      stopCharging: { isCapable: true, interventionIds: [] },
      smartCharging: { isCapable: true, interventionIds: [] },
    },
  };
}

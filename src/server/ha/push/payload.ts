/**
 * Push bodies. Vehicles: the body the Home Assistant integration expects,
 * Enode's `user:vehicle:updated` envelope with the full vehicle, whose `id`
 * is the id the integration registered, plus both of our ids. Charge points:
 * `charge_point:updated` with the same status object as
 * `GET /api/ha/charge-points/{id}`, for an automation's webhook trigger.
 */
import type { HaPushTarget, Vehicle } from '@/server/db/schema';

/** The Enode API version our vehicle objects follow. */
export const ENODE_PAYLOAD_VERSION = '2024-10-01';

export interface VehiclePushPayload {
  event: 'user:vehicle:updated';
  createdAt: string;
  version: string;
  user: { id: string };
  vehicle: Record<string, unknown> & { id: string; enodeId: string; internalId: string };
  vehicleId: string;
  enodeVehicleId: string;
  internalVehicleId: string;
}

export function buildVehiclePushPayload(vehicle: Vehicle, createdAt: Date): VehiclePushPayload {
  return addressPayload(
    {
      event: 'user:vehicle:updated',
      createdAt: createdAt.toISOString(),
      version: ENODE_PAYLOAD_VERSION,
      user: { id: vehicle.userId },
      vehicle: { ...(vehicle.state ?? {}), id: vehicle.enodeVehicleId, enodeId: vehicle.enodeVehicleId, internalId: vehicle.id },
      vehicleId: vehicle.enodeVehicleId,
      enodeVehicleId: vehicle.enodeVehicleId,
      internalVehicleId: vehicle.id,
    },
    vehicle.enodeVehicleId,
  );
}

export interface ChargePointPushPayload {
  event: 'charge_point:updated';
  createdAt: string;
  user: { id: string };
  chargePoint: Record<string, unknown> & { id: string };
  chargePointId: string;
}

export type PushPayload = VehiclePushPayload | ChargePointPushPayload;

export const isVehiclePayload = (payload: PushPayload): payload is VehiclePushPayload => payload.event === 'user:vehicle:updated';

export function buildChargePointPushPayload(
  ownerId: string,
  status: Record<string, unknown> & { id: string },
  createdAt: Date,
): ChargePointPushPayload {
  return { event: 'charge_point:updated', createdAt: createdAt.toISOString(), user: { id: ownerId }, chargePoint: status, chargePointId: status.id };
}

/** The same payload addressed to `vehicleId` (the registered id, or the other one on a retry). */
export function addressPayload(payload: VehiclePushPayload, vehicleId: string): VehiclePushPayload {
  return { ...payload, vehicle: { ...payload.vehicle, id: vehicleId }, vehicleId };
}

/** The vehicle's other id: Enode's for ours and ours for Enode's. */
export const otherVehicleId = (payload: VehiclePushPayload, vehicleId: string) =>
  vehicleId === payload.internalVehicleId ? payload.enodeVehicleId : payload.internalVehicleId;

/** Home Assistant's webhook address for a target. */
export const webhookUrl = (target: Pick<HaPushTarget, 'externalUrl' | 'webhookId'>) =>
  `${target.externalUrl.replace(/\/+$/, '')}/api/webhook/${encodeURIComponent(target.webhookId)}`;

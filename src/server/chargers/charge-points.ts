import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { getConnection } from './ocpp/registry';
import { ocppUrl } from './registration';

export async function listChargePoints(ownerId: string): Promise<ChargePoint[]> {
  const db = await getDb();
  return db.select().from(chargePoints).where(eq(chargePoints.ownerId, ownerId)).orderBy(asc(chargePoints.name));
}

export const presentChargePoint = (cp: ChargePoint) => ({
  id: cp.id,
  identity: cp.identity,
  name: cp.name,
  ocpp_url: ocppUrl(cp.identity),
  connected: getConnection(cp.identity) !== undefined,
  ocpp_version: cp.ocppVersion,
  vendor: cp.vendor,
  model: cp.model,
  serial_number: cp.serialNumber,
  firmware_version: cp.firmwareVersion,
  registration_status: cp.registrationStatus,
  last_seen_at: cp.lastSeenAt?.toISOString() ?? null,
  last_boot_at: cp.lastBootAt?.toISOString() ?? null,
});

import { eq } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints } from '@/server/db/schema';

export interface BootInfo {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
}

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

/** Records what the charge point told us about itself and decides its boot status. */
export async function recordBoot(chargePointId: string, ocppVersion: string, info: BootInfo): Promise<BootStatus> {
  const db = await getDb();
  const at = now();
  const [updated] = await db
    .update(chargePoints)
    .set({
      ocppVersion,
      vendor: info.vendor,
      model: info.model,
      serialNumber: info.serialNumber ?? null,
      firmwareVersion: info.firmwareVersion ?? null,
      lastBootAt: at,
      lastSeenAt: at,
      updatedAt: at,
    })
    .where(eq(chargePoints.id, chargePointId))
    .returning({ registrationStatus: chargePoints.registrationStatus });
  if (!updated) return 'Rejected';
  return updated.registrationStatus === 'accepted' ? 'Accepted' : updated.registrationStatus === 'pending' ? 'Pending' : 'Rejected';
}

export async function recordSeen(chargePointId: string): Promise<Date> {
  const db = await getDb();
  const at = now();
  await db.update(chargePoints).set({ lastSeenAt: at }).where(eq(chargePoints.id, chargePointId));
  return at;
}

export async function recordConnectionStatus(chargePointId: string, status: 'online' | 'offline'): Promise<void> {
  const db = await getDb();
  await db.update(chargePoints).set({ status, lastSeenAt: now() }).where(eq(chargePoints.id, chargePointId));
}

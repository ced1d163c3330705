import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { vehicles, type Vehicle } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';

const isUuid = (value: string) => z.uuid().safeParse(value).success;

/**
 * A vehicle of `userId` by EVConduit's id or Enode's: Home Assistant stores
 * either. Another user's vehicle is "not found", never "forbidden".
 */
export async function findOwnedVehicle(userId: string, vehicleId: string): Promise<Vehicle> {
  const db = await getDb();
  const byId = isUuid(vehicleId)
    ? or(eq(vehicles.id, vehicleId), eq(vehicles.enodeVehicleId, vehicleId))
    : eq(vehicles.enodeVehicleId, vehicleId);
  const [vehicle] = await db
    .select()
    .from(vehicles)
    .where(and(eq(vehicles.userId, userId), byId));
  if (!vehicle) throw notFound('Vehicle');
  return vehicle;
}

import { and, eq } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';

/** One of the user's charge points; someone else's is 404, like a missing one. */
export async function getOwnedChargePoint(ownerId: string, id: string): Promise<ChargePoint> {
  const db = await getDb();
  const [row] = await db.select().from(chargePoints).where(and(eq(chargePoints.id, id), eq(chargePoints.ownerId, ownerId)));
  if (!row) throw notFound('Charge point');
  return row;
}

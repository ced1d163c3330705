import { and, eq, getTableColumns } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { connectedSql } from './ocpp/presence';

/** A charge point row with whether it is connected (to any instance), as presence.ts reads it. */
export type ChargePointWithPresence = ChargePoint & { connected: boolean };

/** Select or RETURNING columns for ChargePointWithPresence: presence in the same statement, never a query of its own. */
export const chargePointWithPresence = () => ({ ...getTableColumns(chargePoints), connected: connectedSql() });

/** One of the user's charge points; someone else's is 404, like a missing one. */
export async function getOwnedChargePoint(ownerId: string, id: string): Promise<ChargePointWithPresence> {
  const db = await getDb();
  const [row] = await db
    .select(chargePointWithPresence())
    .from(chargePoints)
    .where(and(eq(chargePoints.id, id), eq(chargePoints.ownerId, ownerId)));
  if (!row) throw notFound('Charge point');
  return row;
}

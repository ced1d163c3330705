import { and, asc, eq, isNotNull, isNull, max } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, loadLimits, transactions } from '@/server/db/schema';

export interface SessionAllocation {
  transaction_id: string;
  charge_point_id: string;
  identity: string;
  evse_id: number;
  connector_id: number;
  allocated_a: number;
  /** The charge point's answer to SetChargingProfile, or why it got none. */
  profile_status: string;
}

/** A site's current allocation, from the database: the same on every instance. */
export async function siteAllocation(siteId: string): Promise<{ computed_at: string | null; sessions: SessionAllocation[] }> {
  const db = await getDb();
  const [rows, [latest]] = await Promise.all([
    db
      .select({ limit: loadLimits, tx: transactions, identity: chargePoints.identity })
      .from(loadLimits)
      .innerJoin(transactions, eq(transactions.id, loadLimits.transactionId))
      .innerJoin(chargePoints, eq(chargePoints.id, loadLimits.chargePointId))
      .where(and(eq(loadLimits.siteId, siteId), eq(chargePoints.siteId, siteId), isNotNull(loadLimits.allocatedA), isNull(transactions.stoppedAt)))
      .orderBy(asc(transactions.startedAt), asc(transactions.id)),
    db.select({ at: max(loadLimits.updatedAt) }).from(loadLimits).where(eq(loadLimits.siteId, siteId)),
  ]);
  return {
    computed_at: latest?.at?.toISOString() ?? null,
    sessions: rows.map(({ limit, tx, identity }) => ({
      transaction_id: tx.id,
      charge_point_id: tx.chargePointId,
      identity,
      evse_id: tx.evseId,
      connector_id: tx.connectorId,
      allocated_a: limit.allocatedA!,
      profile_status: limit.status,
    })),
  };
}

/** The share of each of a charge point's open sessions, by EVSE. */
export async function chargePointAllocation(chargePointId: string, siteId: string): Promise<Map<number, number>> {
  const db = await getDb();
  const rows = await db
    .select({ evseId: loadLimits.evseId, allocatedA: loadLimits.allocatedA })
    .from(loadLimits)
    .innerJoin(transactions, eq(transactions.id, loadLimits.transactionId))
    .where(and(eq(loadLimits.chargePointId, chargePointId), eq(loadLimits.siteId, siteId), isNotNull(loadLimits.allocatedA), isNull(transactions.stoppedAt)));
  return new Map(rows.map((r) => [r.evseId, r.allocatedA!]));
}

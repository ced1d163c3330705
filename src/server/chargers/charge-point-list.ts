import { and, asc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, connectors, transactions } from '@/server/db/schema';
import { listChargePoints, presentChargePoint } from './charge-points';
import { operableBy } from './ownership';
import { connectorPower, livePowerOf, totalPower } from './live-power';

/**
 * The user's charge points (own, and on sites they manage) with their live state for the list (connector statuses, running sessions, power):
 * four queries for all of them, however many there are.
 */
export async function listChargePointsWithState(ownerId: string) {
  const db = await getDb();
  const [rows, connectorRows, open] = await Promise.all([
    listChargePoints(ownerId),
    db
      .select({ connector: connectors })
      .from(connectors)
      .innerJoin(chargePoints, eq(chargePoints.id, connectors.chargePointId))
      .where(operableBy(ownerId))
      .orderBy(asc(connectors.evseId), asc(connectors.connectorId)),
    db
      .select({ id: transactions.id, chargePointId: transactions.chargePointId, evseId: transactions.evseId, startedAt: transactions.startedAt })
      .from(transactions)
      .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
      .where(and(operableBy(ownerId), isNull(transactions.stoppedAt))),
  ]);
  const power = await livePowerOf(open);
  return rows.map((cp) => {
    const own = connectorRows.map((r) => r.connector).filter((c) => c.chargePointId === cp.id);
    const station = own.find((c) => c.evseId === 0 && c.connectorId === 0);
    const sessions = open.filter((t) => t.chargePointId === cp.id);
    const charging = new Set(sessions.map((t) => t.evseId));
    return {
      ...presentChargePoint(cp),
      status: station?.status ?? null,
      active_sessions: sessions.length,
      /** Sum over EVSEs with a running session; null while they have no power reading yet. */
      power_w: totalPower(charging, power.get(cp.id)),
      connectors: own
        .filter((c) => c !== station)
        .map((c) => ({
          evse_id: c.evseId,
          connector_id: c.connectorId,
          status: c.status,
          error_code: c.errorCode,
          power_w: connectorPower(c.evseId, charging, power.get(cp.id)),
        })),
    };
  });
}

export type ChargePointListItem = Awaited<ReturnType<typeof listChargePointsWithState>>[number];

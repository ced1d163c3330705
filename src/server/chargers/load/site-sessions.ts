import { and, eq, isNull, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { instanceAlive } from '@/server/cluster/instances';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePoints, connectors, loadLimits, transactions } from '@/server/db/schema';

/**
 * SQL: the charge point holds a socket on some instance, per the database
 * (presence): an instance recorded itself as its holder, that instance's
 * lease runs, and the charge point was heard within its heartbeat window.
 */
export function connectedNow() {
  const { heartbeatIntervalS, heartbeatGraceS } = getConfig().ocpp;
  const heardSince = new Date(now().getTime() - (2 * heartbeatIntervalS + heartbeatGraceS) * 1000);
  return sql<boolean>`(${chargePoints.connectedInstanceId} is not null and ${instanceAlive(chargePoints.connectedInstanceId)} and ${chargePoints.lastSeenAt} > ${heardSince.toISOString()}::timestamptz)`.mapWith(Boolean);
}

/** The open sessions of a site as the database sees them, with their limit if they have one. */
export async function openSessionsOf(siteId: string) {
  const db = await getDb();
  return db
    .select({
      txId: transactions.id,
      chargePointId: transactions.chargePointId,
      evseId: transactions.evseId,
      connectorId: transactions.connectorId,
      ocppTransactionId: transactions.ocppTransactionId,
      startedAt: transactions.startedAt,
      identity: chargePoints.identity,
      protocol: chargePoints.ocppVersion,
      connected: connectedNow(),
      instanceId: chargePoints.connectedInstanceId,
      connectedSince: chargePoints.connectedSince,
      status: connectors.status,
      maxCurrentA: connectors.maxCurrentA,
      acceptedA: loadLimits.acceptedA,
      limitStatus: loadLimits.status,
      limitInstanceId: loadLimits.instanceId,
      limitConnectedSince: loadLimits.connectedSince,
      hasLimit: sql<boolean>`${loadLimits.transactionId} is not null`.mapWith(Boolean),
    })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(
      connectors,
      and(eq(connectors.chargePointId, transactions.chargePointId), eq(connectors.evseId, transactions.evseId), eq(connectors.connectorId, transactions.connectorId)),
    )
    .leftJoin(loadLimits, eq(loadLimits.transactionId, transactions.id))
    .where(and(eq(chargePoints.siteId, siteId), isNull(transactions.stoppedAt)));
}

export type SiteSession = Awaited<ReturnType<typeof openSessionsOf>>[number];

/** The limits a site set, with where their sessions are now: to clear those it no longer balances. */
export async function limitsSetBy(siteId: string) {
  const db = await getDb();
  return db
    .select({
      txId: loadLimits.transactionId,
      evseId: loadLimits.evseId,
      stoppedAt: transactions.stoppedAt,
      identity: chargePoints.identity,
      protocol: chargePoints.ocppVersion,
      siteNow: chargePoints.siteId,
      connected: connectedNow(),
    })
    .from(loadLimits)
    .innerJoin(transactions, eq(transactions.id, loadLimits.transactionId))
    .innerJoin(chargePoints, eq(chargePoints.id, loadLimits.chargePointId))
    .where(eq(loadLimits.siteId, siteId));
}

import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePlans, chargePoints, connectors, loadLimits, transactions } from '@/server/db/schema';
import { connectedSql } from '../ocpp/presence';

/**
 * The open sessions of a site as the database sees them (presence: connected
 * on any instance), with their limit if they have one and their charging
 * plan's windows: one statement for a site's whole run.
 */
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
      connected: connectedSql(),
      instanceId: chargePoints.connectedInstanceId,
      connectedSince: chargePoints.connectedSince,
      status: connectors.status,
      maxCurrentA: connectors.maxCurrentA,
      chargingMode: connectors.chargingMode,
      solarOn: connectors.solarOn,
      solarCoveredSince: connectors.solarCoveredSince,
      solarMissingSince: connectors.solarMissingSince,
      solarSwitchedAt: connectors.solarSwitchedAt,
      acceptedA: loadLimits.acceptedA,
      allocatedA: loadLimits.allocatedA,
      planMask: chargePlans.mask,
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
    .leftJoin(chargePlans, eq(chargePlans.transactionId, transactions.id))
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
      connected: connectedSql(),
    })
    .from(loadLimits)
    .innerJoin(transactions, eq(transactions.id, loadLimits.transactionId))
    .innerJoin(chargePoints, eq(chargePoints.id, loadLimits.chargePointId))
    .where(eq(loadLimits.siteId, siteId));
}

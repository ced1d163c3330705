import { and, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { now } from '@/server/clock';
import { instanceAlive } from '@/server/cluster/instances';
import { getConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { chargePoints } from '@/server/db/schema';
import { runtime } from '@/server/runtime';
import { SEEN_FLUSH_MS } from './boot';

/**
 * Presence: which instance holds a charge point's socket, kept on its row
 * (connected_instance_id, connected_since) so that every instance answers
 * "connected?" alike and knows where to send a command. The protocol of the
 * connection is ocpp_version, written with the claim.
 */

/**
 * last_seen_at reaches the database up to SEEN_FLUSH_MS late (boot.ts
 * buffers it), plus the flush itself: without this slack a charge point heard
 * just in time would look offline to everyone but its holder.
 */
const FLUSH_SLACK_MS = SEEN_FLUSH_MS + 2_000;

/** The oldest last_seen_at that still counts as heard: 2 × heartbeat interval + grace (registry.ts's rule), plus the flush slack. */
function heardSince(): Date {
  const { heartbeatIntervalS, heartbeatGraceS } = getConfig().ocpp;
  return new Date(now().getTime() - (2 * heartbeatIntervalS + heartbeatGraceS) * 1000 - FLUSH_SLACK_MS);
}

/**
 * SQL over a charge_points row: connected = an instance holds its socket, that
 * instance's lease runs (a killed instance's charge points go offline with its
 * lease) and the charge point was heard recently. Set-based: use it as a
 * selected column, never a query per charge point.
 */
export const connectedSql = (): SQL<boolean> =>
  sql<boolean>`(${chargePoints.connectedInstanceId} is not null and ${instanceAlive(chargePoints.connectedInstanceId)} and ${chargePoints.lastSeenAt} >= ${heardSince().toISOString()}::timestamptz)`;

/**
 * Records this instance as the holder of the charge point's socket (a newer
 * connection takes over whatever was there) and returns the instance it
 * replaced, if another one held it.
 */
export async function claimPresence(chargePointId: string, protocol: string, since: Date): Promise<string | null> {
  const db = await getDb();
  const me = runtime().instanceId;
  // The CTE locks the row first, so two claims at once each see the holder the other replaced.
  const result = await db.execute(sql`
    with previous as (select connected_instance_id as holder from charge_points where id = ${chargePointId} for update)
    update charge_points set connected_instance_id = ${me}, connected_since = ${since.toISOString()}::timestamptz, ocpp_version = ${protocol},
      status = 'online', last_seen_at = greatest(last_seen_at, ${since.toISOString()}::timestamptz)
    from previous where charge_points.id = ${chargePointId}
    returning previous.holder`);
  const [row] = resultRows<{ holder: string | null }>(result);
  return row?.holder && row.holder !== me ? row.holder : null;
}

/** Takes the row back for a newer socket, only from an older one; true when it did. */
export async function reclaimPresence(chargePointId: string, protocol: string, since: Date): Promise<boolean> {
  const db = await getDb();
  const taken = await db
    .update(chargePoints)
    .set({ connectedInstanceId: runtime().instanceId, connectedSince: since, ocppVersion: protocol, status: 'online' })
    .where(and(eq(chargePoints.id, chargePointId), or(isNull(chargePoints.connectedSince), lt(chargePoints.connectedSince, since))))
    .returning({ id: chargePoints.id });
  return taken.length > 0;
}

/**
 * Clears presence when the socket closes, only if the row is still this
 * connection's (same instance, same connected_since): a newer connection on
 * another instance must stay connected. True when it was cleared.
 */
export async function releasePresence(chargePointId: string, since: Date): Promise<boolean> {
  const db = await getDb();
  const released = await db
    .update(chargePoints)
    .set({ connectedInstanceId: null, connectedSince: null, status: 'offline', lastSeenAt: sql`greatest(${chargePoints.lastSeenAt}, ${now().toISOString()}::timestamptz)` })
    .where(
      and(eq(chargePoints.id, chargePointId), eq(chargePoints.connectedInstanceId, runtime().instanceId), eq(chargePoints.connectedSince, since)),
    )
    .returning({ id: chargePoints.id });
  return released.length > 0;
}

/** At shutdown, after the sockets closed: nothing may point at this instance any more. */
export async function releaseAllPresence(): Promise<void> {
  const db = await getDb();
  await db
    .update(chargePoints)
    .set({ connectedInstanceId: null, connectedSince: null, status: 'offline' })
    .where(eq(chargePoints.connectedInstanceId, runtime().instanceId));
}

export interface Presence {
  chargePointId: string;
  /** The holding instance, whether or not it is alive. */
  holder: string | null;
  /** The protocol of the held connection. */
  protocol: string | null;
  connected: boolean;
}

/** The charge point's presence as the database sees it; null for an unknown identity. */
export async function presenceOf(identity: string): Promise<Presence | null> {
  const db = await getDb();
  const [row] = await db
    .select({ chargePointId: chargePoints.id, holder: chargePoints.connectedInstanceId, protocol: chargePoints.ocppVersion, connected: connectedSql() })
    .from(chargePoints)
    .where(eq(chargePoints.identity, identity));
  return row ?? null;
}

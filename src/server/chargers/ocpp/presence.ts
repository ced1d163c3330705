import { and, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { now } from '@/server/clock';
import { instanceAlive } from '@/server/cluster/instances';
import { getConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { chargePoints } from '@/server/db/schema';
import { processState, runtime } from '@/server/runtime';
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
    update charge_points set connected_instance_id = ${me}, connected_since = ${since.toISOString()}::timestamptz, ocpp_version = ${protocol}, handed_over_at = null,
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
export function releasePresence(chargePointId: string, since: Date, handedOver = false): Promise<boolean> {
  return new Promise((resolve, reject) => {
    releases.queue.push({ chargePointId, since, handedOver, resolve, reject });
    releases.flushing ??= flushReleases().finally(() => (releases.flushing = undefined));
  });
}

interface Release {
  chargePointId: string;
  since: Date;
  handedOver: boolean;
  resolve(released: boolean): void;
  reject(error: unknown): void;
}

const releases = processState<{ queue: Release[]; flushing?: Promise<void> }>('presenceReleases', () => ({ queue: [] }));

/**
 * Releases per statement. When thousands of sockets close at once (a network
 * cut), a statement each queued every other charge point's messages behind
 * them on PGlite's one thread for 1.7 s; one statement per thousand does not.
 */
const RELEASES_PER_STATEMENT = 1000;

/** Waits for the releases queued so far to be written (shutdown: before what follows relies on them). */
export async function releasesWritten(): Promise<void> {
  await releases.flushing;
}

async function flushReleases(): Promise<void> {
  while (releases.queue.length > 0) {
    // The sockets of one burst close over a few turns: wait one so a statement takes them all.
    await new Promise((resolve) => setImmediate(resolve));
    const batch = releases.queue.splice(0, RELEASES_PER_STATEMENT);
    try {
      const released = new Set((await releaseMany(batch)).map((row) => row.ordinal));
      batch.forEach((release, i) => release.resolve(released.has(i)));
    } catch (error) {
      for (const release of batch) release.reject(error);
    }
  }
}

/** One UPDATE for the batch; returns the positions of the releases it applied (conditional per row, as above). */
async function releaseMany(batch: Release[]): Promise<Array<{ ordinal: number }>> {
  const db = await getDb();
  const at = now().toISOString();
  // Array parameters rather than a VALUES list: one statement text whatever the count (uuids, ISO times and booleans need no quoting).
  const ids = `{${batch.map((r) => r.chargePointId).join(',')}}`;
  const sinces = `{${batch.map((r) => r.since.toISOString()).join(',')}}`;
  const handovers = `{${batch.map((r) => r.handedOver).join(',')}}`;
  return resultRows<{ ordinal: number }>(
    await db.execute(sql`
      update ${chargePoints} set connected_instance_id = null, connected_since = null, status = 'offline',
        last_seen_at = greatest(last_seen_at, ${at}::timestamptz),
        handed_over_at = case when v.handed_over then ${at}::timestamptz end
      from unnest(${ids}::uuid[], ${sinces}::timestamptz[], ${handovers}::boolean[]) with ordinality as v(id, since, handed_over, ordinal)
      where ${chargePoints.id} = v.id and ${chargePoints.connectedInstanceId} = ${runtime().instanceId} and ${chargePoints.connectedSince} = v.since
      returning (v.ordinal - 1)::int as ordinal`),
  );
}

/**
 * A restart is about to hand every charge point of this instance over (1012,
 * spread over seconds): from now on they count as reconnecting, so a command
 * meeting a socket already closing here, or one closed but not yet released,
 * waits for the charge point to come back elsewhere instead of failing.
 */
export async function markHandingOver(): Promise<void> {
  const db = await getDb();
  await db.update(chargePoints).set({ handedOverAt: now() }).where(eq(chargePoints.connectedInstanceId, runtime().instanceId));
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
  /** Closed for a restart moments ago and not back yet: it is expected to reconnect to another instance. */
  reconnecting: boolean;
}

/** How long after a handover (1012) a charge point counts as reconnecting rather than offline. */
export const HANDOVER_GRACE_MS = 60_000;

/** The charge point's presence as the database sees it; null for an unknown identity. */
export async function presenceOf(identity: string): Promise<Presence | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      chargePointId: chargePoints.id,
      holder: chargePoints.connectedInstanceId,
      protocol: chargePoints.ocppVersion,
      connected: connectedSql(),
      reconnecting: sql<boolean>`coalesce(${chargePoints.handedOverAt} >= ${new Date(now().getTime() - HANDOVER_GRACE_MS).toISOString()}::timestamptz, false)`,
    })
    .from(chargePoints)
    .where(eq(chargePoints.identity, identity));
  return row ?? null;
}

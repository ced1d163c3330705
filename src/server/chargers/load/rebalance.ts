import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { withClusterLock } from '@/server/cluster/locks';
import { getDb } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { chargePoints, loadLimits, sites, type Site } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';
import { allocate } from './allocate';
import { clearLimit, sendLimit, type SendResult } from './profiles';
import { Ledger, mayDraw, type Held } from './safety';
import { limitsSetBy, openSessionsOf, type SiteSession } from './site-sessions';

/**
 * Site load balancing across instances. One site has one allocation: a run
 * holds the site's cluster lock (one run at a time on every instance
 * together), reads the database's view (open sessions, connector status,
 * presence, the limits each session holds), sends the limits through
 * `sendCommand` (which reaches whichever instance holds the socket) in the
 * order safety.ts explains, and stores what was accepted, for every instance.
 */

/** Per site, in this process: a request during a run causes one more run after it. */
const runs = processState<Map<string, { again: boolean }>>('loadBalancing', () => new Map());

/** Sessions on these connector states draw nothing, so they get no share. */
const IDLE = new Set(['Available', 'Finishing', 'Faulted', 'Unavailable']);

export async function rebalanceFor(chargePointId: string): Promise<void> {
  const [cp] = await siteOfChargePoint({ chargePointId });
  if (cp?.siteId) requestRebalance(cp.siteId);
}

// Runs after many messages a charge point sends: built once.
const siteOfChargePoint = preparedStatement<{ chargePointId: string }, { siteId: string | null }>(
  () => sql`select ${chargePoints.siteId} as "siteId" from ${chargePoints} where ${chargePoints.id} = ${sql.placeholder('chargePointId')}`,
);

export function requestRebalance(siteId: string): void {
  const pending = runs.get(siteId);
  if (pending) {
    pending.again = true;
    return;
  }
  const run = { again: false };
  runs.set(siteId, run);
  void (async () => {
    do {
      run.again = false;
      await withClusterLock(`load-balancing:${siteId}`, () => rebalanceSite(siteId)).catch((err) =>
        getLogger().error({ err, siteId }, 'load balancing failed'),
      );
    } while (run.again);
    runs.delete(siteId);
  })();
}

async function rebalanceSite(siteId: string): Promise<void> {
  const db = await getDb();
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
  const open = site?.maxCurrentA != null ? await openSessionsOf(siteId) : [];
  if (site?.maxCurrentA != null) await balance(site, site.maxCurrentA, open);
  await releaseLimits(siteId, new Set(open.map((s) => s.txId)));
}

interface Decision {
  limit: number;
  result?: SendResult;
}

async function balance(site: Site, siteMaxA: number, open: SiteSession[]): Promise<void> {
  const idle = (s: SiteSession) => IDLE.has(s.status ?? '');
  const held = (s: SiteSession): Held => ({ key: s.txId, acceptedA: s.acceptedA, ownMaxA: s.maxCurrentA ?? siteMaxA, idle: idle(s) });
  const ledger = new Ledger(siteMaxA, open.map(held));
  // Offline and idle sessions cannot be limited now: they keep what they may draw, the others share the rest.
  const active = open.filter((s) => s.connected && !idle(s));
  const fixedA = open.filter((s) => !active.includes(s)).reduce((sum, s) => sum + mayDraw(held(s)), 0);
  const targets = allocate(
    Math.max(0, siteMaxA - fixedA),
    site.minCurrentPerSessionA,
    active.map((s) => ({ key: s.txId, startedAt: s.startedAt, maxCurrentA: s.maxCurrentA })),
  );
  const decisions = new Map<string, Decision>();
  const send = (steps: Array<{ s: SiteSession; limit: number }>) =>
    Promise.all(
      steps.map(async ({ s, limit }) => {
        const before = s.acceptedA;
        const result = await sendLimit(s, limit, site.phases);
        ledger.settle(s.txId, before, limit, result.outcome);
        decisions.set(s.txId, { limit, result });
        await storeLimit(site.id, s, { limit, result }, ledger.accepted(s.txId));
      }),
    );
  const newSocket = (s: SiteSession) => s.limitInstanceId !== s.instanceId || s.limitConnectedSince?.getTime() !== s.connectedSince?.getTime();
  const stale = (s: SiteSession, limit: number) => s.acceptedA !== limit || s.limitStatus !== 'Accepted' || newSocket(s);

  // 1. Decreases, and unchanged limits a new socket must get again.
  await send(active.filter((s) => s.acceptedA !== null && targets.get(s.txId)! <= s.acceptedA && stale(s, targets.get(s.txId)!)).map((s) => ({ s, limit: targets.get(s.txId)! })));
  // 2. First limits, within what the accepted limits leave.
  const firsts = active.filter((s) => s.acceptedA === null).map((s) => {
    const limit = Math.min(targets.get(s.txId)!, ledger.acceptedRoom(s.txId));
    ledger.reserve(s.txId, limit);
    return { s, limit };
  });
  await send(firsts);
  // 3. Increases, within what every other session may draw now.
  const increases = active
    .filter((s) => s.acceptedA !== null && targets.get(s.txId)! > s.acceptedA)
    .map((s) => {
      const limit = Math.max(Math.min(targets.get(s.txId)!, ledger.room(s.txId)), s.acceptedA!);
      ledger.reserve(s.txId, limit);
      return { s, limit };
    })
    .filter(({ s, limit }) => limit > s.acceptedA! || stale(s, limit));
  await send(increases);

  for (const s of open) {
    if (decisions.has(s.txId)) continue;
    // Not sent: it holds its share already, or an increase found no room yet (it keeps what it holds).
    await storeLimit(site.id, s, active.includes(s) ? { limit: s.acceptedA ?? targets.get(s.txId)! } : undefined, ledger.accepted(s.txId));
  }
}

/** Remembers the session's share and what it may hold, so that any instance counts it. */
async function storeLimit(siteId: string, s: SiteSession, decision: Decision | undefined, acceptedA: number | null): Promise<void> {
  // Nothing to remember of a session that has no share and never had a limit.
  if (!decision && !s.hasLimit) return;
  const applied = decision?.result?.outcome === 'applied';
  const values = {
    siteId,
    allocatedA: decision?.limit ?? null,
    acceptedA,
    // The connection that accepted it: a later socket gets the limit again.
    ...(applied ? { instanceId: s.instanceId, connectedSince: s.connectedSince } : {}),
    status: decision?.result?.status ?? s.limitStatus ?? 'Accepted',
    updatedAt: now(),
  };
  const db = await getDb();
  await db
    .insert(loadLimits)
    .values({ transactionId: s.txId, chargePointId: s.chargePointId, evseId: s.evseId, ...values })
    .onConflictDoUpdate({ target: loadLimits.transactionId, set: values });
}

/**
 * Sessions this site limited that it no longer balances (its limit removed,
 * the site deleted, the charge point moved to a site without one) would stay
 * capped until they end: their TxProfile is cleared, so they charge at the
 * charge point's own maximum again. A session moved to another balanced site
 * keeps its limit: that site takes it over (its run counts it). Ended
 * transactions took their profile with them.
 */
async function releaseLimits(siteId: string, keep: Set<string>): Promise<void> {
  const db = await getDb();
  for (const r of await limitsSetBy(siteId)) {
    if (keep.has(r.txId)) continue;
    if (r.stoppedAt === null && r.siteNow !== null && r.siteNow !== siteId && (await balances(r.siteNow))) continue;
    const [gone] = await db
      .delete(loadLimits)
      .where(and(eq(loadLimits.transactionId, r.txId), eq(loadLimits.siteId, siteId)))
      .returning({ txId: loadLimits.transactionId });
    if (gone && r.stoppedAt === null && r.connected) await clearLimit(r);
  }
}

async function balances(siteId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ id: sites.id }).from(sites).where(and(eq(sites.id, siteId), isNotNull(sites.maxCurrentA)));
  return row !== undefined;
}

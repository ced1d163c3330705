import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { withClusterLock } from '@/server/cluster/locks';
import { getDb } from '@/server/db/client';
import { getConfig } from '@/server/config';
import { chargePoints, connectors, loadLimits, siteMeasurements, sites, type Site } from '@/server/db/schema';
import { measurementFresh, recordChargersPower } from '@/server/energy/measurements';
import { livePowerOf } from '../live-power';
import { getLogger } from '@/server/observability/logger';
import { maskFromRow, nextPlanEdge, planAllowsAt } from '@/server/planner/mask';
import type { PlanMask } from '@/server/planner/plan';
import { processState } from '@/server/runtime';
import { effectiveLimitA, modeTargets, solarDrawOf, solarPoolA, type ModeDecision, type ModeSession } from './modes';
import { clearLimit, sendLimit, type SendResult } from './profiles';
import { Ledger, mayDraw, type Held } from './safety';
import { limitsSetBy, openSessionsOf, type SiteSession } from './site-sessions';

type SiteMeasurement = typeof siteMeasurements.$inferSelect;

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

/** Charge points whose site is looked up on the next turn, with the others of the same burst. */
const lookups = processState<{ ids: Set<string>; running?: Promise<void> }>('loadBalancingLookups', () => ({ ids: new Set() }));

/**
 * A charge point's charging changed: its site is rebalanced. The lookups of
 * one turn are one statement: when 10,000 sockets closed at once, a query each
 * queued every other charge point's messages behind them.
 */
export function rebalanceFor(chargePointId: string): void {
  lookups.ids.add(chargePointId);
  lookups.running ??= (async () => {
    while (lookups.ids.size > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      // Uuids need no quoting inside an array literal: one parameter whatever the count.
      const ids = `{${[...lookups.ids].join(',')}}`;
      lookups.ids.clear();
      const db = await getDb();
      const rows = await db
        .selectDistinct({ siteId: chargePoints.siteId })
        .from(chargePoints)
        .where(and(sql`${chargePoints.id} = any(${ids}::uuid[])`, isNotNull(chargePoints.siteId)))
        .catch((err: unknown) => (getLogger().error({ err }, 'finding the sites to rebalance failed'), []));
      for (const { siteId } of rows) requestRebalance(siteId!);
    }
  })().finally(() => (lookups.running = undefined));
}

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
  // The reads of a run do not depend on each other: sent together (on PostgreSQL, on as many connections).
  const [[site], [measurement], open, setBy] = await Promise.all([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db.select().from(siteMeasurements).where(eq(siteMeasurements.siteId, siteId)),
    openSessionsOf(siteId),
    // Read before this run's writes: the limits it writes are all of sessions it keeps.
    limitsSetBy(siteId),
  ]);
  const at = now();
  const fresh = measurement !== undefined && measurementFresh(measurement.measuredAt, at);
  // The fixed limit, lowered by a fresh live maximum; stale measurements leave the fixed one, never none.
  const limitA = site ? effectiveLimitA(site.maxCurrentA, measurement?.maxImportA ?? null, fresh) : null;
  const balanced = site !== undefined && (limitA !== null || open.some((s) => (s.chargingMode ?? 'fast') !== 'fast'));
  if (balanced) await balance(site, limitA, open, fresh ? measurement : undefined, at);
  await releaseLimits(siteId, setBy, new Set(balanced ? open.map((s) => s.txId) : []));
  wakeAtNextPlanEdge(siteId, balanced ? open.map((s) => maskFromRow(s.planMask)) : [], at);
}

/** Per site, in this process: the timer of its next plan window start or end. */
const wakes = processState<Map<string, { at: number; timer: NodeJS.Timeout }>>('loadBalancingWakes', () => new Map());
const MAX_WAKE_MS = 6 * 3600_000;

/**
 * A plan window starting (or ending) changes the shares: a rebalance is
 * scheduled for that moment in this process. The energy controller job asks
 * for one too (a few seconds later at most, on the one instance that runs it),
 * so a window still starts after this process died or on another instance.
 */
function wakeAtNextPlanEdge(siteId: string, masks: Array<PlanMask | null>, at: Date): void {
  const next = masks.map((m) => nextPlanEdge(m, at)?.getTime() ?? Infinity).reduce((a, b) => Math.min(a, b), Infinity);
  const current = wakes.get(siteId);
  if (current?.at === next) return;
  if (current) clearTimeout(current.timer);
  wakes.delete(siteId);
  const delay = next - at.getTime();
  if (!Number.isFinite(next) || delay > MAX_WAKE_MS) return;
  const timer = setTimeout(() => {
    wakes.delete(siteId);
    requestRebalance(siteId);
  }, Math.max(0, delay) + 50);
  timer.unref?.();
  wakes.set(siteId, { at: next, timer });
}

interface Decision {
  limit: number;
  result?: SendResult;
}

/** Without a site limit (modes only), a session's share is its own maximum, or this when it has none. */
const UNLIMITED_SESSION_A = 32;
const VOLTAGE_V = 230;

async function balance(site: Site, limitA: number | null, open: SiteSession[], measurement: SiteMeasurement | undefined, at: Date): Promise<void> {
  const siteMaxA = limitA ?? open.reduce((sum, s) => sum + (s.maxCurrentA ?? UNLIMITED_SESSION_A), 0);
  const idle = (s: SiteSession) => IDLE.has(s.status ?? '');
  const held = (s: SiteSession): Held => ({ key: s.txId, acceptedA: s.acceptedA, ownMaxA: s.maxCurrentA ?? siteMaxA, idle: idle(s) });
  const ledger = new Ledger(siteMaxA, open.map(held));
  // Offline and idle sessions cannot be limited now: they keep what they may draw, the others share the rest.
  const active = open.filter((s) => s.connected && !idle(s));
  const fixedA = open.filter((s) => !active.includes(s)).reduce((sum, s) => sum + mayDraw(held(s)), 0);

  // Modes: what each session draws now (its newest power reading, else the limit it holds) feeds the surplus.
  const power = await livePowerOf(open.map((s) => ({ id: s.txId, chargePointId: s.chargePointId, evseId: s.evseId, startedAt: s.startedAt })));
  const drawW = (s: SiteSession) => (idle(s) ? 0 : (power.get(s.chargePointId)?.get(s.evseId) ?? (s.acceptedA ?? 0) * VOLTAGE_V * site.phases));
  const masks = new Map(open.map((s) => [s.txId, maskFromRow(s.planMask)]));
  const modeSessions: ModeSession[] = active.map((s) => ({
    key: s.txId,
    startedAt: s.startedAt,
    mode: s.chargingMode ?? 'fast',
    // A charging plan that says 0 A now: no share now, the others get it (a wake at its next window moves it back).
    maxCurrentA: planAllowsAt(masks.get(s.txId) ?? null, at) ? s.maxCurrentA : 0,
    drawA: drawW(s) / (VOLTAGE_V * site.phases),
    state: { on: s.solarOn ?? false, coveredSince: s.solarCoveredSince, missingSince: s.solarMissingSince, switchedAt: s.solarSwitchedAt },
  }));
  // The grid power includes what the solar sessions drew when it was measured: added back as it was then.
  const drawnThen = measurement?.solarDrawA ?? solarDrawOf(modeSessions);
  const pool = solarPoolA(measurement?.gridPowerW ?? null, drawnThen, site.phases, VOLTAGE_V);
  const { startDelayS, stopDelayS, minSwitchS } = getConfig().energy;
  const { targets, modes } = modeTargets(siteMaxA - fixedA, site.minCurrentPerSessionA, modeSessions, pool, at, {
    startS: startDelayS,
    stopS: stopDelayS,
    minSwitchS,
  });
  const decisions = new Map<string, Decision>();
  // Each step's answers are stored together, in one statement, before a next step sends; the last step's with the run's other writes.
  let unstored: LimitRow[] = [];
  const send = async (steps: Array<{ s: SiteSession; limit: number }>) => {
    if (steps.length === 0) return;
    await storeLimits(site.id, unstored);
    await Promise.all(
      steps.map(async ({ s, limit }) => {
        const before = s.acceptedA;
        // A charging plan's windows ride in the same profile: its share only when the plan says charge.
        const result = await sendLimit(s, limit, site.phases, masks.get(s.txId) ?? null);
        ledger.settle(s.txId, before, limit, result.outcome);
        decisions.set(s.txId, { limit, result });
      }),
    );
    unstored = steps.map(({ s }) => limitRow(site.id, s, decisions.get(s.txId), ledger.accepted(s.txId))!);
  };
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

  // Not sent: it holds its share already, or an increase found no room yet (it keeps what it holds). Written only when that changed.
  const kept = open
    .filter((s) => !decisions.has(s.txId))
    .map((s) => limitRow(site.id, s, active.includes(s) ? { limit: s.acceptedA ?? targets.get(s.txId)! } : undefined, ledger.accepted(s.txId)))
    .filter((r): r is LimitRow => r !== null);
  // The run's writes do not depend on each other: sent together (on PGlite, committed together).
  await Promise.all([
    storeLimits(site.id, [...unstored, ...kept]),
    storeSwitchStates(open, modes),
    measurement &&
      recordChargersPower(
        site.id,
        open.reduce((sum, s) => sum + drawW(s), 0),
        measurement.solarDrawA === null ? { measuredAt: measurement.measuredAt, solarDrawA: drawnThen } : undefined,
      ),
  ]);
}

/** The solar controller's state per connector, kept in the database: it survives a restart and any instance continues it. */
async function storeSwitchStates(open: SiteSession[], modes: Map<string, ModeDecision>): Promise<void> {
  const db = await getDb();
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const changed = open.flatMap((s) => {
    const st = modes.get(s.txId)?.state;
    if (!st || s.chargingMode !== 'solar') return [];
    if (st.on === s.solarOn && same(st.coveredSince, s.solarCoveredSince) && same(st.missingSince, s.solarMissingSince) && same(st.switchedAt, s.solarSwitchedAt)) return [];
    return [{ s, st }];
  });
  if (changed.length === 0) return;
  const ts = (d: Date | null) => (d ? sql`${d.toISOString()}::timestamptz` : sql`null::timestamptz`);
  const rows = sql.join(
    changed.map(
      ({ s, st }) =>
        sql`(${s.chargePointId}::uuid, ${s.evseId}::integer, ${s.connectorId}::integer, ${st.on}::boolean, ${ts(st.coveredSince)}, ${ts(st.missingSince)}, ${ts(st.switchedAt)})`,
    ),
    sql`, `,
  );
  // One statement for all of the site's changed connectors.
  await db.execute(sql`
    update ${connectors} set solar_on = v.solar_on, solar_covered_since = v.covered, solar_missing_since = v.missing, solar_switched_at = v.switched
    from (values ${rows}) as v(charge_point_id, evse_id, connector_id, solar_on, covered, missing, switched)
    where ${connectors.chargePointId} = v.charge_point_id and ${connectors.evseId} = v.evse_id and ${connectors.connectorId} = v.connector_id`);
}

type LimitRow = typeof loadLimits.$inferInsert;

/**
 * The session's share and what it may hold, as stored so that any instance
 * counts it; null when there is nothing to write: no share and never a limit,
 * or nothing sent and the stored row says the same already.
 */
function limitRow(siteId: string, s: SiteSession, decision: Decision | undefined, acceptedA: number | null): LimitRow | null {
  if (!decision && !s.hasLimit) return null;
  const allocatedA = decision?.limit ?? null;
  const status = decision?.result?.status ?? s.limitStatus ?? 'Accepted';
  if (!decision?.result && s.hasLimit && s.allocatedA === allocatedA && s.acceptedA === acceptedA && s.limitStatus === status) return null;
  const applied = decision?.result?.outcome === 'applied';
  return {
    transactionId: s.txId,
    chargePointId: s.chargePointId,
    evseId: s.evseId,
    siteId,
    allocatedA,
    acceptedA,
    // The connection that accepted it: a later socket gets the limit again (null: the stored one stays).
    instanceId: applied ? s.instanceId : null,
    connectedSince: applied ? s.connectedSince : null,
    status,
    updatedAt: now(),
  };
}

/** Remembers a site's shares, one statement for all of them. */
async function storeLimits(siteId: string, rows: LimitRow[]): Promise<void> {
  if (rows.length === 0) return;
  const db = await getDb();
  await db
    .insert(loadLimits)
    .values(rows)
    .onConflictDoUpdate({
      target: loadLimits.transactionId,
      set: {
        siteId,
        allocatedA: sql`excluded.allocated_a`,
        acceptedA: sql`excluded.accepted_a`,
        instanceId: sql`coalesce(excluded.instance_id, ${loadLimits.instanceId})`,
        connectedSince: sql`case when excluded.instance_id is null then ${loadLimits.connectedSince} else excluded.connected_since end`,
        status: sql`excluded.status`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/**
 * Sessions this site limited that it no longer balances (its limit removed,
 * the site deleted, the charge point moved to a site without one) would stay
 * capped until they end: their TxProfile is cleared, so they charge at the
 * charge point's own maximum again. A session moved to another balanced site
 * keeps its limit: that site takes it over (its run counts it). Ended
 * transactions took their profile with them.
 */
async function releaseLimits(siteId: string, setBy: Awaited<ReturnType<typeof limitsSetBy>>, keep: Set<string>): Promise<void> {
  const db = await getDb();
  for (const r of setBy) {
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

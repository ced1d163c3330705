import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { chargePoints, connectors, sites, transactions } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { sendCommand } from '../ocpp/commands';
import { getConnection, isOnline } from '../ocpp/registry';
import { allocate } from './allocate';
import { processState } from '@/server/runtime';

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

interface SiteRun {
  running: boolean;
  again: boolean;
  allocation: SessionAllocation[];
  computedAt: Date | null;
}

/** A limit a transaction's socket accepted: where it came from and where to clear it. */
interface SentLimit {
  limit: number;
  client: RPCServerClient;
  siteId: string;
  identity: string;
  evseId: number;
}

interface State {
  sites: Map<string, SiteRun>;
  /** By transaction: an unchanged limit is not sent again (a reconnect sends it again), a dropped one is cleared. */
  sent: Map<string, SentLimit>;
}

const state: State = processState<State>('loadBalancing', () => ({ sites: new Map(), sent: new Map() }));

/** Sessions on these connector states draw nothing, so they get no share. */
const IDLE = new Set(['Available', 'Finishing', 'Faulted', 'Unavailable']);

/** TxProfile ids: one per EVSE, so a new limit replaces the previous one. */
const PROFILE_ID_BASE = 9100;

const siteRun = (siteId: string): SiteRun => {
  let run = state.sites.get(siteId);
  if (!run) state.sites.set(siteId, (run = { running: false, again: false, allocation: [], computedAt: null }));
  return run;
};

/** The last computed allocation of a site. */
export function siteAllocation(siteId: string) {
  const run = state.sites.get(siteId);
  return { computed_at: run?.computedAt?.toISOString() ?? null, sessions: run?.allocation ?? [] };
}

/**
 * Recomputes the site of a charge point after a start, stop, status change,
 * boot or disconnect. Runs of one site never overlap; requests during a run
 * cause one more run after it.
 */
export async function rebalanceFor(chargePointId: string): Promise<void> {
  const [cp] = await siteOfChargePoint({ chargePointId });
  if (cp?.siteId) requestRebalance(cp.siteId);
}

// Runs after most messages a charge point sends: built once.
const siteOfChargePoint = preparedStatement<{ chargePointId: string }, { siteId: string | null }>(
  () => sql`select ${chargePoints.siteId} as "siteId" from ${chargePoints} where ${chargePoints.id} = ${sql.placeholder('chargePointId')}`,
);

export function requestRebalance(siteId: string): void {
  const run = siteRun(siteId);
  if (run.running) {
    run.again = true;
    return;
  }
  run.running = true;
  void (async () => {
    do {
      run.again = false;
      await rebalanceSite(siteId, run).catch((err) => getLogger().error({ err, siteId }, 'load balancing failed'));
    } while (run.again);
    run.running = false;
  })();
}

async function rebalanceSite(siteId: string, run: SiteRun): Promise<void> {
  const db = await getDb();
  const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
  if (!site || site.maxCurrentA === null) {
    run.allocation = [];
    await releaseLimits(siteId, new Set());
    return;
  }
  const open = await db
    .select({ tx: transactions, identity: chargePoints.identity, status: connectors.status, maxCurrentA: connectors.maxCurrentA })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(
      connectors,
      and(eq(connectors.chargePointId, transactions.chargePointId), eq(connectors.evseId, transactions.evseId), eq(connectors.connectorId, transactions.connectorId)),
    )
    .where(and(eq(chargePoints.siteId, siteId), isNull(transactions.stoppedAt)));
  // An offline charge point cannot be limited; its share is freed for the others.
  const active = open.filter((s) => isOnline(s.identity) && !IDLE.has(s.status ?? ''));
  const limits = allocate(
    site.maxCurrentA,
    site.minCurrentPerSessionA,
    active.map((s) => ({ key: s.tx.id, startedAt: s.tx.startedAt, maxCurrentA: s.maxCurrentA })),
  );
  run.allocation = await Promise.all(
    active.map(async ({ tx, identity }) => {
      const limit = limits.get(tx.id)!;
      return {
        transaction_id: tx.id,
        charge_point_id: tx.chargePointId,
        identity,
        evse_id: tx.evseId,
        connector_id: tx.connectorId,
        allocated_a: limit,
        profile_status: await applyLimit(siteId, identity, tx.id, tx.ocppTransactionId, tx.evseId, limit, site.phases),
      };
    }),
  );
  run.computedAt = now();
  // Idle and offline sessions keep their last limit; they draw nothing now and get a new one when they resume.
  await releaseLimits(siteId, new Set(open.map((s) => s.tx.id)));
}

/**
 * Sessions this site limited that it no longer balances (its limit removed,
 * the site deleted, the charge point moved) would stay capped until they
 * end: their TxProfile is cleared, so they charge at the charge point's own
 * maximum again. Ended transactions took their profile with them.
 */
async function releaseLimits(siteId: string, keep: Set<string>): Promise<void> {
  const dropped = [...state.sent].filter(([txId, sent]) => sent.siteId === siteId && !keep.has(txId));
  if (dropped.length === 0) return;
  const db = await getDb();
  const open = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(inArray(transactions.id, dropped.map(([txId]) => txId)), isNull(transactions.stoppedAt)));
  const stillOpen = new Set(open.map((t) => t.id));
  for (const [txId, sent] of dropped) {
    // Another site may have limited it meanwhile (a move): that limit stays.
    if (state.sent.get(txId) !== sent) continue;
    state.sent.delete(txId);
    if (stillOpen.has(txId) && getConnection(sent.identity) === sent.client) await clearLimit(sent);
  }
}

async function clearLimit({ identity, evseId, client }: SentLimit): Promise<void> {
  const id = PROFILE_ID_BASE + evseId;
  const payload = client.protocol === 'ocpp1.6' ? { id } : { chargingProfileId: id };
  try {
    await sendCommand(identity, 'ClearChargingProfile', payload);
  } catch (err) {
    getLogger().warn({ err, chargePoint: identity }, 'load balancing limit not cleared');
  }
}

async function applyLimit(siteId: string, identity: string, txId: string, ocppTransactionId: string, evseId: number, limit: number, phases: number): Promise<string> {
  const client = getConnection(identity);
  if (!client) return 'offline';
  const previous = state.sent.get(txId);
  if (previous && previous.limit === limit && previous.client === client) return 'Accepted';
  const period = { startPeriod: 0, limit, numberPhases: phases };
  const payload =
    client.protocol === 'ocpp1.6'
      ? {
          connectorId: evseId,
          csChargingProfiles: {
            chargingProfileId: PROFILE_ID_BASE + evseId,
            transactionId: Number(ocppTransactionId),
            stackLevel: 0,
            chargingProfilePurpose: 'TxProfile',
            chargingProfileKind: 'Relative',
            chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [period] },
          },
        }
      : {
          evseId,
          chargingProfile: {
            id: PROFILE_ID_BASE + evseId,
            transactionId: ocppTransactionId,
            stackLevel: 0,
            chargingProfilePurpose: 'TxProfile',
            chargingProfileKind: 'Relative',
            chargingSchedule: [{ id: PROFILE_ID_BASE + evseId, chargingRateUnit: 'A', chargingSchedulePeriod: [period] }],
          },
        };
  try {
    const answer = await sendCommand(identity, 'SetChargingProfile', payload);
    const status = String(answer.status);
    if (status === 'Accepted') state.sent.set(txId, { limit, client, siteId, identity, evseId });
    return status;
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

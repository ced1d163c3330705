/**
 * Charge point changes reach Home Assistant as pushes: the subscriber of
 * `chargePoint.changed` (emitted by the OCPP layer once it has answered) is
 * `chargePointChanged`, in the instance holding the socket. The changes of
 * one second become one push, and only charge points that have a push target
 * cost a query: the set of them is kept in memory, reloaded when any instance
 * announces `pushTargets.changed` and, in case such an announcement was
 * missed, every 30 s. A change still waiting when the process dies is not
 * lost for long: the next message of the charge point pushes its whole status.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { haPushTargets } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { enqueueChargePointPush, kickPushWorker } from './deliveries';
import { processState } from '@/server/runtime';

const COALESCE_MS = 1_000;
const TARGETS_TTL_MS = 30_000;

interface State {
  waiting: Set<string>;
  withTargets?: Promise<Set<string>>;
  loadedAt: number;
}

const state: State = processState<State>('chargePointPushes', () => ({
  waiting: new Set(),
  loadedAt: 0,
}));

/** The `pushTargets.changed` subscriber: the set is read again on next use. */
export function forgetChargePointTargets(): void {
  state.withTargets = undefined;
}

function chargePointsWithTargets(): Promise<Set<string>> {
  if (!state.withTargets || Date.now() - state.loadedAt > TARGETS_TTL_MS) {
    state.loadedAt = Date.now();
    const loading = (async () => {
      const db = await getDb();
      const rows = await db
        .selectDistinct({ id: haPushTargets.chargePointId })
        .from(haPushTargets)
        .where(and(isNotNull(haPushTargets.chargePointId), eq(haPushTargets.isEnabled, true)));
      return new Set(rows.map((row) => row.id!));
    })();
    loading.catch(() => forgetChargePointTargets());
    state.withTargets = loading;
  }
  return state.withTargets;
}

async function push(chargePointId: string): Promise<void> {
  if (!(await chargePointsWithTargets()).has(chargePointId)) return;
  if ((await enqueueChargePointPush(chargePointId)) > 0) kickPushWorker();
}

/** The `chargePoint.changed` subscriber. */
export function chargePointChanged(chargePointId: string): void {
  if (state.waiting.has(chargePointId)) return;
  state.waiting.add(chargePointId);
  setTimeout(() => {
    state.waiting.delete(chargePointId);
    push(chargePointId).catch((err) => getLogger().error({ err, chargePointId }, 'charge point push failed'));
  }, COALESCE_MS).unref();
}

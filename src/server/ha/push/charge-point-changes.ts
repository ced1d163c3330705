/**
 * Charge point changes reach Home Assistant as pushes. The OCPP handlers call
 * `chargePointChanged(id)` once they have answered; the changes of one second
 * become one push, and only charge points that have a push target cost a
 * query (the set of them is kept in memory, reloaded every 30 s and when a
 * target changes). A change still waiting when the process dies is not lost
 * for long: the next message of the charge point pushes its whole status.
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

/** Call after adding, removing or switching a charge point's push target. */
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

export function chargePointChanged(chargePointId: string): void {
  if (state.waiting.has(chargePointId)) return;
  state.waiting.add(chargePointId);
  setTimeout(() => {
    state.waiting.delete(chargePointId);
    push(chargePointId).catch((err) => getLogger().error({ err, chargePointId }, 'charge point push failed'));
  }, COALESCE_MS).unref();
}

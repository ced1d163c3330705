/**
 * Per-vehicle update strategy. `webhook` (default) relies on Enode's webhooks,
 * `manual` only refreshes when asked, `poll` fetches every
 * `poll_interval_minutes`, `poll_when_plugged` does so only while the car is
 * plugged in (when its state changes fastest). The poller runs in the server
 * process and fetches through the single-flight refresh.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { vehicles } from '@/server/db/schema';
import { now } from '@/server/clock';
import { getLogger } from '@/server/observability/logger';
import type { VehicleRow } from './store';
import { findVehicle, refreshVehicle } from './vehicles';
import { emit } from '@/server/events/domain-events';
import { processState } from '@/server/runtime';

export const DEFAULT_POLL_MINUTES = 15;
const TICK_MS = 10_000;

export const updateStrategySchema = z
  .object({
    update_strategy: z.enum(['webhook', 'poll', 'poll_when_plugged', 'manual']),
    poll_interval_minutes: z.number().int().min(1).max(24 * 60).nullish(),
  })
  .strict();

export async function setUpdateStrategy(userId: string, ref: string, input: z.infer<typeof updateStrategySchema>): Promise<VehicleRow> {
  const vehicle = await findVehicle(userId, ref);
  const polls = input.update_strategy === 'poll' || input.update_strategy === 'poll_when_plugged';
  const db = await getDb();
  const [row] = await db
    .update(vehicles)
    .set({
      updateStrategy: input.update_strategy,
      pollIntervalMinutes: polls ? (input.poll_interval_minutes ?? DEFAULT_POLL_MINUTES) : null,
      updatedAt: now(),
    })
    .where(and(eq(vehicles.id, vehicle.id), eq(vehicles.userId, userId)))
    .returning();
  if (row) emit({ type: 'vehicle.saved', userId, vehicleIds: [row.id] });
  return row;
}

type PollState = { timer?: NodeJS.Timeout; running?: Promise<void>; lastPolled: Map<string, number> };
const poller: PollState = processState<PollState>('vehiclePoller', () => ({ lastPolled: new Map() }));

/** Due when neither a fetch nor our last attempt (which may have failed) is within the interval. */
export function dueForPoll(vehicle: VehicleRow, at: number, lastPolled?: number): boolean {
  if (vehicle.updateStrategy !== 'poll' && vehicle.updateStrategy !== 'poll_when_plugged') return false;
  if (vehicle.updateStrategy === 'poll_when_plugged') {
    const charge = vehicle.state?.chargeState as { isPluggedIn?: boolean | null } | undefined;
    if (charge?.isPluggedIn !== true) return false;
  }
  const latest = Math.max(vehicle.fetchedAt?.getTime() ?? 0, lastPolled ?? 0);
  return at - latest >= (vehicle.pollIntervalMinutes ?? DEFAULT_POLL_MINUTES) * 60_000;
}

async function pollDueVehicles() {
  const db = await getDb();
  const candidates = await db.select().from(vehicles).where(inArray(vehicles.updateStrategy, ['poll', 'poll_when_plugged']));
  const at = now().getTime();
  for (const vehicle of candidates) {
    if (!dueForPoll(vehicle, at, poller.lastPolled.get(vehicle.id))) continue;
    poller.lastPolled.set(vehicle.id, at);
    try {
      await refreshVehicle(vehicle.userId, vehicle.id);
    } catch (error) {
      getLogger().warn({ vehicleId: vehicle.id, reason: error instanceof Error ? error.message : String(error) }, 'Vehicle poll failed');
    }
  }
}

/** Started by server.ts; one poller per process. */
export function startVehiclePoller() {
  if (poller.timer) return;
  poller.timer = setInterval(() => {
    if (poller.running) return;
    poller.running = pollDueVehicles()
      .catch((error: unknown) => getLogger().error({ err: error }, 'vehicle poller failed'))
      .finally(() => (poller.running = undefined));
  }, TICK_MS);
  poller.timer.unref();
}

export async function stopVehiclePoller() {
  clearInterval(poller.timer);
  poller.timer = undefined;
  await poller.running;
}

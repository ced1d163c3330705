import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { vehicleActions } from '@/server/db/schema';
import { now } from '@/server/clock';
import { enodeClient } from '@/server/enode';
import type { EnodeAction } from '@/server/enode/schemas';
import { notFound } from '@/server/http/errors';
import { requirePlanFeature } from '@/server/plans/limits';
import { getUserById } from '@/server/users/users';
import { failureText } from './webhooks';
import { findVehicle } from './vehicles';

type ActionRow = typeof vehicleActions.$inferSelect;

/**
 * Asks Enode to start or stop charging; Enode answers with an action we follow
 * to its end. Needs a plan with `charging_control` (403 `plan_required`),
 * checked after ownership so another user's vehicle stays 404.
 */
export async function requestCharging(userId: string, ref: string, kind: 'START' | 'STOP'): Promise<ActionRow> {
  const vehicle = await findVehicle(userId, ref);
  const user = await getUserById(userId);
  if (!user) throw notFound('user');
  await requirePlanFeature(user, 'charging_control');
  const action = await enodeClient().chargingAction(vehicle.enodeVehicleId, kind);
  return saveAction(userId, vehicle.id, action);
}

/** One row per Enode action: Enode reuses a pending action of the same kind. */
async function saveAction(userId: string, vehicleId: string, action: EnodeAction): Promise<ActionRow> {
  const db = await getDb();
  const [row] = await db
    .insert(vehicleActions)
    .values({
      userId,
      vehicleId,
      enodeActionId: action.id,
      kind: action.kind,
      state: action.state,
      failureReason: failureText(action.failureReason),
      updatedAt: now(),
    })
    .onConflictDoUpdate({
      target: vehicleActions.enodeActionId,
      set: { state: sql`excluded.state`, failureReason: sql`excluded.failure_reason`, updatedAt: sql`excluded.updated_at` },
      // A settled action stays settled; and never touch another user's row.
      setWhere: sql`${vehicleActions.userId} = excluded.user_id and ${vehicleActions.state} = 'PENDING'`,
    })
    .returning();
  if (row) return row;
  const [existing] = await db.select().from(vehicleActions).where(and(eq(vehicleActions.enodeActionId, action.id), eq(vehicleActions.userId, userId)));
  if (!existing) throw notFound('action');
  return existing;
}

/** The action's state; a pending one is checked with Enode in case a webhook was missed. */
export async function getAction(userId: string, ref: string, actionId: string): Promise<ActionRow> {
  const vehicle = await findVehicle(userId, ref);
  const db = await getDb();
  const [row] = await db
    .select()
    .from(vehicleActions)
    .where(and(eq(vehicleActions.id, actionId), eq(vehicleActions.userId, userId), eq(vehicleActions.vehicleId, vehicle.id)));
  if (!row) throw notFound('action');
  if (row.state !== 'PENDING' || !row.enodeActionId) return row;
  return saveAction(userId, vehicle.id, await enodeClient().getAction(row.enodeActionId));
}

export const presentAction = (row: ActionRow) => ({
  id: row.id,
  vehicle_id: row.vehicleId,
  enode_action_id: row.enodeActionId,
  kind: row.kind,
  state: row.state,
  failure_reason: row.failureReason,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

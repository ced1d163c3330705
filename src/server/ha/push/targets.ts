/**
 * Where to push updates: Home Assistant's webhook, registered by the
 * integration for a vehicle, or by the user for a charge point.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { haPushDeliveries, haPushTargets, type HaPushTarget, type User } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { requirePlanFeature } from '@/server/plans/limits';
import { getOwnedChargePoint } from '@/server/chargers/ownership';
import { findVehicle } from '@/server/vehicles/vehicles';
import { emit } from '@/server/events/domain-events';
import type { Locale } from '@/i18n/locales';
import { disabledReasonText, type DisabledReason } from './disabled-reason';

export const registerTargetSchema = z
  .object({
    webhook_id: z.string().trim().min(1).max(200).regex(/^[\w-]+$/, 'must be a Home Assistant webhook id'),
    external_url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(500),
    /** The integration registers a vehicle (Enode's id or ours)… */
    vehicle_id: z.string().trim().min(1).max(100).optional(),
    /** …or an automation's webhook trigger is registered for a charge point. */
    charge_point_id: z.uuid().optional(),
  })
  .refine((input) => (input.vehicle_id === undefined) !== (input.charge_point_id === undefined), {
    message: 'give either vehicle_id or charge_point_id',
    path: ['vehicle_id'],
  });

export async function registerPushTarget(user: User, input: z.infer<typeof registerTargetSchema>) {
  await requirePlanFeature(user, 'push');
  const db = await getDb();
  const values = { externalUrl: input.external_url, isEnabled: true, disabledReason: null, updatedAt: now() };
  if (input.charge_point_id) {
    const chargePoint = await getOwnedChargePoint(user.id, input.charge_point_id);
    const [target] = await db
      .insert(haPushTargets)
      .values({ userId: user.id, chargePointId: chargePoint.id, webhookId: input.webhook_id, ...values })
      .onConflictDoUpdate({ target: [haPushTargets.chargePointId, haPushTargets.webhookId], set: values })
      .returning();
    emit({ type: 'pushTargets.changed', userId: user.id });
    return target;
  }
  const vehicle = await findVehicle(user.id, input.vehicle_id!);
  const vehicleValues = { ...values, registeredVehicleId: input.vehicle_id };
  const [target] = await db
    .insert(haPushTargets)
    .values({ userId: user.id, vehicleId: vehicle.id, webhookId: input.webhook_id, ...vehicleValues })
    .onConflictDoUpdate({ target: [haPushTargets.vehicleId, haPushTargets.webhookId], set: vehicleValues })
    .returning();
  return target;
}

/** Removes the user's targets: those of one webhook id, or all of them. */
export async function unregisterPushTargets(userId: string, webhookId?: string): Promise<number> {
  const db = await getDb();
  const owned = eq(haPushTargets.userId, userId);
  const removed = await db
    .delete(haPushTargets)
    .where(webhookId ? and(owned, eq(haPushTargets.webhookId, webhookId)) : owned)
    .returning({ id: haPushTargets.id });
  if (removed.length > 0) emit({ type: 'pushTargets.changed', userId });
  return removed.length;
}

export async function deletePushTarget(userId: string, targetId: string): Promise<void> {
  const db = await getDb();
  const [removed] = await db
    .delete(haPushTargets)
    .where(and(eq(haPushTargets.id, targetId), eq(haPushTargets.userId, userId)))
    .returning({ id: haPushTargets.id });
  if (!removed) throw notFound('pushTarget');
  emit({ type: 'pushTargets.changed', userId });
}

export async function getOwnedTarget(userId: string, targetId: string): Promise<HaPushTarget> {
  const db = await getDb();
  const [target] = await db
    .select()
    .from(haPushTargets)
    .where(and(eq(haPushTargets.id, targetId), eq(haPushTargets.userId, userId)));
  if (!target) throw notFound('pushTarget');
  return target;
}

export async function setTargetEnabled(userId: string, targetId: string, enabled: boolean): Promise<HaPushTarget> {
  await getOwnedTarget(userId, targetId);
  const db = await getDb();
  const [target] = await db
    .update(haPushTargets)
    .set({ isEnabled: enabled, disabledReason: enabled ? null : ('turned_off' satisfies DisabledReason), updatedAt: now() })
    .where(eq(haPushTargets.id, targetId))
    .returning();
  emit({ type: 'pushTargets.changed', userId });
  return target;
}

const STATS_WINDOW = 100;

/** The user's targets with the outcome of their last deliveries (success rate over the last 100). */
export async function listPushTargets(userId: string) {
  const db = await getDb();
  const targets = await db
    .select()
    .from(haPushTargets)
    .where(eq(haPushTargets.userId, userId))
    .orderBy(desc(haPushTargets.createdAt));
  if (targets.length === 0) return [];
  const recent = db
    .select({
      targetId: haPushDeliveries.targetId,
      status: haPushDeliveries.status,
      rank: sql<number>`row_number() over (partition by ${haPushDeliveries.targetId} order by ${haPushDeliveries.id} desc)`.as('rank'),
    })
    .from(haPushDeliveries)
    .where(
      and(
        inArray(haPushDeliveries.targetId, targets.map((t) => t.id)),
        inArray(haPushDeliveries.status, ['delivered', 'failed']),
      ),
    )
    .as('recent');
  const stats = await db
    .select({
      targetId: recent.targetId,
      delivered: sql<number>`count(*) filter (where ${recent.status} = 'delivered')`.mapWith(Number),
      finished: sql<number>`count(*)`.mapWith(Number),
    })
    .from(recent)
    .where(sql`${recent.rank} <= ${STATS_WINDOW}`)
    .groupBy(recent.targetId);
  const byTarget = new Map(stats.map((s) => [s.targetId, s]));
  return targets.map((target) => {
    const s = byTarget.get(target.id);
    return { ...target, delivered: s?.delivered ?? 0, finished: s?.finished ?? 0 };
  });
}

export function presentPushTarget(target: HaPushTarget & { delivered?: number; finished?: number }, locale: Locale) {
  return {
    id: target.id,
    webhook_id: target.webhookId,
    external_url: target.externalUrl,
    vehicle_id: target.registeredVehicleId,
    internal_vehicle_id: target.vehicleId,
    charge_point_id: target.chargePointId,
    is_enabled: target.isEnabled,
    disabled_reason: target.disabledReason && disabledReasonText(target.disabledReason, locale),
    last_success_at: target.lastSuccessAt?.toISOString() ?? null,
    last_error_at: target.lastErrorAt?.toISOString() ?? null,
    last_error: target.lastError,
    success_rate: target.finished ? target.delivered! / target.finished : null,
    created_at: target.createdAt.toISOString(),
  };
}

/**
 * Enode webhook deliveries. The route has verified the signature; here each
 * event is stored in webhook_events (one row per delivery id and position, so
 * a redelivery inserts nothing and changes nothing) and applied, all in one
 * transaction so a batch of 100 is answered well within Enode's 5 seconds.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type Tx } from '@/server/db/client';
import { users, vehicleActions, webhookEvents } from '@/server/db/schema';
import { now } from '@/server/clock';
import { actionSchema, vehicleSchema, type EnodeWebhookEvent } from '@/server/enode/schemas';
import { kickPushWorker } from '@/server/ha/push/deliveries';
import { getLogger } from '@/server/observability/logger';
import { setLinkStatus } from './links';
import { deleteVehicle, isUuid, saveVehicle } from './store';

type Status = 'processed' | 'ignored' | 'failed';
interface Outcome {
  status: Status;
  outcome: string;
}

const VEHICLE_EVENTS = new Set(['user:vehicle:discovered', 'user:vehicle:updated', 'user:vehicle:smart-charging-status-updated']);
const ACKNOWLEDGED = new Set(['system:heartbeat', 'enode:webhook:test']);

export interface DeliveryResult {
  received: number;
  duplicates: number;
}

export async function receiveEnodeDelivery(deliveryId: string, events: EnodeWebhookEvent[]): Promise<DeliveryResult> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const stored = await tx
      .insert(webhookEvents)
      .values(
        events.map((event, index) => ({
          source: 'enode' as const,
          externalId: `${deliveryId}:${index}`,
          eventType: event.event,
          payload: event,
          receivedAt: now(),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id, externalId: webhookEvents.externalId });
    if (stored.length === 0) return { received: events.length, duplicates: events.length };

    // In delivery order: a vehicle may be updated and then deleted within one batch.
    const fresh = stored
      .map((row) => ({ id: row.id, position: Number(row.externalId.slice(deliveryId.length + 1)) }))
      .sort((a, b) => a.position - b.position)
      .map(({ id, position }) => ({ id, event: events[position] }));
    // Enode user id = EVConduit user id; only ids that can be ours are looked up.
    const userIds = [...new Set(fresh.map((f) => f.event.user?.id).filter((id): id is string => typeof id === 'string' && isUuid(id)))];
    const known = new Set(
      userIds.length === 0 ? [] : (await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds))).map((u) => u.id),
    );

    const groups = new Map<string, number[]>();
    for (const { id, event } of fresh) {
      const { status, outcome } = await applyEvent(tx, event, known);
      const key = `${status}\u0000${outcome}`;
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    // One status update per outcome rather than one per event.
    for (const [key, ids] of groups) {
      const [status, outcome] = key.split('\u0000') as [Status, string];
      await tx.update(webhookEvents).set({ status, outcome, processedAt: now() }).where(inArray(webhookEvents.id, ids));
    }
    return { received: events.length, duplicates: events.length - stored.length };
  });
  kickPushWorker();
  getLogger().info({ deliveryId, ...result }, 'Enode webhook delivery');
  return result;
}

async function applyEvent(tx: Tx, event: EnodeWebhookEvent, knownUsers: Set<string>): Promise<Outcome> {
  if (ACKNOWLEDGED.has(event.event)) return { status: 'processed', outcome: 'acknowledged' };
  const handled = VEHICLE_EVENTS.has(event.event) || event.event === 'user:vehicle:deleted' ||
    event.event === 'user:credentials:invalidated' || event.event === 'user:vendor-action:updated';
  if (!handled) return { status: 'ignored', outcome: 'unhandled_event' };
  // Events for anyone else are kept but not applied.
  const userId = event.user?.id;
  if (!userId || !knownUsers.has(userId)) return { status: 'ignored', outcome: 'unknown_user' };

  if (VEHICLE_EVENTS.has(event.event)) {
    const vehicle = vehicleSchema.safeParse(event.vehicle);
    if (!vehicle.success) return { status: 'failed', outcome: 'invalid_vehicle' };
    const saved = await saveVehicle(tx, userId, vehicle.data);
    if (saved.status === 'vehicle_limit') return { status: 'ignored', outcome: 'plan_vehicle_limit' };
    return saved.status === 'saved' ? { status: 'processed', outcome: 'vehicle_saved' } : { status: 'ignored', outcome: 'stale_or_foreign_vehicle' };
  }
  if (event.event === 'user:vehicle:deleted') {
    const id = vehicleSchema.pick({ id: true }).safeParse(event.vehicle);
    if (!id.success) return { status: 'failed', outcome: 'invalid_vehicle' };
    return (await deleteVehicle(tx, userId, id.data.id))
      ? { status: 'processed', outcome: 'vehicle_deleted' }
      : { status: 'ignored', outcome: 'unknown_vehicle' };
  }
  if (event.event === 'user:credentials:invalidated') {
    if (!event.vendor) return { status: 'failed', outcome: 'missing_vendor' };
    await setLinkStatus(tx, userId, event.vendor, 'broken', 'Enode reported the vendor credentials as invalid');
    return { status: 'processed', outcome: 'link_broken' };
  }
  const action = actionSchema.safeParse(event.vendorAction);
  if (!action.success) return { status: 'failed', outcome: 'invalid_action' };
  const updated = await tx
    .update(vehicleActions)
    .set({ state: action.data.state, failureReason: failureText(action.data.failureReason), updatedAt: now() })
    // A settled action stays settled, whatever order the deliveries come in.
    .where(and(eq(vehicleActions.enodeActionId, action.data.id), eq(vehicleActions.userId, userId), eq(vehicleActions.state, 'PENDING')))
    .returning({ id: vehicleActions.id });
  return updated.length > 0 ? { status: 'processed', outcome: 'action_updated' } : { status: 'ignored', outcome: 'action_unchanged' };
}

/** Enode's failureReason is an object ({type, detail}) or text. */
export function failureText(reason: unknown): string | null {
  if (reason == null) return null;
  if (typeof reason === 'string') return reason;
  const { detail, type } = reason as { detail?: unknown; type?: unknown };
  return typeof detail === 'string' ? detail : typeof type === 'string' ? type : JSON.stringify(reason);
}

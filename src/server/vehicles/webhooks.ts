/**
 * Enode webhook deliveries. The route has verified the signature; here each
 * event is stored in webhook_events (one row per event, keyed by what it is,
 * see `enodeEventKey`, so a redelivery under any delivery id inserts nothing
 * and changes nothing) and applied, all in one transaction. Vehicle states are applied as a set (saveVehicles: a few
 * queries for the whole batch), so a batch of 100 costs about ten queries.
 * Each delivery and its outcome are also recorded in webhook_deliveries for
 * the admin's webhook health page.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { users, vehicleActions, webhookDeliveries, webhookEvents } from '@/server/db/schema';
import { now } from '@/server/clock';
import { actionSchema, vehicleSchema, type EnodeWebhookEvent } from '@/server/enode/schemas';
import { emit, type DomainEvent } from '@/server/events/domain-events';
import { getLogger } from '@/server/observability/logger';
import { setLinkStatus } from './links';
import { deleteVehicle, isUuid, saveVehicles, savedVehicleEvents, type SaveResult, type VehicleUpdate } from './store';

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

const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/**
 * What makes an event the same event, whichever delivery carries it: a signed
 * body resent under a new `x-enode-delivery` id must change nothing. A
 * vehicle state is its event, user, vehicle and `lastSeen` (Enode resends a
 * state with the same `lastSeen`); any other event is its content and its
 * place in the body (identical heartbeats of one delivery stay distinct).
 * Hashed, so the key stays short whatever the event holds.
 */
export function enodeEventKey(event: EnodeWebhookEvent, position: number): string {
  const vehicle = event.vehicle as { id?: unknown; lastSeen?: unknown } | null | undefined;
  const identity =
    typeof vehicle?.id === 'string' && typeof vehicle.lastSeen === 'string'
      ? [event.event, event.user?.id ?? null, vehicle.id, vehicle.lastSeen]
      : [position, event];
  return `sha256:${createHash('sha256').update(JSON.stringify(identity)).digest('hex')}`;
}

export async function receiveEnodeDelivery(deliveryId: string, events: EnodeWebhookEvent[]): Promise<DeliveryResult> {
  const db = await getDb();
  const started = performance.now();
  const receivedAt = now();
  const record = (status: 'processed' | 'failed', duplicates: number, outcomes: Record<string, number>, error: string | null) => ({
    source: 'enode' as const,
    deliveryId,
    receivedAt,
    eventCount: events.length,
    duplicates,
    eventTypes: tally(events.map((e) => e.event)),
    status,
    outcomes,
    error,
    processingMs: Math.round(performance.now() - started),
  });
  const keys = events.map((event, position) => enodeEventKey(event, position));
  // What the applied events changed, announced once the transaction has committed.
  const changes: DomainEvent[] = [];
  try {
    const result = await db.transaction(async (tx) => {
      const stored = await tx
        .insert(webhookEvents)
        .values(
          events.map((event, index) => ({
            source: 'enode' as const,
            externalId: keys[index],
            eventType: event.event,
            payload: event,
            receivedAt,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: webhookEvents.id, externalId: webhookEvents.externalId });
      const outcomes = stored.length === 0 ? {} : await applyEvents(tx, events, keys, stored, changes);
      const duplicates = events.length - stored.length;
      await upsertDelivery(tx, record('processed', duplicates, outcomes, null));
      return { received: events.length, duplicates };
    });
    emit(...changes);
    getLogger().info({ deliveryId, ...result }, 'Enode webhook delivery');
    return result;
  } catch (error) {
    // Rolled back (Enode will redeliver); the failure is still shown to the admin.
    const message = error instanceof Error ? error.message : String(error);
    await upsertDelivery(db, record('failed', 0, {}, message.slice(0, 500))).catch(() => undefined);
    throw error;
  }
}

async function upsertDelivery(db: Db | Tx, row: typeof webhookDeliveries.$inferInsert) {
  await db
    .insert(webhookDeliveries)
    .values(row)
    .onConflictDoUpdate({
      target: [webhookDeliveries.source, webhookDeliveries.deliveryId],
      set: {
        receivedAt: row.receivedAt,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        duplicates: row.duplicates,
        // A redelivery that found everything stored keeps the first outcome.
        ...(row.status === 'failed' || row.duplicates !== row.eventCount
          ? { status: row.status, outcomes: row.outcomes, error: row.error, processingMs: row.processingMs }
          : {}),
      },
    });
}

/** Applies the newly stored events in delivery order; returns events per outcome. */
async function applyEvents(
  tx: Tx,
  events: EnodeWebhookEvent[],
  keys: string[],
  stored: { id: number; externalId: string }[],
  changes: DomainEvent[],
) {
  // An event repeated within the delivery was stored once, for its first position.
  const firstPosition = new Map<string, number>();
  keys.forEach((key, position) => firstPosition.set(key, firstPosition.get(key) ?? position));
  // In delivery order: a vehicle may be updated and then deleted within one batch.
  const fresh = stored
    .map((row) => ({ id: row.id, position: firstPosition.get(row.externalId)! }))
    .sort((a, b) => a.position - b.position)
    .map(({ id, position }) => ({ id, event: events[position] }));
  // Enode user id = EVConduit user id; only ids that can be ours are looked up.
  const userIds = [...new Set(fresh.map((f) => f.event.user?.id).filter((id): id is string => typeof id === 'string' && isUuid(id)))];
  const known = new Set(
    userIds.length === 0 ? [] : (await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds))).map((u) => u.id),
  );

  const outcomes = new Map<number, Outcome>();
  // Consecutive vehicle states are saved as one set; any other handled event applies after them, in order.
  let pending: { id: number; update: VehicleUpdate }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const saved = await saveVehicles(tx, pending.map((p) => p.update));
    changes.push(...savedVehicleEvents(saved));
    pending.forEach((p, i) => outcomes.set(p.id, saveOutcome(saved[i])));
    pending = [];
  };
  for (const { id, event } of fresh) {
    const early = screen(event, known);
    if (early) {
      outcomes.set(id, early);
      continue;
    }
    if (VEHICLE_EVENTS.has(event.event)) {
      const vehicle = vehicleSchema.safeParse(event.vehicle);
      if (vehicle.success) pending.push({ id, update: { userId: event.user!.id!, vehicle: vehicle.data } });
      else outcomes.set(id, { status: 'failed', outcome: 'invalid_vehicle' });
      continue;
    }
    await flush();
    outcomes.set(id, await applyOther(tx, event, event.user!.id!, changes));
  }
  await flush();

  // One status update per outcome rather than one per event.
  const groups = new Map<string, number[]>();
  for (const [id, { status, outcome }] of outcomes) {
    const key = `${status}\u0000${outcome}`;
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  const at = now();
  for (const [key, ids] of groups) {
    const [status, outcome] = key.split('\u0000') as [Status, string];
    await tx.update(webhookEvents).set({ status, outcome, processedAt: at }).where(inArray(webhookEvents.id, ids));
  }
  return tally([...outcomes.values()].map((o) => o.outcome));
}

function saveOutcome(saved: SaveResult): Outcome {
  if (saved.status === 'vehicle_limit') return { status: 'ignored', outcome: 'plan_vehicle_limit' };
  return saved.status === 'saved' ? { status: 'processed', outcome: 'vehicle_saved' } : { status: 'ignored', outcome: 'stale_or_foreign_vehicle' };
}

/** The outcome of events that need no work, or undefined for those to apply. */
function screen(event: EnodeWebhookEvent, knownUsers: Set<string>): Outcome | undefined {
  if (ACKNOWLEDGED.has(event.event)) return { status: 'processed', outcome: 'acknowledged' };
  const handled = VEHICLE_EVENTS.has(event.event) || event.event === 'user:vehicle:deleted' ||
    event.event === 'user:credentials:invalidated' || event.event === 'user:vendor-action:updated';
  if (!handled) return { status: 'ignored', outcome: 'unhandled_event' };
  // Events for anyone else are kept but not applied.
  const userId = event.user?.id;
  if (!userId || !knownUsers.has(userId)) return { status: 'ignored', outcome: 'unknown_user' };
  return undefined;
}

async function applyOther(tx: Tx, event: EnodeWebhookEvent, userId: string, changes: DomainEvent[]): Promise<Outcome> {
  if (event.event === 'user:vehicle:deleted') {
    const id = vehicleSchema.pick({ id: true }).safeParse(event.vehicle);
    if (!id.success) return { status: 'failed', outcome: 'invalid_vehicle' };
    const vehicleId = await deleteVehicle(tx, userId, id.data.id);
    if (!vehicleId) return { status: 'ignored', outcome: 'unknown_vehicle' };
    changes.push({ type: 'vehicle.deleted', userId, vehicleId });
    return { status: 'processed', outcome: 'vehicle_deleted' };
  }
  if (event.event === 'user:credentials:invalidated') {
    if (!event.vendor) return { status: 'failed', outcome: 'missing_vendor' };
    await setLinkStatus(tx, userId, event.vendor, 'broken', 'Enode reported the vendor credentials as invalid');
    changes.push({ type: 'vehicleLink.broken', userId, vendor: event.vendor });
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

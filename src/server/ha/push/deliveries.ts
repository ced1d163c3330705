/**
 * Push deliveries to Home Assistant: stored first (so they survive a
 * restart), sent by the worker, retried with back-off on 5xx and timeouts.
 * Per target only the newest data matters: an older pending delivery is
 * superseded by a newer one instead of being sent after it.
 */
import { and, asc, count, eq, gt, inArray, lt, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { haPushDeliveries, haPushTargets, users, vehicles, type HaPushTarget } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { notFound } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { metrics, sampleAtScrape } from '@/server/observability/metrics';
import { effectiveTier, getPlanLimits, type Tier } from '@/server/plans/limits';
import { OutboundRefusedError, postJson, type OutboundResponse } from '@/server/net/outbound';
import { haChargePointStatus } from '@/server/ha/charge-points';
import {
  addressPayload,
  buildChargePointPushPayload,
  buildVehiclePushPayload,
  isVehiclePayload,
  otherVehicleId,
  webhookUrl,
  type PushPayload,
} from './payload';
import { processState } from '@/server/runtime';
import { wakeJob } from '@/server/system/jobs';
import { pollingJob } from '@/server/system/polling-job';
import { disabledReasonText, type DisabledReason } from './disabled-reason';

const PUSH_JOB = 'home assistant push';
/** The worker looks for due deliveries (retries) this often, besides its wake-ups. */
const POLL_MS = 2000;

const BACKOFF_S = [30, 60, 300, 900, 3600, 3 * 3600];
export const MAX_ATTEMPTS = BACKOFF_S.length + 1;
/** A claimed delivery is someone's for this long; after a crash it is retried. */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const BATCH = 20;

type Delivery = typeof haPushDeliveries.$inferSelect;
type Outcome =
  | { kind: 'delivered'; response: OutboundResponse; vehicleId?: string }
  | { kind: 'retry' | 'failed'; error: string; response?: OutboundResponse; disableTarget?: DisabledReason };

/** The enabled targets matching `condition` whose owner's plan includes push. */
async function pushableTargets(db: Db | Tx, condition: SQL) {
  const rows = await db
    .select({ id: haPushTargets.id, vehicleId: haPushTargets.vehicleId, userId: users.id, tier: users.tier, trialEndsAt: users.trialEndsAt })
    .from(haPushTargets)
    .innerJoin(users, eq(users.id, haPushTargets.userId))
    .where(and(condition, eq(haPushTargets.isEnabled, true)));
  if (rows.length === 0) return [];
  const limits = await getPlanLimits(db);
  const tiers = new Map<string, Tier>();
  // One after another: a transaction's queries must not overlap.
  for (const row of rows) if (!tiers.has(row.userId)) tiers.set(row.userId, await effectiveTier({ ...row, id: row.userId }, db));
  return rows.filter((row) => limits[tiers.get(row.userId)!].push);
}

/**
 * Queues each vehicle's current state for each enabled target whose owner's
 * plan includes push, and wakes the worker: the `vehicle.saved` subscriber,
 * run once the save has committed (one query when no vehicle has a target).
 */
export async function pushVehicles(vehicleIds: string[]): Promise<void> {
  const db = await getDb();
  const targets = await pushableTargets(db, inArray(haPushTargets.vehicleId, vehicleIds));
  if (targets.length === 0) return;
  const rows = await db.select().from(vehicles).where(inArray(vehicles.id, [...new Set(targets.map((t) => t.vehicleId!))]));
  const byId = new Map(rows.map((v) => [v.id, v]));
  const at = now();
  const queued = targets
    .filter((t) => byId.has(t.vehicleId!))
    .map((t) => ({ targetId: t.id, payload: buildVehiclePushPayload(byId.get(t.vehicleId!)!, at), nextAttemptAt: at }));
  if (queued.length === 0) return;
  await db.insert(haPushDeliveries).values(queued);
  kickPushWorker();
}

/** Queues the charge point's current status for its targets (they all belong to its owner). */
export async function enqueueChargePointPush(chargePointId: string): Promise<number> {
  const db = await getDb();
  const targets = await pushableTargets(db, eq(haPushTargets.chargePointId, chargePointId));
  if (targets.length === 0) return 0;
  const ownerId = targets[0].userId;
  const payload = buildChargePointPushPayload(ownerId, await haChargePointStatus(ownerId, chargePointId), now());
  await db.insert(haPushDeliveries).values(targets.map((t) => ({ targetId: t.id, payload, nextAttemptAt: now() })));
  return targets.length;
}

const NOT_FOUND_REASON = { vehicle: 'webhook_unknown_vehicle', charge_point: 'webhook_unknown_charge_point' } as const satisfies Record<string, DisabledReason>;

function classify(response: OutboundResponse, subject: keyof typeof NOT_FOUND_REASON, vehicleId?: string): Outcome {
  const { status, body } = response;
  if (status >= 200 && status < 300) {
    if (/ignored/i.test(body)) return { kind: 'failed', error: `Home Assistant ignored the push: ${body}`, response };
    return { kind: 'delivered', response, vehicleId };
  }
  if (status === 404) {
    const reason = NOT_FOUND_REASON[subject];
    // The delivery log is in English; the target's reason is shown in the reader's language.
    return { kind: 'failed', error: disabledReasonText(reason, 'en'), response, disableTarget: reason };
  }
  const error = `Home Assistant answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
  return { kind: status >= 500 || status === 408 || status === 429 ? 'retry' : 'failed', error, response };
}

/** One attempt; for a vehicle, the integration's "different vehicle" answer is retried once with the other id. */
async function attempt(target: HaPushTarget, payload: PushPayload): Promise<Outcome> {
  const options = { allowPrivateAddresses: getConfig().push.allowPrivateAddresses, timeoutMs: TIMEOUT_MS };
  const url = webhookUrl(target);
  try {
    if (!isVehiclePayload(payload)) return classify(await postJson(url, payload, options), 'charge_point');
    let vehicleId = target.registeredVehicleId ?? payload.vehicleId;
    let response = await postJson(url, addressPayload(payload, vehicleId), options);
    if (response.status === 200 && /different vehicle/i.test(response.body)) {
      vehicleId = otherVehicleId(payload, vehicleId);
      response = await postJson(url, addressPayload(payload, vehicleId), options);
    }
    return classify(response, 'vehicle', vehicleId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: error instanceof OutboundRefusedError ? 'failed' : 'retry', error: message };
  }
}

async function record(delivery: Delivery, target: HaPushTarget, outcome: Outcome, retry: boolean) {
  const db = await getDb();
  const at = now();
  const response = { responseStatus: outcome.response?.status ?? null, responseBody: outcome.response?.body ?? null };
  if (outcome.kind === 'delivered') {
    await db.transaction(async (tx) => {
      await tx
        .update(haPushDeliveries)
        .set({ ...response, status: 'delivered', deliveredAt: at, lastError: null })
        .where(eq(haPushDeliveries.id, delivery.id));
      // Anything older still waiting for this target carries staler data.
      await tx
        .update(haPushDeliveries)
        .set({ status: 'superseded' })
        .where(and(eq(haPushDeliveries.targetId, target.id), eq(haPushDeliveries.status, 'pending'), lt(haPushDeliveries.id, delivery.id)));
      await tx
        .update(haPushTargets)
        .set({ lastSuccessAt: at, ...(outcome.vehicleId ? { registeredVehicleId: outcome.vehicleId } : {}) })
        .where(eq(haPushTargets.id, target.id));
    });
    return;
  }
  const willRetry = retry && outcome.kind === 'retry' && delivery.attempts < MAX_ATTEMPTS;
  await db.transaction(async (tx) => {
    await tx
      .update(haPushDeliveries)
      .set({
        ...response,
        lastError: outcome.error,
        status: willRetry ? 'pending' : 'failed',
        nextAttemptAt: willRetry ? new Date(at.getTime() + BACKOFF_S[delivery.attempts - 1] * 1000) : delivery.nextAttemptAt,
      })
      .where(eq(haPushDeliveries.id, delivery.id));
    await tx
      .update(haPushTargets)
      .set({
        lastErrorAt: at,
        lastError: outcome.error,
        ...(outcome.disableTarget ? { isEnabled: false, disabledReason: outcome.disableTarget } : {}),
      })
      .where(eq(haPushTargets.id, target.id));
  });
  if (outcome.disableTarget) {
    emit(
      { type: 'pushTargets.changed', userId: target.userId },
      { type: 'pushTarget.disabled', userId: target.userId, targetId: target.id, reason: outcome.disableTarget },
    );
    getLogger().warn({ targetId: target.id }, 'push target disabled: Home Assistant answered 404');
  }
}

/** Sends one claimed delivery; `retry: false` (a user's test) reports instead of retrying. */
export async function deliver(delivery: Delivery, target: HaPushTarget, retry = true): Promise<Outcome> {
  const outcome = await attempt(target, delivery.payload as PushPayload);
  metrics().pushDeliveries.inc({ outcome: outcome.kind });
  await record(delivery, target, outcome, retry);
  return outcome;
}

/** Sends in flight at once, over all targets; one target has at most one, so a slow one holds only its own slot. */
const MAX_PARALLEL_SENDS = 16;

/**
 * Claims the due deliveries of targets with no send in flight here (skipping
 * rows another worker holds), for as many targets as there are free slots,
 * and starts their sends without waiting for them (each frees its slot and
 * wakes the worker when done). Returns how many targets it started.
 */
async function startDueDeliveries(): Promise<number> {
  const free = MAX_PARALLEL_SENDS - sending.size;
  if (free <= 0) return 0;
  const busy = [...sending.keys()];
  const db = await getDb();
  const at = now();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: haPushDeliveries.id, targetId: haPushDeliveries.targetId })
      .from(haPushDeliveries)
      .where(
        and(
          eq(haPushDeliveries.status, 'pending'),
          lte(haPushDeliveries.nextAttemptAt, at),
          busy.length > 0 ? notInArray(haPushDeliveries.targetId, busy) : undefined,
        ),
      )
      .orderBy(asc(haPushDeliveries.id))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    // Whole targets, no more than the free slots; the rest stay due for the next round.
    const targetIds = new Set([...new Set(due.map((d) => d.targetId))].slice(0, free));
    const ids = due.filter((d) => targetIds.has(d.targetId)).map((d) => d.id);
    if (ids.length === 0) return [];
    return tx
      .update(haPushDeliveries)
      .set({ attempts: sql`${haPushDeliveries.attempts} + 1`, nextAttemptAt: new Date(at.getTime() + LEASE_MS) })
      .where(inArray(haPushDeliveries.id, ids))
      .returning();
  });
  if (claimed.length === 0) return 0;

  const targets = await db
    .select()
    .from(haPushTargets)
    .where(inArray(haPushTargets.id, [...new Set(claimed.map((d) => d.targetId))]));
  for (const target of targets) {
    const send = sendNewest(target, claimed.filter((d) => d.targetId === target.id))
      .catch((error: unknown) => getLogger().error({ err: error, targetId: target.id }, 'push delivery failed'))
      .finally(() => {
        sending.delete(target.id);
        kickPushWorker();
      });
    sending.set(target.id, send);
  }
  return targets.length;
}

/** Sends the newest of a target's claimed deliveries; the older ones, and it too if a newer one exists, are superseded. */
async function sendNewest(target: HaPushTarget, mine: Delivery[]) {
  const db = await getDb();
  mine.sort((a, b) => a.id - b.id);
  const newest = mine.pop()!;
  if (mine.length > 0) {
    await db.update(haPushDeliveries).set({ status: 'superseded' }).where(inArray(haPushDeliveries.id, mine.map((d) => d.id)));
  }
  if (!target.isEnabled) {
    await db
      .update(haPushDeliveries)
      .set({ status: 'failed', lastError: `Target turned off: ${disabledReasonText(target.disabledReason ?? '', 'en')}` })
      .where(eq(haPushDeliveries.id, newest.id));
    return;
  }
  const newer = await db
    .select({ id: haPushDeliveries.id })
    .from(haPushDeliveries)
    .where(and(eq(haPushDeliveries.targetId, target.id), gt(haPushDeliveries.id, newest.id), inArray(haPushDeliveries.status, ['pending', 'delivered'])))
    .limit(1);
  if (newer.length > 0) {
    await db.update(haPushDeliveries).set({ status: 'superseded' }).where(eq(haPushDeliveries.id, newest.id));
    return;
  }
  await deliver(newest, target);
}

/** "Send test": the vehicle's or charge point's current state, sent now, its outcome returned and logged like any delivery. */
export async function sendTestPush(target: HaPushTarget) {
  const db = await getDb();
  const payload = await currentPayload(db, target);
  const [delivery] = await db
    .insert(haPushDeliveries)
    .values({ targetId: target.id, payload, attempts: 1, nextAttemptAt: new Date(now().getTime() + LEASE_MS) })
    .returning();
  return deliver(delivery, target, false);
}

async function currentPayload(db: Db, target: HaPushTarget): Promise<PushPayload> {
  if (target.chargePointId) {
    return buildChargePointPushPayload(target.userId, await haChargePointStatus(target.userId, target.chargePointId), now());
  }
  const [vehicle] = target.vehicleId ? await db.select().from(vehicles).where(eq(vehicles.id, target.vehicleId)) : [];
  if (!vehicle) throw notFound('pushTargetVehicle');
  return buildVehiclePushPayload(vehicle, now());
}

// ---------------------------------------------------------------- the worker loop

/** Target id → its send in flight (sends run beside the worker's passes, each frees its slot when done). */
const sending = processState('pushSends', () => new Map<string, Promise<void>>());

/**
 * Runs while this instance holds the push job (src/server/system/jobs.ts):
 * polls for due deliveries, and at once when one is queued or a send ends.
 */
export const pushWorkerJob = pollingJob(
  PUSH_JOB,
  POLL_MS,
  async () => {
    while ((await startDueDeliveries()) > 0);
  },
  {
    // Where the queue is worked on, its depth is reported.
    onStart: () => sampleAtScrape('ha_push_queue_depth', pendingCount),
    afterStop: () => Promise.all(sending.values()),
  },
);

/** Pushes waiting in the whole cluster, for the metrics (the pending rows are indexed by status). */
async function pendingCount(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(haPushDeliveries).where(eq(haPushDeliveries.status, 'pending'));
  return row?.n ?? 0;
}

/** Something was queued: the worker sends it now, in whichever instance holds the push job. */
export function kickPushWorker() {
  wakeJob(PUSH_JOB);
}

/**
 * Domain events that become notifications (subscribed in
 * events/subscribers.ts, scope `origin`, so one instance queues each): they
 * read what the message says and write the outbox rows, after the
 * producer's commit and without it waiting. Each names its incident, so a
 * replayed event queues nothing new.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { billingNotices, chargePoints, transactions } from '@/server/db/schema';
import type { EventOf } from '@/server/events/domain-events';
import { enqueue, type Notification } from './outbox';
import { wakeNotifications } from './worker';

async function queue(notifications: Notification[]): Promise<void> {
  const db = await getDb();
  if ((await enqueue(db, notifications)) > 0) wakeNotifications();
}

export async function notifySessionFinished({ chargePointId, ocppTransactionId }: EventOf<'session.stopped'>): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, ownerId: chargePoints.ownerId, name: chargePoints.name })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.ocppTransactionId, ocppTransactionId)));
  if (!row?.ownerId || !row.tx.stoppedAt) return;
  const { tx } = row;
  await queue([
    {
      userId: row.ownerId,
      kind: 'session_finished',
      incidentKey: `transaction:${tx.id}`,
      facts: {
        chargePointId,
        chargePointName: row.name,
        energyKwh: tx.energyWh === null ? null : tx.energyWh / 1000,
        durationMinutes: (tx.stoppedAt!.getTime() - tx.startedAt.getTime()) / 60_000,
        cost: tx.cost === null ? null : Number(tx.cost),
        currency: tx.currency,
      },
    },
  ]);
}

export function notifyLinkBroken({ userId, vendor }: EventOf<'vehicleLink.broken'>): Promise<void> {
  // One alert per break: a link that is repaired and breaks again is a new incident (another day).
  return queue([{ userId, kind: 'vehicle_link_broken', incidentKey: `link:${vendor}:${now().toISOString().slice(0, 10)}`, facts: { vendor } }]);
}

export function notifyPushTargetDisabled({ userId, targetId, reason }: EventOf<'pushTarget.disabled'>): Promise<void> {
  return queue([{ userId, kind: 'push_target_disabled', incidentKey: `target:${targetId}:${now().toISOString().slice(0, 10)}`, facts: { reason } }]);
}

export function notifyAllowance({ userId, percent, periodStart, used, limit }: EventOf<'allowance.reached'>): Promise<void> {
  return queue([{ userId, kind: percent === 100 ? 'allowance_100' : 'allowance_80', incidentKey: `period:${periodStart}`, facts: { used, limit } }]);
}

export async function notifyBillingNotice({ userId, kind }: EventOf<'billing.noticeAdded'>): Promise<void> {
  const db = await getDb();
  const [notice] = await db
    .select()
    .from(billingNotices)
    .where(and(eq(billingNotices.userId, userId), eq(billingNotices.kind, kind), isNull(billingNotices.resolvedAt)))
    .orderBy(desc(billingNotices.createdAt))
    .limit(1);
  if (!notice) return;
  await queue([
    { userId, kind: kind === 'payment_failed' ? 'payment_failed' : 'trial_ending', incidentKey: `notice:${notice.id}`, facts: { message: notice.message } },
  ]);
}

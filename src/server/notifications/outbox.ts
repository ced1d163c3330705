import { now } from '@/server/clock';
import type { Db, Tx } from '@/server/db/client';
import { notificationDeliveries } from '@/server/db/schema';
import type { NotificationKind } from './catalog';
import { channelsFor, preferencesOf, quietUntil } from './preferences';

const INSERT_CHUNK = 1000;

export interface Notification {
  userId: string;
  kind: Exclude<NotificationKind, 'test'>;
  /** What makes it one incident: the same key again (a replayed event, a second instance, a restart) queues nothing. */
  incidentKey: string;
  facts: Record<string, unknown>;
}

/**
 * Writes one outbox row per channel the user chose for each notification;
 * inside quiet hours the row waits until they end. Returns how many rows are
 * new (the caller wakes the sender once its transaction has committed).
 */
export async function enqueue(db: Db | Tx, notifications: Notification[]): Promise<number> {
  if (notifications.length === 0) return 0;
  const prefs = await preferencesOf(db, [...new Set(notifications.map((n) => n.userId))]);
  const at = now();
  const rows = notifications.flatMap((n) => {
    const mine = prefs.get(n.userId)!;
    const nextAttemptAt = quietUntil(mine, at) ?? at;
    return channelsFor(mine, n.kind).map((channel) => ({
      userId: n.userId,
      kind: n.kind,
      incidentKey: n.incidentKey,
      channel,
      payload: n.facts,
      nextAttemptAt,
      createdAt: at,
    }));
  });
  let inserted = 0;
  // Chunks keep each statement under PostgreSQL's 65,535 parameters (a mass outage queues thousands).
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    inserted += (await db.insert(notificationDeliveries).values(chunk).onConflictDoNothing().returning({ id: notificationDeliveries.id })).length;
  }
  return inserted;
}

import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { notificationDeliveries, users, type NotificationDelivery } from '@/server/db/schema';
import { render } from './templates';

const LIMIT = 100;

function present(row: NotificationDelivery, locale: string | null = 'en') {
  return {
    id: row.id,
    kind: row.kind,
    title: render(row.kind, row.payload, locale).title,
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    next_attempt_at: row.status === 'queued' ? row.nextAttemptAt.toISOString() : null,
    sent_at: row.sentAt?.toISOString() ?? null,
  };
}

/** The user's newest deliveries, with what became of each; titles in `locale` (the reader's). */
export async function notificationHistory(userId: string, locale: string | null = 'en') {
  const db = await getDb();
  const rows = await db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.userId, userId))
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(LIMIT);
  return rows.map((row) => present(row, locale));
}

/** Failed deliveries of every user, newest first, for administrators. */
export async function notificationFailures() {
  const db = await getDb();
  const rows = await db
    .select({ delivery: notificationDeliveries, email: users.email })
    .from(notificationDeliveries)
    .innerJoin(users, eq(users.id, notificationDeliveries.userId))
    .where(eq(notificationDeliveries.status, 'failed'))
    .orderBy(desc(notificationDeliveries.createdAt))
    .limit(LIMIT);
  return rows.map((r) => ({ ...present(r.delivery), user_email: r.email }));
}

import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { enodeLinks } from '@/server/db/schema';
import { now } from '@/server/clock';

type LinkStatus = (typeof enodeLinks.$inferInsert)['status'];

/** Records the state of a user's link to one vendor (one row per user and vendor). */
export async function setLinkStatus(db: Db | Tx, userId: string, vendor: string, status: LinkStatus, reason: string | null = null) {
  await db
    .insert(enodeLinks)
    .values({ userId, vendor, status, statusReason: reason, updatedAt: now() })
    .onConflictDoUpdate({
      target: [enodeLinks.userId, enodeLinks.vendor],
      set: { status: sql`excluded.status`, statusReason: sql`excluded.status_reason`, updatedAt: sql`excluded.updated_at` },
    });
}

import { eq, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';

export interface BootInfo {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
}

export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

/** Records what the charge point told us about itself and decides its boot status. */
export async function recordBoot(chargePointId: string, ocppVersion: string, info: BootInfo): Promise<BootStatus> {
  const db = await getDb();
  const at = now();
  const [updated] = await db
    .update(chargePoints)
    .set({
      ocppVersion,
      vendor: info.vendor,
      model: info.model,
      serialNumber: info.serialNumber ?? null,
      firmwareVersion: info.firmwareVersion ?? null,
      lastBootAt: at,
      lastSeenAt: at,
      updatedAt: at,
    })
    .where(eq(chargePoints.id, chargePointId))
    .returning({ registrationStatus: chargePoints.registrationStatus });
  if (!updated) return 'Rejected';
  return updated.registrationStatus === 'accepted' ? 'Accepted' : updated.registrationStatus === 'pending' ? 'Pending' : 'Rejected';
}

/**
 * Every message from a charge point moves last_seen_at, which nobody needs to
 * the second (presence.ts allows for this delay when it reads "heard
 * recently"; the holder's own sweep uses memory, registry.ts): they are kept here and written for
 * all charge points in a few UPDATEs every few seconds and at shutdown, instead
 * of one UPDATE per heartbeat. A crash loses at most those seconds of
 * last_seen_at, nothing the charge point was promised. An UPDATE of 100 rows
 * holds the embedded database for a few milliseconds (500 held it for 20 ms,
 * in front of every charge point's message).
 */
export const SEEN_FLUSH_MS = 5_000;
const SEEN_ROWS_PER_UPDATE = 100;

interface SeenBuffer {
  at: Map<string, Date>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

const seen: SeenBuffer = processState<SeenBuffer>('ocppSeen', () => ({ at: new Map() }));

export function recordSeen(chargePointId: string): Date {
  const at = now();
  seen.at.set(chargePointId, at);
  if (!seen.timer) {
    seen.timer = setTimeout(() => void flushSeen(), SEEN_FLUSH_MS);
    seen.timer.unref();
  }
  return at;
}

/** Writes the buffered heartbeats (also at shutdown). */
export async function flushSeen(): Promise<void> {
  clearTimeout(seen.timer);
  seen.timer = undefined;
  await seen.flushing;
  const entries = [...seen.at];
  seen.at.clear();
  if (entries.length === 0) return;
  seen.flushing = (async () => {
    const db = await getDb();
    for (let i = 0; i < entries.length; i += SEEN_ROWS_PER_UPDATE) {
      const chunk = entries.slice(i, i + SEEN_ROWS_PER_UPDATE);
      // Two array parameters rather than a VALUES list: one statement text whatever the count, cheap to build.
      // Uuids and ISO times need no quoting inside an array literal.
      const ids = `{${chunk.map(([id]) => id).join(',')}}`;
      const times = `{${chunk.map(([, at]) => at.toISOString()).join(',')}}`;
      try {
        // greatest(): a status change written meanwhile may already hold a later time.
        await db.execute(sql`update ${chargePoints} set last_seen_at = greatest(last_seen_at, v.at)
          from unnest(${ids}::uuid[], ${times}::timestamptz[]) as v(id, at) where ${chargePoints.id} = v.id`);
      } catch (error) {
        getLogger().error({ err: error, lost: chunk.length }, 'writing heartbeats failed');
      }
    }
  })();
  await seen.flushing;
}

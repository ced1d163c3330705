import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { ocppMessages } from '@/server/db/schema';
import { getOperableChargePoint } from './ownership';

/** An empty query parameter (`?action=`) means no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const messageLogQuery = z.object({
  action: optional(z.string().max(64).regex(/^[A-Za-z0-9]+$/, 'Must be an OCPP action name, such as StatusNotification')),
  /** in: sent by the charge point; out: sent by us. */
  direction: optional(z.enum(['in', 'out'], { message: 'Must be "in" (from the charge point) or "out" (to it)' })),
  /** The cursor: the `next_before` of the previous page. */
  before: optional(z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * One page of a charge point's OCPP message log (its owner's only), newest
 * first, with the cursor for the next page and the actions it holds (for a
 * filter). Bounded: the log holds at most OCPP_EVENTS_PER_CHARGE_POINT rows.
 */
export async function listMessages(ownerId: string, id: string, query: z.infer<typeof messageLogQuery>) {
  const cp = await getOperableChargePoint(ownerId, id);
  const db = await getDb();
  const rows = await db
    .select()
    .from(ocppMessages)
    .where(
      and(
        eq(ocppMessages.chargePointId, cp.id),
        query.action ? eq(ocppMessages.action, query.action) : undefined,
        query.direction ? eq(ocppMessages.direction, query.direction) : undefined,
        query.before ? lt(ocppMessages.id, query.before) : undefined,
      ),
    )
    .orderBy(desc(ocppMessages.id))
    .limit(query.limit + 1);
  const actions = await db
    .selectDistinct({ action: ocppMessages.action })
    .from(ocppMessages)
    .where(and(eq(ocppMessages.chargePointId, cp.id), isNotNull(ocppMessages.action)))
    .orderBy(ocppMessages.action);
  const page = rows.slice(0, query.limit);
  return {
    messages: page.map((m) => ({
      id: m.id,
      direction: m.direction,
      kind: m.kind,
      message_id: m.messageId,
      action: m.action,
      at: m.at.toISOString(),
      payload: m.payload,
    })),
    next_before: rows.length > query.limit ? page[page.length - 1].id : null,
    actions: actions.map((a) => a.action as string),
  };
}

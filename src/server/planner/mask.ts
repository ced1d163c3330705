import { eq } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePlans } from '@/server/db/schema';
import type { PlanMask } from './plan';

/** The mask as stored in `charge_plans.mask` (ISO strings). */
export interface StoredMask {
  startAt: string;
  on: Array<{ start: string; end: string }>;
  until: string;
}

export const maskFromRow = (mask: StoredMask | null | undefined): PlanMask | null =>
  mask ? { startAt: new Date(mask.startAt), on: mask.on.map((w) => ({ start: new Date(w.start), end: new Date(w.end) })), until: new Date(mask.until) } : null;

/** The windows a session's plan lets it charge in, as load balancing puts them in its profile (rebalance.ts); null: no plan. */
export async function planMaskOf(transactionId: string): Promise<PlanMask | null> {
  const db = await getDb();
  const [row] = await db.select({ mask: chargePlans.mask }).from(chargePlans).where(eq(chargePlans.transactionId, transactionId));
  return maskFromRow(row?.mask);
}

/**
 * Whether the plan lets the session draw at `at`: inside one of its windows,
 * or from departure (`until`) on. No plan: always. Load balancing gives a
 * session its share only then; between windows the others get it.
 */
export function planAllowsAt(mask: PlanMask | null, at: Date): boolean {
  if (!mask) return true;
  const t = at.getTime();
  if (t >= mask.until.getTime()) return true;
  return mask.on.some((w) => w.start.getTime() <= t && t < Math.min(w.end.getTime(), mask.until.getTime()));
}

/** The next moment after `at` when `planAllowsAt` may change (a window's start or end, or departure); null: none. */
export function nextPlanEdge(mask: PlanMask | null, at: Date): Date | null {
  if (!mask) return null;
  const t = at.getTime();
  const edges = [mask.until, ...mask.on.flatMap((w) => [w.start, w.end])].map((d) => d.getTime()).filter((e) => e > t && e <= mask.until.getTime());
  return edges.length ? new Date(Math.min(...edges)) : null;
}

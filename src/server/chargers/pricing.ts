import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, sites, tariffs, transactions } from '@/server/db/schema';
import { increases } from './energy-intervals';
import { transactionReadings, withStartStop } from './energy-export';
import { tariffCost } from './tariff-cost';

/**
 * Prices a stopped transaction with its charge point's tariff: each
 * 15-minute interval's energy at that interval's price in the site's local
 * time (`tariffCost`; UTC without a site). Set
 * once (a replayed stop changes nothing) unless `again`: readings that
 * arrived after the stop (a charge point's offline queue) are priced too. No
 * tariff, no cost.
 */
export async function priceTransaction(transactionId: string, { again = false } = {}): Promise<void> {
  const unpriced = again ? undefined : isNull(transactions.cost);
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, tariff: tariffs, timeZone: sites.timeZone })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .innerJoin(tariffs, and(eq(tariffs.id, chargePoints.tariffId), eq(tariffs.ownerId, chargePoints.ownerId)))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .where(and(eq(transactions.id, transactionId), unpriced));
  if (!row?.tx.stoppedAt) return;
  const { tx, tariff } = row;
  const readings = (await transactionReadings([tx.id])).get(tx.id)!;
  const cost = tariffCost(tariff, increases(withStartStop(tx, readings)), row.timeZone ?? 'UTC');
  await db
    .update(transactions)
    .set({ cost: cost.toFixed(4), currency: tariff.currency })
    .where(and(eq(transactions.id, tx.id), unpriced));
}

/** Per transaction: the run of `priceTransaction` that has not started yet, and the newest run (OCPP handlers only, in server.ts's process). */
const nextRun = new Map<string, Promise<void>>();
const lastRun = new Map<string, Promise<void>>();

/**
 * Prices an ended transaction again for readings that arrived after its end.
 * Runs for one transaction never overlap, and every call made while one runs
 * shares the one run after it: a flood of late events costs at most one
 * pricing at a time, yet each caller returns only once a run that started
 * after its readings were stored has finished.
 */
export function repriceTransaction(transactionId: string): Promise<void> {
  const queued = nextRun.get(transactionId);
  if (queued) return queued;
  const previous = lastRun.get(transactionId) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(() => {
      nextRun.delete(transactionId);
      return priceTransaction(transactionId, { again: true });
    })
    .finally(() => {
      if (lastRun.get(transactionId) === run) lastRun.delete(transactionId);
    });
  nextRun.set(transactionId, run);
  lastRun.set(transactionId, run);
  return run;
}

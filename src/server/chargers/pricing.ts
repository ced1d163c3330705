import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, tariffs, transactions } from '@/server/db/schema';
import { intervalEnergy } from './energy-intervals';
import { transactionReadings, withStartStop } from './energy-export';
import { priceAt } from './tariffs';

/**
 * Prices a stopped transaction with its charge point's tariff: each
 * 15-minute interval's energy at that interval's price. Set once (a replayed
 * stop changes nothing) unless `again`: readings that arrived after the stop
 * (a charge point's offline queue) are priced too. No tariff, no cost.
 */
export async function priceTransaction(transactionId: string, { again = false } = {}): Promise<void> {
  const unpriced = again ? undefined : isNull(transactions.cost);
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, tariff: tariffs })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .innerJoin(tariffs, and(eq(tariffs.id, chargePoints.tariffId), eq(tariffs.ownerId, chargePoints.ownerId)))
    .where(and(eq(transactions.id, transactionId), unpriced));
  if (!row?.tx.stoppedAt) return;
  const { tx, tariff } = row;
  const readings = (await transactionReadings([tx.id])).get(tx.id)!;
  let cost = 0;
  // No clipping: every reading of the transaction counts.
  for (const [start, wh] of intervalEnergy(withStartStop(tx, readings), new Date(0), new Date(8.64e15))) {
    cost += (wh / 1000) * priceAt(tariff, new Date(start));
  }
  await db
    .update(transactions)
    .set({ cost: cost.toFixed(4), currency: tariff.currency })
    .where(and(eq(transactions.id, tx.id), unpriced));
}

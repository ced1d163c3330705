import { and, eq, gte, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, sites, tariffs, transactions, type Tariff } from '@/server/db/schema';
import { increases, type Increase } from './energy-intervals';
import { transactionReadings, withStartStop } from './energy-export';
import { livePowerOf, totalPower } from './live-power';
import { tariffCost } from './tariff-cost';

const DAY_MS = 86_400_000;

/**
 * Where "today" and "this month" begin for the reader. The server does not
 * know the reader's time zone; the browser does, and sends its own local
 * midnights as instants. Bounded so that a request cannot ask for years.
 */
export const energyTotalsQuery = z
  .object({
    day_start: z.iso.datetime({ offset: true }),
    month_start: z.iso.datetime({ offset: true }),
  })
  .transform((q) => ({ dayStart: new Date(q.day_start), monthStart: new Date(q.month_start) }))
  .refine(({ dayStart, monthStart }) => monthStart <= dayStart && dayStart.getTime() - monthStart.getTime() <= 31 * DAY_MS, {
    message: 'month_start must be at most 31 days before day_start',
    path: ['month_start'],
  })
  .refine(({ dayStart }) => Math.abs(now().getTime() - dayStart.getTime()) <= 2 * DAY_MS, {
    message: 'day_start must be within two days of now',
    path: ['day_start'],
  });

/** The part of an increase inside [from, to), spread evenly like the increase itself. */
function clip({ t0, t1, wh }: Increase, from: number, to: number): Increase | undefined {
  const start = Math.max(t0, from);
  const end = Math.min(t1, to);
  return end > start ? { t0: start, t1: end, wh: (wh * (end - start)) / (t1 - t0) } : undefined;
}

interface Period {
  energy_wh: number;
  /** Per currency (tariffs may differ between charge points); sessions on a charge point without a tariff cost nothing. */
  cost: { currency: string; amount: number }[];
}

function periodTotal(sessions: { energy: Increase[]; tariff: Tariff | null; timeZone: string }[], from: number, to: number): Period {
  let energyWh = 0;
  const cost = new Map<string, number>();
  for (const { energy, tariff, timeZone } of sessions) {
    const inside = energy.map((i) => clip(i, from, to)).filter((i) => i !== undefined);
    energyWh += inside.reduce((sum, i) => sum + i.wh, 0);
    if (tariff && inside.length > 0) cost.set(tariff.currency, (cost.get(tariff.currency) ?? 0) + tariffCost(tariff, inside, timeZone));
  }
  return { energy_wh: energyWh, cost: [...cost].map(([currency, amount]) => ({ currency, amount })) };
}

/**
 * The owner's charging across all charge points: energy and cost today and
 * this month (the same readings and tariff rule as the CSV export and the
 * sessions' prices), and the power drawn now.
 */
export async function energyTotals(ownerId: string, { dayStart, monthStart }: { dayStart: Date; monthStart: Date }) {
  const db = await getDb();
  const at = now();
  const rows = await db
    .select({ tx: transactions, tariff: tariffs, timeZone: sites.timeZone })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(tariffs, and(eq(tariffs.id, chargePoints.tariffId), eq(tariffs.ownerId, chargePoints.ownerId)))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .where(and(eq(chargePoints.ownerId, ownerId), lt(transactions.startedAt, at), or(isNull(transactions.stoppedAt), gte(transactions.stoppedAt, monthStart))));
  const readings = await transactionReadings(rows.map((r) => r.tx.id));
  const sessions = rows.map(({ tx, tariff, timeZone }) => ({ energy: increases(withStartStop(tx, readings.get(tx.id)!)), tariff, timeZone: timeZone ?? 'UTC' }));
  const open = rows.filter((r) => r.tx.stoppedAt === null).map((r) => r.tx);
  const power = await livePowerOf(open);
  const perChargePoint = [...new Set(open.map((t) => t.chargePointId))].map((cpId) =>
    totalPower(new Set(open.filter((t) => t.chargePointId === cpId).map((t) => t.evseId)), power.get(cpId)),
  );
  const end = at.getTime() + 1;
  return {
    today: periodTotal(sessions, dayStart.getTime(), end),
    month: periodTotal(sessions, monthStart.getTime(), end),
    /** Null while running sessions have no power reading yet. */
    power_w: perChargePoint.some((w) => w !== null) ? perChargePoint.reduce<number>((sum, w) => sum + (w ?? 0), 0) : open.length === 0 ? 0 : null,
    active_sessions: open.length,
  };
}

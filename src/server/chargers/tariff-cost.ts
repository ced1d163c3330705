import type { Tariff } from '@/server/db/schema';
import { INTERVAL_MS, type Increase } from './energy-intervals';
import { priceAt } from './tariffs';

const DAY_MS = 86_400_000;
const SLOTS_PER_DAY = DAY_MS / INTERVAL_MS;

/**
 * The cost of a session's register increases (`increases`): each 15-minute
 * interval's energy at the price of the interval's start (its UTC time
 * block). A tariff repeats every UTC day, so the price integrated over time
 * is closed-form: whole days times one day's integral, plus a part of a day.
 * The work is one step per increase (plus 96 slots once), whatever span the
 * readings claim; a loop over the intervals took seconds for a session that
 * claimed decades.
 */
export function tariffCost(tariff: Pick<Tariff, 'pricePerKwh' | 'timeBlocks'>, energy: Increase[]): number {
  const slotPrice = Array.from({ length: SLOTS_PER_DAY }, (_, i) => priceAt(tariff, new Date(i * INTERVAL_MS)));
  // beforeSlot[i]: the day's price integral (price × ms) up to the start of slot i.
  const beforeSlot = [0];
  for (const price of slotPrice) beforeSlot.push(beforeSlot[beforeSlot.length - 1] + price * INTERVAL_MS);
  const fullDay = beforeSlot[SLOTS_PER_DAY];

  /** ∫ price dt over [0, t) for t ≥ 0 ms after a UTC midnight. */
  const integral = (t: number) => {
    const days = Math.floor(t / DAY_MS);
    const inDay = t - days * DAY_MS;
    const slot = Math.min(Math.floor(inDay / INTERVAL_MS), SLOTS_PER_DAY - 1);
    return days * fullDay + beforeSlot[slot] + (inDay - slot * INTERVAL_MS) * slotPrice[slot];
  };

  let cost = 0;
  for (const { t0, t1, wh } of energy) {
    // Counted from t0's day, so the integrals stay small and exact enough for a short span.
    const day = Math.floor(t0 / DAY_MS) * DAY_MS;
    // An increase spread evenly over (t0, t1] costs its kWh at the time-weighted mean price of that span.
    cost += (wh / 1000) * ((integral(t1 - day) - integral(t0 - day)) / (t1 - t0));
  }
  return cost;
}

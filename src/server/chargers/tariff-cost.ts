import type { Tariff } from '@/server/db/schema';
import type { Increase } from './energy-intervals';
import { offsetMs } from './local-time';
import { priceAtMinute } from './tariffs';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Longer increases (a charge point offline for days) price their whole middle days at the day's mean price. */
const EXACT_SPAN_MS = 2 * DAY_MS;

type Priced = Pick<Tariff, 'pricePerKwh' | 'timeBlocks'>;

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** The instant in (lo, hi] where the zone's offset first differs from `off` (offsets change on whole seconds). */
function transitionIn(lo: number, hi: number, off: number, timeZone: string): number {
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetMs(mid * 1000, timeZone) === off) a = mid;
    else b = mid;
  }
  return Math.max(b * 1000, lo + 1);
}

/**
 * A tariff in one zone, priced over real (UTC) time: each local 15-minute
 * slot at the price of its start (the same rule as the 15-minute CSV and
 * invoices), and every run of slots with one price, cut where the offset
 * changes, is one piece. A 23-hour day simply has no 02:00–03:00 piece, a 25-hour day
 * has it twice.
 */
function pricer(tariff: Priced, timeZone: string) {
  // Each local 15-minute slot costs the price at its start; runs of equal slots are one piece.
  const slotPrice = Array.from({ length: 96 }, (_, k) => priceAtMinute(tariff, k * 15));
  const edges = [0];
  for (let k = 1; k < 96; k++) if (slotPrice[k] !== slotPrice[k - 1]) edges.push(k * 15);
  edges.push(1440);
  const prices = edges.slice(0, -1).map((m) => slotPrice[m / 15]);
  // The mean price of a 24-hour local day, for the middle of very long increases.
  const dayMean = prices.reduce((sum, p, i) => sum + p * (edges[i + 1] - edges[i]), 0) / 1440;

  /** ∫ price dt over [a, b) (price × ms), one step per block edge or offset change inside. */
  function walk(a: number, b: number): number {
    let sum = 0;
    let cur = a;
    while (cur < b) {
      const off = offsetMs(cur, timeZone);
      const local = cur + off;
      const inDay = mod(local, DAY_MS);
      let i = 0;
      while (edges[i + 1] * MINUTE_MS <= inDay) i++;
      let end = Math.min(b, cur + edges[i + 1] * MINUTE_MS - inDay);
      if (offsetMs(end - 1, timeZone) !== off) end = transitionIn(cur, end - 1, off, timeZone);
      sum += prices[i] * (end - cur);
      cur = end;
    }
    return sum;
  }

  return (a: number, b: number): number => {
    if (b - a <= EXACT_SPAN_MS) return walk(a, b);
    // Whole 24-hour days at the day's mean price, the rest (one to two days) exactly: bounded work for a claimed span of decades.
    // Exact unless such a span crosses an offset change, whose hour is then priced at the mean.
    const days = Math.floor((b - a) / DAY_MS) - 1;
    return days * DAY_MS * dayMean + walk(a + days * DAY_MS, b);
  };
}

/**
 * The cost of a session's register increases (`increases`): each
 * 15-minute interval's energy at the price of the interval's start in the
 * site's local time (`timeZone`, IANA; UTC without a site), so a block from
 * 22:00 stays at 22:00 on both sides of a daylight-saving change and the 23-
 * and 25-hour days are priced by the hours they really have. The work is a few steps per increase (one per block edge or offset
 * change it spans, at most two days' worth), whatever span the readings
 * claim: longer increases price their middle days at the day's mean price.
 */
export function tariffCost(tariff: Priced, energy: Increase[], timeZone: string): number {
  const integral = pricer(tariff, timeZone);
  let cost = 0;
  for (const { t0, t1, wh } of energy) {
    if (!(t1 > t0)) continue;
    cost += (wh / 1000) * (integral(t0, t1) / (t1 - t0));
  }
  return cost;
}

/**
 * 15-minute energy intervals (the load-profile format ZEV / tenant billing
 * uses), from energy register readings. Pure functions; the database side is
 * in energy-export.ts.
 *
 * Rule: readings are sorted by time and one reading per instant is kept (a
 * resent sample adds nothing). The increase between two consecutive readings
 * is spread evenly over the time between them, so an increase that spans an
 * interval (or month) boundary is split in proportion to the time on each
 * side. The register only grows: a reading below the highest one seen so far
 * adds nothing, and the increase is counted from that highest reading, so a
 * glitch down and back up is not counted twice.
 */

export const INTERVAL_MS = 15 * 60_000;

export interface Reading {
  at: Date;
  wh: number;
}

/** An increase of the register, spread evenly over (t0, t1] (epoch ms). */
export interface Increase {
  t0: number;
  t1: number;
  wh: number;
}

/**
 * The register's increases between consecutive readings, by the rule above;
 * one per reading at most. Readings that are not finite numbers at a valid
 * time (rows stored before values were checked) count as no reading.
 */
export function increases(readings: Reading[]): Increase[] {
  const byTime = new Map<number, number>();
  for (const r of readings) {
    const t = r.at.getTime();
    if (Number.isFinite(t) && Number.isFinite(r.wh) && !byTime.has(t)) byTime.set(t, r.wh);
  }
  const points = [...byTime].sort((a, b) => a[0] - b[0]);
  const out: Increase[] = [];
  let highest = points[0]?.[1] ?? 0;
  for (let i = 1; i < points.length; i++) {
    const [t0] = points[i - 1];
    const [t1, wh] = points[i];
    if (wh <= highest) continue;
    out.push({ t0, t1, wh: wh - highest });
    highest = wh;
  }
  return out;
}

/**
 * Energy per interval start (epoch ms), only intervals inside [from, to):
 * the range (a month) bounds the work and the result, whatever span the
 * readings claim.
 */
export function intervalEnergy(readings: Reading[], from: Date, to: Date): Map<number, number> {
  const out = new Map<number, number>();
  for (const increase of increases(readings)) spread(out, increase, from.getTime(), to.getTime());
  return out;
}

/** Adds the increase to the intervals of [from, to) it overlaps, in proportion to the time in each. */
function spread(out: Map<number, number>, { t0, t1, wh }: Increase, from: number, to: number) {
  const start = Math.max(t0, from);
  const end = Math.min(t1, to);
  for (let bucket = start - mod(start, INTERVAL_MS); bucket < end; bucket += INTERVAL_MS) {
    const overlap = Math.min(end, bucket + INTERVAL_MS) - Math.max(start, bucket);
    // The share first: a huge increase times a long overlap would overflow.
    if (overlap > 0) out.set(bucket, (out.get(bucket) ?? 0) + wh * (overlap / (t1 - t0)));
  }
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

/** The UTC month `YYYY-MM` as [from, to). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}

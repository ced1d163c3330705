/**
 * The charging planner, the pure part: which parts of the time until
 * departure a session charges in, so the car reaches its target battery level
 * at the lowest price (or with the most forecast solar, "greenest").
 *
 * Units: energy at the wall (what the charge point meters and the price
 * applies to) is the car's energy divided by the charging efficiency. A slot
 * is charged at the charge point's full power from its start for as long as
 * it takes (whole minutes, rounded up, so rounding never leaves the car short);
 * a car cannot charge on less than the minimum current, so one partly used
 * slot at full power beats a whole slot at a fraction of it.
 */

export interface PriceSlot {
  start: Date;
  end: Date;
  /** Null: no price known for this time (it is used last, and the cost is unknown). */
  pricePerKwh: number | null;
  /** Forecast solar production during the slot, W; null when none was given. */
  pvForecastW?: number | null;
}

export type PlanStrategy = 'cheapest' | 'greenest';

export interface PlanInput {
  now: Date;
  departure: Date;
  /** The car's battery level now, percent. */
  batteryLevel: number;
  targetLevel: number;
  /** Usable battery capacity, kWh. */
  capacityKwh: number;
  /** The charge point's power for this session, W (current × phases × voltage). */
  powerW: number;
  /** Charging efficiency, 0 < e ≤ 1: wall energy = battery energy / e. */
  efficiency: number;
  /** Price slots; the time between now and departure that no slot covers has no known price. */
  slots: PriceSlot[];
  strategy: PlanStrategy;
}

export interface PlannedSlot {
  start: Date;
  end: Date;
  /** Wall energy charged in this window, kWh. */
  energyKwh: number;
  pricePerKwh: number | null;
  /** Null when the price is unknown. */
  cost: number | null;
  pvForecastW: number | null;
}

export interface PlanResult {
  /** Wall energy needed to reach the target, kWh (0 when the car is at or above it). */
  energyNeededKwh: number;
  /** Windows to charge in, in time order, each at full power from start to end. */
  slots: PlannedSlot[];
  /** Energy the planned windows deliver at the wall, kWh. */
  plannedEnergyKwh: number;
  /** Sum of the planned windows' costs; null when one of them has no known price. */
  expectedCost: number | null;
  /** Whether the target is reached by departure. */
  reachable: boolean;
  /** When the planned charging ends (the target reached, or departure when it cannot be). */
  finishesAt: Date | null;
  /** The earliest time the target can be reached: charging at full power from now. */
  earliestCompletion: Date;
  /** Greenest asked but no slot has a solar forecast: planned as cheapest. */
  fellBackToCheapest: boolean;
}

const MINUTE = 60_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Wall energy, kWh, to bring the battery from `level` to `target` percent. */
export function energyNeededKwh(level: number, target: number, capacityKwh: number, efficiency: number): number {
  if (target <= level) return 0;
  return ((target - level) / 100) * capacityKwh / efficiency;
}

/** Minutes at `powerW` to deliver `kwh`, rounded up to a whole minute. */
export function minutesFor(kwh: number, powerW: number): number {
  // The small tolerance keeps 60.0000000001 minutes (float noise) at 60.
  return Math.ceil((kwh * 1000 * 60) / powerW - 1e-9);
}

interface Window {
  start: number;
  end: number;
  price: number | null;
  pv: number | null;
}

/** The time between now and departure, cut at every slot edge; gaps have an unknown price. */
function windows(slots: PriceSlot[], from: number, to: number): Window[] {
  const sorted = [...slots].sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: Window[] = [];
  let at = from;
  for (const s of sorted) {
    const start = Math.max(s.start.getTime(), at);
    const end = Math.min(s.end.getTime(), to);
    if (end <= start) continue;
    if (start > at) out.push({ start: at, end: start, price: null, pv: null });
    out.push({ start, end, price: s.pricePerKwh, pv: s.pvForecastW ?? null });
    at = end;
    if (at >= to) break;
  }
  if (at < to) out.push({ start: at, end: to, price: null, pv: null });
  return out;
}

export function planCharging(input: PlanInput): PlanResult {
  const { now, departure, powerW } = input;
  if (!(powerW > 0)) throw new RangeError('powerW must be positive');
  if (!(input.efficiency > 0 && input.efficiency <= 1)) throw new RangeError('efficiency must be in (0, 1]');
  const needed = energyNeededKwh(input.batteryLevel, input.targetLevel, input.capacityKwh, input.efficiency);
  const neededMinutes = minutesFor(needed, powerW);
  const earliestCompletion = new Date(now.getTime() + neededMinutes * MINUTE);
  // Windows start on whole minutes, so a plan's edges are minutes too.
  const from = Math.ceil(now.getTime() / MINUTE) * MINUTE;
  const to = Math.floor(departure.getTime() / MINUTE) * MINUTE;
  const all = to > from ? windows(input.slots, from, to) : [];
  const anyPv = all.some((w) => w.pv != null && w.pv > 0);
  const greenest = input.strategy === 'greenest' && anyPv;
  const solarShare = (w: Window) => Math.min(1, (w.pv ?? 0) / powerW);
  const price = (w: Window) => w.price ?? Infinity;
  const order = [...all].sort(
    (a, b) =>
      (greenest ? solarShare(b) - solarShare(a) : 0) ||
      price(a) - price(b) ||
      // Among equal ones, the earlier: the car is ready sooner and a later re-plan has more room.
      a.start - b.start,
  );
  const chosen: Window[] = [];
  let minutesLeft = neededMinutes;
  for (const w of order) {
    if (minutesLeft <= 0) break;
    const length = (w.end - w.start) / MINUTE;
    const take = Math.min(length, minutesLeft);
    chosen.push({ ...w, end: w.start + take * MINUTE });
    minutesLeft -= take;
  }
  chosen.sort((a, b) => a.start - b.start);
  const slots: PlannedSlot[] = chosen.map((w) => {
    const energyKwh = (((w.end - w.start) / MINUTE) * powerW) / 60_000;
    return {
      start: new Date(w.start),
      end: new Date(w.end),
      energyKwh: round(energyKwh, 3),
      pricePerKwh: w.price,
      cost: w.price == null ? null : round(energyKwh * w.price, 4),
      pvForecastW: w.pv,
    };
  });
  // The last window delivers up to a minute more than needed: count only what is needed.
  const plannedEnergyKwh = round(Math.min(needed, slots.reduce((sum, s) => sum + (((s.end.getTime() - s.start.getTime()) / MINUTE) * powerW) / 60_000, 0)), 3);
  const costs = slots.map((s) => s.cost);
  const expectedCost = costs.includes(null) ? null : round(costs.reduce<number>((sum, c) => sum + c!, 0), 4);
  const reachable = minutesLeft <= 0;
  return {
    energyNeededKwh: round(needed, 3),
    slots,
    plannedEnergyKwh,
    expectedCost,
    reachable,
    finishesAt: slots.length ? slots[slots.length - 1].end : null,
    earliestCompletion,
    fellBackToCheapest: input.strategy === 'greenest' && !anyPv,
  };
}

/** Merges touching windows into the on-periods of a charging schedule. */
export function onPeriods(slots: Pick<PlannedSlot, 'start' | 'end'>[]): Array<{ start: Date; end: Date }> {
  const out: Array<{ start: Date; end: Date }> = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last.end.getTime() >= s.start.getTime()) last.end = new Date(Math.max(last.end.getTime(), s.end.getTime()));
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * A tariff as price slots between two instants: one slot per 15 minutes (every
 * time zone's offset is a multiple of 15 minutes, so block edges in local time
 * fall on these), equal neighbours merged.
 */
export function tariffSlots(priceOf: (at: Date) => number, from: Date, to: Date): PriceSlot[] {
  const step = 15 * MINUTE;
  const out: PriceSlot[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step) {
    const price = priceOf(new Date(t));
    const last = out[out.length - 1];
    if (last && last.pricePerKwh === price) last.end = new Date(t + step);
    else out.push({ start: new Date(t), end: new Date(t + step), pricePerKwh: price });
  }
  return out;
}

/** Pushed slots first; the tariff fills what they leave uncovered. */
export function mergeSlots(pushed: PriceSlot[], fallback: PriceSlot[]): PriceSlot[] {
  const sorted = [...pushed].sort((a, b) => a.start.getTime() - b.start.getTime());
  const out: PriceSlot[] = [...sorted];
  for (const f of fallback) {
    let pieces = [{ start: f.start.getTime(), end: f.end.getTime() }];
    for (const p of sorted) {
      const ps = p.start.getTime();
      const pe = p.end.getTime();
      pieces = pieces.flatMap((x) => {
        if (pe <= x.start || ps >= x.end) return [x];
        return [
          ...(ps > x.start ? [{ start: x.start, end: ps }] : []),
          ...(pe < x.end ? [{ start: pe, end: x.end }] : []),
        ];
      });
    }
    for (const x of pieces) out.push({ start: new Date(x.start), end: new Date(x.end), pricePerKwh: f.pricePerKwh, pvForecastW: null });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The time of day `hhmm` ("07:30") next after `after`, in `timeZone` (a time DST skips becomes the first minute after it). */
export function nextLocalTime(hhmm: string, after: Date, timeZone: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  const target = h * 60 + m;
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const local = (t: number) => {
    const [lh, lm] = fmt.format(new Date(t)).split(':').map(Number);
    return lh * 60 + lm;
  };
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  let previous = local(t - MINUTE);
  for (let i = 0; i < 2 * 24 * 60; i++, t += MINUTE) {
    const l = local(t);
    // Reached, or jumped over (DST forward) without wrapping past midnight.
    if (l === target || (previous < target && l > target)) return new Date(t);
    previous = l;
  }
  return new Date(after.getTime() + 24 * 60 * MINUTE);
}

/** When a plan lets the session draw: only in `on` windows between `startAt` and `until`; from `until` on (departure) freely again. */
export interface PlanMask {
  startAt: Date;
  on: Array<{ start: Date; end: Date }>;
  until: Date;
}

export interface SchedulePeriod {
  startPeriod: number;
  limit: number;
  numberPhases: number;
}

/**
 * The periods of an Absolute charging schedule starting at `mask.startAt`:
 * `limit` inside the planned windows, 0 A outside them until departure,
 * `limit` again from departure (no duration: the profile keeps capping the
 * session at its share after the plan ends). Offsets are whole seconds,
 * strictly increasing, neighbours with the same limit merged.
 */
export function schedulePeriods(mask: PlanMask, limit: number, numberPhases: number): SchedulePeriod[] {
  const t0 = mask.startAt.getTime();
  const until = mask.until.getTime();
  const edges: Array<[number, number]> = [[t0, 0]];
  for (const w of onPeriods(mask.on)) {
    const s = Math.max(w.start.getTime(), t0);
    const e = Math.min(w.end.getTime(), until);
    if (e <= s) continue;
    edges.push([s, limit], [e, 0]);
  }
  edges.push([Math.max(until, t0), limit]);
  const out: SchedulePeriod[] = [];
  for (const [t, l] of edges) {
    const startPeriod = Math.round((t - t0) / 1000);
    const last = out[out.length - 1];
    if (last && last.startPeriod === startPeriod) last.limit = l;
    else out.push({ startPeriod, limit: l, numberPhases });
  }
  return out.filter((p, i) => i === 0 || p.limit !== out[i - 1].limit);
}

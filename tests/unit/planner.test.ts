import { describe, expect, it } from 'vitest';
import { priceAt } from '@/server/chargers/tariffs';
import {
  energyNeededKwh,
  mergeSlots,
  minutesFor,
  nextLocalTime,
  onPeriods,
  planCharging,
  schedulePeriods,
  tariffSlots,
  type PlanInput,
  type PriceSlot,
} from '@/server/planner/plan';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);

/** Hourly slots from `start` with these prices. */
const hourly = (start: string, prices: number[], pv?: number[]): PriceSlot[] =>
  prices.map((p, i) => ({
    start: new Date(Date.parse(start) + i * H),
    end: new Date(Date.parse(start) + (i + 1) * H),
    pricePerKwh: p,
    pvForecastW: pv?.[i] ?? null,
  }));

const base = (over: Partial<PlanInput>): PlanInput => ({
  now: at('2026-03-10T18:00:00Z'),
  departure: at('2026-03-11T06:00:00Z'),
  batteryLevel: 40,
  targetLevel: 80,
  capacityKwh: 60,
  powerW: 11_000,
  efficiency: 0.9,
  slots: [],
  strategy: 'cheapest',
  ...over,
});

const totalMinutes = (r: ReturnType<typeof planCharging>) => r.slots.reduce((s, x) => s + (x.end.getTime() - x.start.getTime()) / 60_000, 0);

describe('planCharging', () => {
  it('reaches the target by departure in the cheapest hours, in time order, at the expected cost', () => {
    const prices = [0.4, 0.35, 0.3, 0.28, 0.12, 0.1, 0.11, 0.25, 0.2, 0.3, 0.32, 0.33];
    const r = planCharging(base({ slots: hourly('2026-03-10T18:00:00Z', prices) }));
    // 40 % of 60 kWh at 90 %: 26.667 kWh at 11 kW = 145.45 min -> 146 min.
    expect(r.energyNeededKwh).toBeCloseTo(26.667, 3);
    expect(totalMinutes(r)).toBe(146);
    expect(r.reachable).toBe(true);
    // The two cheapest hours (23:00 0.10, 22:00 0.12... 24:00 0.11) then part of the next cheapest.
    expect(r.slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-03-10T22:00:00.000Z', '2026-03-10T22:26:00.000Z'],
      ['2026-03-10T23:00:00.000Z', '2026-03-11T00:00:00.000Z'],
      ['2026-03-11T00:00:00.000Z', '2026-03-11T01:00:00.000Z'],
    ]);
    const cost = (11 * 26) / 60 * 0.12 + 11 * 0.1 + 11 * 0.11;
    expect(r.expectedCost).toBeCloseTo(cost, 3);
    expect(r.finishesAt?.toISOString()).toBe('2026-03-11T01:00:00.000Z');
    // Nothing cheaper was left unused: every unplanned hour costs at least the dearest planned one.
    const used = new Set(r.slots.map((s) => s.pricePerKwh));
    expect(Math.min(...prices.filter((p) => !used.has(p)))).toBeGreaterThanOrEqual(Math.max(...used as Set<number>));
  });

  it('reports an unreachable target with the earliest possible time, charging in every minute there is', () => {
    const r = planCharging(base({ departure: at('2026-03-10T19:30:00Z'), slots: hourly('2026-03-10T18:00:00Z', [0.3, 0.2]) }));
    expect(r.reachable).toBe(false);
    expect(totalMinutes(r)).toBe(90);
    expect(r.earliestCompletion.toISOString()).toBe('2026-03-10T20:26:00.000Z');
    expect(r.plannedEnergyKwh).toBeCloseTo(16.5, 3);
  });

  it('needs nothing when the car is at or above the target', () => {
    const r = planCharging(base({ batteryLevel: 85, slots: hourly('2026-03-10T18:00:00Z', [0.3]) }));
    expect(r).toMatchObject({ energyNeededKwh: 0, slots: [], reachable: true, finishesAt: null, expectedCost: 0 });
  });

  it('cuts at slot boundaries: a plan made mid-slot starts at the next whole minute, and 15-minute slots are used whole', () => {
    const slots: PriceSlot[] = [0.3, 0.1, 0.1, 0.3, 0.05, 0.3].map((p, i) => ({
      start: new Date(Date.parse('2026-03-10T18:00:00Z') + i * 15 * 60_000),
      end: new Date(Date.parse('2026-03-10T18:00:00Z') + (i + 1) * 15 * 60_000),
      pricePerKwh: p,
    }));
    const r = planCharging(
      base({ now: at('2026-03-10T18:07:30Z'), departure: at('2026-03-10T19:30:00Z'), batteryLevel: 70, targetLevel: 80, capacityKwh: 49.5, slots }),
    );
    // 10 % of 49.5 kWh / 0.9 = 5.5 kWh at 11 kW = 30 min exactly: no extra minute from float noise.
    expect(totalMinutes(r)).toBe(30);
    expect(r.slots.map((s) => [s.start.toISOString(), s.end.toISOString(), s.pricePerKwh])).toEqual([
      ['2026-03-10T18:15:00.000Z', '2026-03-10T18:30:00.000Z', 0.1],
      ['2026-03-10T19:00:00.000Z', '2026-03-10T19:15:00.000Z', 0.05],
    ]);
    expect(onPeriods(r.slots)).toHaveLength(2);
  });

  it('rounds capacity and efficiency up to whole minutes, never short', () => {
    for (const [level, target, cap, eff, power] of [
      [12, 13, 77.4, 0.88, 7400],
      [0, 100, 100, 1, 3680],
      [55, 56, 40, 0.93, 22_000],
      [33.3, 90, 64.2, 0.85, 11_040],
    ]) {
      const need = energyNeededKwh(level, target, cap, eff);
      const minutes = minutesFor(need, power);
      expect((minutes * power) / 60_000).toBeGreaterThanOrEqual(need - 1e-9);
      expect(((minutes - 1) * power) / 60_000).toBeLessThan(need);
      const r = planCharging(base({ batteryLevel: level, targetLevel: target, capacityKwh: cap, efficiency: eff, powerW: power, departure: at('2026-03-13T00:00:00Z') }));
      expect(totalMinutes(r)).toBe(minutes);
      expect(r.plannedEnergyKwh).toBeCloseTo(need, 3);
    }
  });

  it('uses the time no price covers last, and then knows no cost', () => {
    const r = planCharging(base({ slots: hourly('2026-03-10T20:00:00Z', [0.3, 0.3]) }));
    expect(r.slots.filter((s) => s.pricePerKwh === null).length).toBeGreaterThan(0);
    expect(r.slots.filter((s) => s.pricePerKwh === 0.3).reduce((m, s) => m + (s.end.getTime() - s.start.getTime()) / 60_000, 0)).toBe(120);
    expect(r.expectedCost).toBeNull();
  });

  it('greenest prefers the hours with forecast solar, then the cheapest; without a forecast it plans as cheapest and says so', () => {
    const slots = hourly('2026-03-11T08:00:00Z', [0.3, 0.3, 0.3, 0.1, 0.1], [0, 6000, 12_000, 0, 0]);
    const green = planCharging(base({ now: at('2026-03-11T08:00:00Z'), departure: at('2026-03-11T13:00:00Z'), batteryLevel: 60, slots, strategy: 'greenest' }));
    expect(green.fellBackToCheapest).toBe(false);
    expect(green.slots[0].start.toISOString()).toBe('2026-03-11T09:00:00.000Z');
    expect(green.slots.some((s) => s.pvForecastW === 12_000)).toBe(true);
    const noPv = planCharging(base({ now: at('2026-03-11T08:00:00Z'), departure: at('2026-03-11T13:00:00Z'), batteryLevel: 60, slots: hourly('2026-03-11T08:00:00Z', [0.3, 0.3, 0.3, 0.1, 0.1]), strategy: 'greenest' }));
    expect(noPv.fellBackToCheapest).toBe(true);
    expect(noPv.slots.every((s) => s.pricePerKwh === 0.1)).toBe(true);
  });

  it('plans across a DST day: 23 hourly prices on the spring-forward night in Europe/Berlin', () => {
    // 2026-03-29: local midnight is 23:00Z the day before; the day has 23 hours.
    const prices = Array.from({ length: 23 }, (_, i) => (i === 2 ? 0.01 : 0.2 + i / 100));
    const slots = hourly('2026-03-28T23:00:00Z', prices);
    expect(slots[slots.length - 1].end.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const r = planCharging(base({ now: at('2026-03-28T23:00:00Z'), departure: at('2026-03-29T22:00:00Z'), batteryLevel: 70, targetLevel: 80, capacityKwh: 59.4, slots }));
    // Local 03:00 (after the skipped hour) is 01:00Z: the 0.01 slot.
    expect(r.slots[0].start.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(r.slots[0].pricePerKwh).toBe(0.01);
  });
});

describe('tariff slots in local time', () => {
  const night = { pricePerKwh: '0.30', timeBlocks: [{ from: '22:00', to: '06:00', pricePerKwh: 0.1 }] };
  const price = (tz: string) => (t: Date) => priceAt(night, t, tz);

  it('a night block follows the local clock across the autumn DST change', () => {
    // 2026-10-25 Europe/Berlin: 03:00 CEST becomes 02:00 CET. 22:00 local on the 24th is 20:00Z; 06:00 on the 25th is 05:00Z.
    const slots = tariffSlots(price('Europe/Berlin'), at('2026-10-24T18:00:00Z'), at('2026-10-25T08:00:00Z'));
    const cheap = slots.filter((s) => s.pricePerKwh === 0.1);
    expect(cheap.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([['2026-10-24T20:00:00.000Z', '2026-10-25T05:00:00.000Z']]);
    // Nine hours of night that day, not eight.
    expect((cheap[0].end.getTime() - cheap[0].start.getTime()) / H).toBe(9);
  });

  it('pushed prices win; the tariff fills only what they leave', () => {
    const pushed = hourly('2026-03-10T20:00:00Z', [0.05, 0.06]);
    const fallback = [{ start: at('2026-03-10T18:00:00Z'), end: at('2026-03-11T00:00:00Z'), pricePerKwh: 0.3 }];
    const merged = mergeSlots(pushed, fallback);
    expect(merged.map((s) => [s.start.toISOString().slice(11, 16), s.end.toISOString().slice(11, 16), s.pricePerKwh])).toEqual([
      ['18:00', '20:00', 0.3],
      ['20:00', '21:00', 0.05],
      ['21:00', '22:00', 0.06],
      ['22:00', '00:00', 0.3],
    ]);
  });

  it('finds the next departure time of day in the site time zone, also on DST days', () => {
    expect(nextLocalTime('07:00', at('2026-03-10T18:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-11T06:00:00.000Z');
    expect(nextLocalTime('07:00', at('2026-03-28T18:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // 02:30 does not exist on 2026-03-29 in Berlin: the first minute after the jump.
    expect(nextLocalTime('02:30', at('2026-03-28T18:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(nextLocalTime('07:00', at('2026-03-10T06:30:00Z'), 'UTC').toISOString()).toBe('2026-03-10T07:00:00.000Z');
  });
});

describe('schedulePeriods', () => {
  const t = (hm: string) => at(`2026-03-10T${hm}:00Z`);
  it('is the limit in the windows, 0 A between them, the limit again from departure; offsets strictly increasing, touching windows merged', () => {
    const periods = schedulePeriods(
      { startAt: t('18:00'), on: [{ start: t('19:00'), end: t('20:00') }, { start: t('20:00'), end: t('20:30') }, { start: t('23:00'), end: t('23:15') }], until: t('23:59') },
      16,
      3,
    );
    expect(periods).toEqual([
      { startPeriod: 0, limit: 0, numberPhases: 3 },
      { startPeriod: 3600, limit: 16, numberPhases: 3 },
      { startPeriod: 9000, limit: 0, numberPhases: 3 },
      { startPeriod: 18_000, limit: 16, numberPhases: 3 },
      { startPeriod: 18_900, limit: 0, numberPhases: 3 },
      { startPeriod: 21_540, limit: 16, numberPhases: 3 },
    ]);
  });

  it('starts at the limit when the first window starts at once, and ends without a gap when the last reaches departure', () => {
    expect(schedulePeriods({ startAt: t('18:00'), on: [{ start: t('18:00'), end: t('19:00') }], until: t('19:00') }, 10, 1)).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 1 }]);
    // No windows (the car is at its target): 0 A until departure.
    expect(schedulePeriods({ startAt: t('18:00'), on: [], until: t('19:00') }, 10, 1)).toEqual([
      { startPeriod: 0, limit: 0, numberPhases: 1 },
      { startPeriod: 3600, limit: 10, numberPhases: 1 },
    ]);
  });
});

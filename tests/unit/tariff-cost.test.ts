import { describe, expect, it } from 'vitest';
import { increases, intervalEnergy, type Reading } from '@/server/chargers/energy-intervals';
import { tariffCost } from '@/server/chargers/tariff-cost';
import { priceAt } from '@/server/chargers/tariffs';

const night = { pricePerKwh: '0.30', timeBlocks: [{ from: '22:00', to: '06:10', pricePerKwh: 0.1 }, { from: '12:05', to: '13:00', pricePerKwh: 0.5 }] };
const flat = { pricePerKwh: '0.25', timeBlocks: null };

/** The definition: every 15-minute interval's energy at the price of its start. */
const perInterval = (tariff: typeof night | typeof flat, readings: Reading[], timeZone: string) =>
  [...intervalEnergy(readings, new Date(0), new Date(8.64e15))].reduce((cost, [start, wh]) => cost + (wh / 1000) * priceAt(tariff, new Date(start), timeZone), 0);

const session = (start: string, steps: [minutes: number, wh: number][]): Reading[] => {
  let at = Date.parse(start);
  return steps.map(([minutes, wh]) => ({ at: new Date((at += minutes * 60_000)), wh }));
};

describe('tariffCost', () => {
  it('equals pricing each 15-minute interval at its start, across blocks, midnight and off-grid block edges', () => {
    const sessions = [
      session('2026-02-01T21:52:00Z', [[0, 1000], [7, 1400], [33, 2900], [61, 2800], [250, 9000], [1, 9001]]),
      session('2026-02-03T11:58:30Z', [[0, 0], [20, 3000], [47, 6000]]),
      session('2026-02-05T00:00:00Z', [[0, 500], [3 * 24 * 60 + 13, 80_500]]),
      session('2026-02-07T06:09:59Z', [[0, 10], [0.01, 20]]),
    ];
    for (const timeZone of ['UTC', 'Europe/Zurich', 'America/New_York', 'Asia/Kathmandu']) {
      for (const readings of sessions) {
        for (const tariff of [night, flat]) expect(tariffCost(tariff, increases(readings), timeZone)).toBeCloseTo(perInterval(tariff, readings, timeZone), 9);
      }
    }
  });

  it('prices a span of decades in one step per reading', () => {
    const readings = [{ at: new Date('2015-01-01T00:00:00Z'), wh: 0 }, { at: new Date('9999-12-31T23:59:59Z'), wh: 1e12 }];
    const cost = tariffCost(night, increases(readings), 'Europe/Zurich');
    // Between the day's cheapest and dearest price, weighted by time: 1e9 kWh.
    expect(cost).toBeGreaterThan(0.1e9);
    expect(cost).toBeLessThan(0.5e9);
  });

  it('no increase, no cost', () => {
    expect(tariffCost(night, increases([{ at: new Date('2026-02-01T00:00:00Z'), wh: 5 }]), 'UTC')).toBe(0);
    expect(tariffCost(night, [], 'Europe/Zurich')).toBe(0);
  });
});

/** 1 kWh every 15 minutes from local midnight to the next local midnight, one reading per 15 minutes. */
const wholeLocalDay = (fromIso: string, toIso: string): Reading[] => {
  const out: Reading[] = [];
  for (let t = Date.parse(fromIso), wh = 0; t <= Date.parse(toIso); t += 15 * 60_000, wh += 1000) out.push({ at: new Date(t), wh });
  return out;
};

describe('local time (Europe/Zurich) across daylight-saving changes', () => {
  const nightRate = { pricePerKwh: '0.30', timeBlocks: [{ from: '22:00', to: '06:00', pricePerKwh: 0.1 }] };

  it('the 23-hour day (29 March 2026): 92 intervals, 28 of them at the night rate', () => {
    // Local midnight is 23:00 UTC the day before (+01:00); the next one 22:00 UTC (+02:00).
    const readings = wholeLocalDay('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');
    const intervals = intervalEnergy(readings, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'));
    expect(intervals.size).toBe(92);
    expect([...intervals.values()].reduce((a, b) => a + b, 0)).toBe(92_000);
    // 00:00–02:00 and 03:00–06:00 and 22:00–24:00 local: 28 kWh × 0.10; 06:00–22:00: 64 kWh × 0.30.
    expect(tariffCost(nightRate, increases(readings), 'Europe/Zurich')).toBeCloseTo(28 * 0.1 + 64 * 0.3, 9);
    // The night rate ends at 06:00 local, which is 04:00 UTC that day.
    expect(priceAt(nightRate, new Date('2026-03-29T03:45:00Z'), 'Europe/Zurich')).toBe(0.1);
    expect(priceAt(nightRate, new Date('2026-03-29T04:00:00Z'), 'Europe/Zurich')).toBe(0.3);
  });

  it('the 25-hour day (25 October 2026): 100 intervals, 36 of them at the night rate', () => {
    const readings = wholeLocalDay('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z');
    const intervals = intervalEnergy(readings, new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T23:00:00Z'));
    expect(intervals.size).toBe(100);
    expect([...intervals.values()].reduce((a, b) => a + b, 0)).toBe(100_000);
    // 00:00–06:00 local is 7 hours that night (02:00–03:00 twice): 28 + 8 kWh × 0.10; 64 kWh × 0.30.
    expect(tariffCost(nightRate, increases(readings), 'Europe/Zurich')).toBeCloseTo(36 * 0.1 + 64 * 0.3, 9);
    expect(priceAt(nightRate, new Date('2026-10-25T04:45:00Z'), 'Europe/Zurich')).toBe(0.1);
    expect(priceAt(nightRate, new Date('2026-10-25T05:00:00Z'), 'Europe/Zurich')).toBe(0.3);
  });

  it('a session across the change priced in one increase equals the per-interval rule', () => {
    // Offline across the spring change: one increase from 00:10 to 07:20 local.
    const readings = [{ at: new Date('2026-03-28T23:10:00Z'), wh: 0 }, { at: new Date('2026-03-29T05:20:00Z'), wh: 12_345 }];
    expect(tariffCost(nightRate, increases(readings), 'Europe/Zurich')).toBeCloseTo(perInterval(nightRate, readings, 'Europe/Zurich'), 9);
  });
});

import { describe, expect, it } from 'vitest';
import { increases, intervalEnergy, type Reading } from '@/server/chargers/energy-intervals';
import { tariffCost } from '@/server/chargers/tariff-cost';
import { priceAt } from '@/server/chargers/tariffs';

const night = { pricePerKwh: '0.30', timeBlocks: [{ from: '22:00', to: '06:10', pricePerKwh: 0.1 }, { from: '12:05', to: '13:00', pricePerKwh: 0.5 }] };
const flat = { pricePerKwh: '0.25', timeBlocks: null };

/** The definition: every 15-minute interval's energy at the price of its start. */
const perInterval = (tariff: typeof night | typeof flat, readings: Reading[]) =>
  [...intervalEnergy(readings, new Date(0), new Date(8.64e15))].reduce((cost, [start, wh]) => cost + (wh / 1000) * priceAt(tariff, new Date(start)), 0);

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
    for (const readings of sessions) {
      for (const tariff of [night, flat]) expect(tariffCost(tariff, increases(readings))).toBeCloseTo(perInterval(tariff, readings), 9);
    }
  });

  it('prices a span of decades in one step per reading', () => {
    const readings = [{ at: new Date('2015-01-01T00:00:00Z'), wh: 0 }, { at: new Date('9999-12-31T23:59:59Z'), wh: 1e12 }];
    const cost = tariffCost(night, increases(readings));
    // Between the day's cheapest and dearest price, weighted by time: 1e9 kWh.
    expect(cost).toBeGreaterThan(0.1e9);
    expect(cost).toBeLessThan(0.5e9);
  });

  it('no increase, no cost', () => {
    expect(tariffCost(night, increases([{ at: new Date('2026-02-01T00:00:00Z'), wh: 5 }]))).toBe(0);
    expect(tariffCost(night, [])).toBe(0);
  });
});

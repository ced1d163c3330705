import { describe, expect, it } from 'vitest';
import { intervalEnergy, monthRange } from '@/server/chargers/energy-intervals';

const at = (iso: string) => new Date(`2026-03-${iso}Z`);
const day = { from: at('01T00:00:00'), to: at('02T00:00:00') };
const asObject = (m: Map<number, number>) => Object.fromEntries([...m].map(([k, v]) => [new Date(k).toISOString().slice(11, 16), Math.round(v * 1000) / 1000]));

describe('intervalEnergy', () => {
  it('spreads an increase across interval boundaries in proportion to time', () => {
    const r = intervalEnergy([{ at: at('01T10:10:00'), wh: 1000 }, { at: at('01T10:40:00'), wh: 1600 }], day.from, day.to);
    // 30 minutes, 600 Wh: 5 min in 10:00, 15 in 10:15, 10 in 10:30.
    expect(asObject(r)).toEqual({ '10:00': 100, '10:15': 300, '10:30': 200 });
  });

  it('counts a resent or out-of-order sample once', () => {
    const readings = [
      { at: at('01T10:00:00'), wh: 0 },
      { at: at('01T10:15:00'), wh: 500 },
      { at: at('01T10:15:00'), wh: 500 },
      { at: at('01T10:30:00'), wh: 800 },
    ];
    const shuffled = [readings[3], readings[1], readings[0], readings[2]];
    expect(asObject(intervalEnergy(shuffled, day.from, day.to))).toEqual({ '10:00': 500, '10:15': 300 });
  });

  it('never counts a register dip twice', () => {
    const r = intervalEnergy(
      [{ at: at('01T10:00:00'), wh: 100 }, { at: at('01T10:15:00'), wh: 50 }, { at: at('01T10:30:00'), wh: 200 }],
      day.from,
      day.to,
    );
    expect([...r.values()].reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('splits at the month boundary: each month gets its own share, nothing twice', () => {
    const readings = [{ at: new Date('2026-02-28T23:50:00Z'), wh: 0 }, { at: new Date('2026-03-01T00:10:00Z'), wh: 200 }];
    const feb = intervalEnergy(readings, monthRange('2026-02').from, monthRange('2026-02').to);
    const mar = intervalEnergy(readings, monthRange('2026-03').from, monthRange('2026-03').to);
    expect([...feb.values()]).toEqual([100]);
    expect([...mar.values()]).toEqual([100]);
  });

  it('monthRange is the UTC month', () => {
    expect(monthRange('2026-12')).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
  });
});

describe('intervalEnergy with readings no meter gives (rows stored before values were checked)', () => {
  it('stays within the range asked for, whatever span the readings claim', () => {
    const readings = [{ at: new Date('2000-01-01T00:00:00Z'), wh: 0 }, { at: new Date('9999-12-31T00:00:00Z'), wh: 1e308 }];
    const month = monthRange('2026-03');
    const r = intervalEnergy(readings, month.from, month.to);
    expect(r.size).toBe(31 * 96);
    expect([...r.values()].every(Number.isFinite)).toBe(true);
  });

  it('counts a reading that is not a finite number at a valid time as no reading', () => {
    const readings = [
      { at: at('01T10:00:00'), wh: 0 },
      { at: at('01T10:05:00'), wh: Number.NaN },
      { at: new Date(Number.NaN), wh: 50 },
      { at: at('01T10:15:00'), wh: 300 },
    ];
    expect(asObject(intervalEnergy(readings, day.from, day.to))).toEqual({ '10:00': 300 });
  });
});

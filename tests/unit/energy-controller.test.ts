/**
 * The solar controller over a day in fast time (10 s steps, the pure part
 * that rebalance.ts runs): a solar curve with clouds, a varying house load, a
 * grid operator's curtailment in the evening, measurements that stop for an
 * hour, and two sessions, one in Solar and one in Min+Solar mode.
 */
import { describe, expect, it } from 'vitest';
import { effectiveLimitA, modeTargets, solarDrawOf, solarPoolA, type ChargingMode, type ModeSession, type SwitchState } from '@/server/chargers/load/modes';

const STEP_S = 10;
const PHASES = 3;
const V = 230;
const FIXED_A = 32;
const MIN_A = 6;
const DELAYS = { startS: 60, stopS: 180, minSwitchS: 120 };
const DAY = Date.parse('2026-06-21T00:00:00Z');
const hour = (t: number) => (t - DAY) / 3_600_000;

/** Solar production in W: a bell from 6 h to 20 h, 11 kW peak, with passing clouds. */
function pv(t: number): number {
  const h = hour(t);
  if (h < 6 || h > 20) return 0;
  const clear = 11_000 * Math.sin(((h - 6) / 14) * Math.PI);
  const cloud = Math.floor(h * 6) % 7 === 3 ? 0.3 : 1; // a 10-minute cloud now and then
  return clear * cloud;
}
/** House load in W: a base, a kettle now and then, cooking in the evening. */
function house(t: number): number {
  const h = hour(t);
  return 350 + (Math.floor(h * 12) % 9 === 0 ? 2200 : 0) + (h >= 18 && h < 19.5 ? 3000 : 0);
}
/** The grid operator curtails to 10 A per phase from 17 h to 19 h. */
const liveMax = (t: number) => (hour(t) >= 17 && hour(t) < 19 ? 10 : 25);
/** Home Assistant stops pushing from 21 h to 22 h. */
const pushing = (t: number) => !(hour(t) >= 21 && hour(t) < 22);

interface Car {
  key: string;
  mode: ChargingMode;
  state: SwitchState;
  drawA: number;
  switches: number[];
  solarWh: number;
  gridWh: number;
}

function simulate() {
  const cars: Car[] = (['solar', 'min_solar'] as const).map((mode, i) => ({
    key: `car-${i}`,
    mode,
    state: { on: false, coveredSince: null, missingSince: null, switchedAt: null },
    drawA: 0,
    switches: [],
    solarWh: 0,
    gridWh: 0,
  }));
  let measurement: { at: number; gridW: number; maxA: number } | null = null;
  let drawnThen = 0;
  const violations: string[] = [];
  const staleSolarDraw: number[] = [];
  let solarCoveredRuns = 0;
  for (let t = DAY; t < DAY + 86_400_000; t += STEP_S * 1000) {
    const carsW = cars.reduce((sum, c) => sum + c.drawA * V * PHASES, 0);
    const gridW = house(t) + carsW - pv(t);
    if (pushing(t)) measurement = { at: t, gridW, maxA: liveMax(t) };
    const fresh = measurement !== null && t - measurement.at <= 60_000;
    const limit = effectiveLimitA(FIXED_A, measurement?.maxA ?? null, fresh)!;
    const sessions: ModeSession[] = cars.map((c, i) => ({
      key: c.key,
      startedAt: new Date(DAY + i),
      mode: c.mode,
      maxCurrentA: 16,
      drawA: c.drawA,
      state: c.state,
    }));
    // The grid power was measured with the draws of that moment; later steps on the same (stale) measurement add back those.
    if (pushing(t)) drawnThen = solarDrawOf(sessions);
    const pool = solarPoolA(fresh ? measurement!.gridW : null, drawnThen, PHASES, V);
    const { targets, modes } = modeTargets(limit, MIN_A, sessions, pool, new Date(t), DELAYS);
    const sum = [...targets.values()].reduce((a, b) => a + b, 0);
    if (sum > limit + 1e-9) violations.push(`${new Date(t).toISOString()}: ${sum} A > ${limit} A`);
    if (fresh && sum > liveMax(t) + 1e-9) violations.push(`${new Date(t).toISOString()}: ${sum} A > live ${liveMax(t)} A`);
    for (const c of cars) {
      const d = modes.get(c.key)!;
      if (d.switched) c.switches.push(t);
      c.state = d.state;
      c.drawA = targets.get(c.key)!;
    }
    // Energy of the step: the cars take the solar left after the house first.
    const spare = Math.max(0, pv(t) - house(t));
    let left = spare;
    for (const c of cars) {
      const w = c.drawA * V * PHASES;
      const solar = Math.min(w, left);
      left -= solar;
      c.solarWh += (solar * STEP_S) / 3600;
      c.gridWh += ((w - solar) * STEP_S) / 3600;
    }
    if (!fresh) staleSolarDraw.push(cars[0].drawA);
    if (cars[0].state.on) solarCoveredRuns++;
  }
  return { cars, violations, staleSolarDraw, solarCoveredRuns };
}

describe('solar controller over a day in fast time', () => {
  const { cars, violations, staleSolarDraw, solarCoveredRuns } = simulate();
  const [solar, minSolar] = cars;

  it('never exceeds the fixed limit nor the fresh live maximum', () => {
    expect(violations).toEqual([]);
  });

  it('charges the Solar session mostly from surplus, the Min+Solar one also from the grid', () => {
    expect(solarCoveredRuns).toBeGreaterThan(100);
    expect(solar.solarWh).toBeGreaterThan(10_000);
    // Only the delays (a cloud until the stop delay runs out) draw from the grid.
    expect(solar.gridWh / (solar.solarWh + solar.gridWh)).toBeLessThan(0.15);
    // Min+Solar takes its minimum all night: 6 A × 3 × 230 V for the dark hours.
    expect(minSolar.gridWh).toBeGreaterThan(20_000);
    expect(minSolar.solarWh).toBeGreaterThan(1_000);
  });

  it('does not toggle the contactor faster than the delays allow', () => {
    expect(solar.switches.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < solar.switches.length; i++) {
      expect(solar.switches[i] - solar.switches[i - 1]).toBeGreaterThanOrEqual(DELAYS.minSwitchS * 1000);
    }
    // Clouds of 10 minutes are longer than the stop delay: some stops, but far fewer than the clouds.
    expect(solar.switches.length).toBeLessThan(40);
    // Min+Solar never switches: it always has its minimum.
    expect(minSolar.switches).toEqual([]);
  });

  it('falls back when measurements stop: no surplus, the Solar session stopped', () => {
    expect(staleSolarDraw.length).toBeGreaterThan(300);
    expect(staleSolarDraw.slice(-100).every((a) => a === 0)).toBe(true);
  });
});

describe('one step', () => {
  const state = { on: false, coveredSince: null, missingSince: null, switchedAt: null };
  const s = (key: string, mode: ChargingMode, drawA = 0, on = false): ModeSession => ({
    key,
    startedAt: new Date(0),
    mode,
    maxCurrentA: null,
    drawA,
    state: { ...state, on },
  });
  const t0 = new Date('2026-01-01T12:00:00Z');

  it('Off gets 0 A and Fast the whole limit whatever the surplus', () => {
    const { targets } = modeTargets(20, 6, [s('a', 'off'), s('b', 'fast')], -100, t0, { startS: 60, stopS: 180, minSwitchS: 0 });
    expect(targets.get('a')).toBe(0);
    expect(targets.get('b')).toBe(20);
  });

  it('Solar starts only after the surplus covered its minimum for the start delay', () => {
    const delays = { startS: 60, stopS: 180, minSwitchS: 0 };
    const first = modeTargets(32, 6, [s('a', 'solar')], 10, t0, delays);
    expect(first.targets.get('a')).toBe(0);
    expect(first.modes.get('a')!.state.coveredSince).toEqual(t0);
    const later = modeTargets(32, 6, [{ ...s('a', 'solar'), state: first.modes.get('a')!.state }], 10, new Date(t0.getTime() + 60_000), delays);
    expect(later.targets.get('a')).toBe(10);
    expect(later.modes.get('a')!.switched).toBe(true);
  });

  it('effective limit: the lower of fixed and fresh live maximum; stale falls back to the fixed limit', () => {
    expect(effectiveLimitA(32, 20, true)).toBe(20);
    expect(effectiveLimitA(32, 40, true)).toBe(32);
    expect(effectiveLimitA(32, 20, false)).toBe(32);
    expect(effectiveLimitA(null, 20, true)).toBe(20);
  });

  it('surplus: export plus what the solar sessions draw', () => {
    expect(solarPoolA(-6900, solarDrawOf([{ mode: 'solar', drawA: 6 }, { mode: 'min_solar', drawA: 2 }, { mode: 'fast', drawA: 10 }]), 3)).toBeCloseTo(18);
    expect(solarPoolA(null, 6, 3)).toBe(0);
  });
});

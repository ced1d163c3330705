/**
 * A charging plan as an input to the allocator (rebalance.ts does these steps
 * per run): a session whose plan says 0 A now gets no share, the others get
 * it, and the share moves at the window's start, when the next run is due
 * (nextPlanEdge: the wake rebalance.ts schedules). Time is the one clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { now, setClock } from '@/server/clock';
import { modeTargets, type ModeSession } from '@/server/chargers/load/modes';
import { nextPlanEdge, planAllowsAt } from '@/server/planner/mask';
import type { PlanMask } from '@/server/planner/plan';

const T0 = Date.parse('2026-12-06T18:00:00Z');
const MIN = 60_000;
const DELAYS = { startS: 60, stopS: 180, minSwitchS: 120 };
let restore: (() => void) | undefined;
afterEach(() => restore?.());

const at = (ms: number) => {
  restore?.();
  restore = setClock(() => new Date(ms));
};

/** The plan: charge from 22:00 to 23:30, depart at 06:00. */
const plan: PlanMask = {
  startAt: new Date(T0),
  on: [{ start: new Date(T0 + 240 * MIN), end: new Date(T0 + 330 * MIN) }],
  until: new Date(T0 + 720 * MIN),
};

/** One run's targets on a 16 A site: the planned session first (older), the other one without a plan. */
function run() {
  const sessions: Array<ModeSession & { mask: PlanMask | null }> = [
    { key: 'planned', startedAt: new Date(T0 - 10 * MIN), mode: 'fast', maxCurrentA: 32, drawA: 0, mask: plan, state: { on: false, coveredSince: null, missingSince: null, switchedAt: null } },
    { key: 'other', startedAt: new Date(T0 - 5 * MIN), mode: 'fast', maxCurrentA: 32, drawA: 0, mask: null, state: { on: false, coveredSince: null, missingSince: null, switchedAt: null } },
  ];
  const input = sessions.map((s) => ({ ...s, maxCurrentA: planAllowsAt(s.mask, now()) ? s.maxCurrentA : 0 }));
  const { targets } = modeTargets(16, 6, input, 0, now(), DELAYS);
  const wake = sessions.map((s) => nextPlanEdge(s.mask, now())?.getTime() ?? Infinity).reduce((a, b) => Math.min(a, b));
  return { planned: targets.get('planned'), other: targets.get('other'), wake };
}

describe('a plan window as an input to the allocator', () => {
  it('gives the whole site to the other session before the window and shares it from the window start', () => {
    at(T0 + 60 * MIN);
    expect(run()).toEqual({ planned: 0, other: 16, wake: T0 + 240 * MIN });

    // A second before the window: still nothing.
    at(T0 + 240 * MIN - 1000);
    expect(run()).toMatchObject({ planned: 0, other: 16 });

    // The wake's moment: the share moves.
    at(run().wake);
    expect(run()).toEqual({ planned: 8, other: 8, wake: T0 + 330 * MIN });

    // The window ends: the other one gets it all again until departure, from which the plan no longer holds it.
    at(T0 + 330 * MIN);
    expect(run()).toEqual({ planned: 0, other: 16, wake: T0 + 720 * MIN });
    at(T0 + 720 * MIN);
    expect(run()).toEqual({ planned: 8, other: 8, wake: Infinity });
  });

  it('treats a window clipped by departure and no plan at all', () => {
    const short: PlanMask = { startAt: new Date(T0), on: [{ start: new Date(T0), end: new Date(T0 + 60 * MIN) }], until: new Date(T0 + 30 * MIN) };
    expect(planAllowsAt(short, new Date(T0 + 10 * MIN))).toBe(true);
    expect(nextPlanEdge(short, new Date(T0 + 10 * MIN))).toEqual(new Date(T0 + 30 * MIN));
    expect(planAllowsAt(null, new Date(T0))).toBe(true);
    expect(nextPlanEdge(null, new Date(T0))).toBeNull();
    // Before the plan's first window (the plan computed, nothing planned yet).
    expect(planAllowsAt(plan, new Date(T0 - MIN))).toBe(false);
  });
});

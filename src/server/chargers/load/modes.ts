/**
 * Charging modes and the solar-surplus controller, the pure part. It runs
 * before `allocate()` (the one allocator) and turns each session's mode, the
 * site's surplus and the switch state it keeps into a cap per session:
 *
 * - off: 0 A;
 * - fast: no cap of its own (the site's share, as without modes);
 * - min_solar: the minimum always, plus its share of the surplus;
 * - solar: its share of the surplus while switched on, else 0 A. It switches
 *   on once the surplus has covered its minimum for the start delay, off once
 *   the surplus has been missing for the stop delay, and never twice within
 *   the minimum on/off time.
 *
 * `allocate()` then fits every cap under the site's effective limit (the
 * fixed limit, or the live maximum when it is fresh and lower), so no mode can
 * exceed it. Currents are per phase.
 */

import { allocate, roundDownToTenth, shareEqually } from './allocate';

export type ChargingMode = 'off' | 'fast' | 'min_solar' | 'solar';
export const CHARGING_MODES: readonly ChargingMode[] = ['off', 'fast', 'min_solar', 'solar'];

/** What the controller remembers per connector (stored on the connector row). */
export interface SwitchState {
  on: boolean;
  coveredSince: Date | null;
  missingSince: Date | null;
  switchedAt: Date | null;
}

export interface ModeSession {
  key: string;
  startedAt: Date;
  mode: ChargingMode;
  /** The connector's maximum; null: unknown. */
  maxCurrentA: number | null;
  /** What it draws now, per phase (A). */
  drawA: number;
  state: SwitchState;
}

export interface Delays {
  startS: number;
  stopS: number;
  minSwitchS: number;
}

export interface ModeDecision {
  /** The most it may get: 0 for off, null for no cap of its own (fast). */
  capA: number | null;
  /** The state to store (changed only for solar sessions). */
  state: SwitchState;
  /** It switched on or off in this step. */
  switched: boolean;
}

/**
 * The surplus per phase available to the sessions in solar modes: what the
 * site exports (negative grid power) plus what those sessions drew when the
 * grid power was measured (it includes their draw). `gridPowerW` null (no
 * fresh measurement): no surplus.
 */
export function solarPoolA(gridPowerW: number | null, solarDrawA: number, phases: number, voltageV = 230): number {
  if (gridPowerW === null) return 0;
  return -gridPowerW / (voltageV * phases) + solarDrawA;
}

/** What the sessions in solar modes draw now, per phase. */
export const solarDrawOf = (sessions: Pick<ModeSession, 'mode' | 'drawA'>[]): number =>
  sessions.filter((s) => s.mode === 'solar' || s.mode === 'min_solar').reduce((sum, s) => sum + s.drawA, 0);

const secondsSince = (t: Date | null, now: Date) => (t === null ? Infinity : (now.getTime() - t.getTime()) / 1000);

export function decideModes(sessions: ModeSession[], poolA: number, minA: number, now: Date, delays: Delays): Map<string, ModeDecision> {
  const out = new Map<string, ModeDecision>();
  const cap = (s: ModeSession) => s.maxCurrentA ?? Infinity;
  // Sessions already switched on keep their claim on the surplus first, then the oldest.
  const order = (a: ModeSession, b: ModeSession) =>
    Number(b.state.on) - Number(a.state.on) || a.startedAt.getTime() - b.startedAt.getTime() || a.key.localeCompare(b.key);
  let budget = poolA;
  const sharing: ModeSession[] = [];

  for (const s of sessions) {
    if (s.mode === 'off') out.set(s.key, { capA: 0, state: s.state, switched: false });
    if (s.mode === 'fast') out.set(s.key, { capA: null, state: s.state, switched: false });
  }
  // Min+Solar: the minimum comes first, whatever the surplus.
  for (const s of sessions.filter((x) => x.mode === 'min_solar').sort(order)) {
    budget -= Math.min(minA, cap(s));
    sharing.push(s);
  }
  for (const s of sessions.filter((x) => x.mode === 'solar').sort(order)) {
    const need = Math.min(minA, cap(s));
    const covered = budget >= need - 1e-9;
    if (covered) budget -= need;
    const st = { ...s.state };
    const mayswitch = secondsSince(st.switchedAt, now) >= delays.minSwitchS;
    let switched = false;
    if (st.on) {
      st.coveredSince = null;
      st.missingSince = covered ? null : (st.missingSince ?? now);
      if (!covered && secondsSince(st.missingSince, now) >= delays.stopS && mayswitch) {
        Object.assign(st, { on: false, missingSince: null, switchedAt: now });
        switched = true;
      }
    } else {
      st.missingSince = null;
      st.coveredSince = covered ? (st.coveredSince ?? now) : null;
      if (covered && secondsSince(st.coveredSince, now) >= delays.startS && mayswitch) {
        Object.assign(st, { on: true, coveredSince: null, switchedAt: now });
        switched = true;
      }
    }
    // Covered but not on yet: its minimum stays reserved, so that two sessions do not count on the same surplus.
    if (st.on) {
      if (!covered) budget -= need;
      sharing.push(s);
    }
    out.set(s.key, { capA: st.on ? need : 0, state: st, switched });
  }
  // What is left is shared equally above the minimum (water-filling up to each connector's maximum).
  const given = new Map(sharing.map((s) => [s.key, Math.min(minA, cap(s))]));
  shareEqually(given, sharing, cap, Math.max(0, budget));
  for (const s of sharing) {
    const d = out.get(s.key) ?? { capA: 0, state: s.state, switched: false };
    out.set(s.key, { ...d, capA: roundDownToTenth(given.get(s.key)!) });
  }
  return out;
}

/**
 * The site's limit per phase now: the fixed `max_current_a`, lowered to the
 * live maximum while that is fresh. Stale or absent measurements fall back to
 * the fixed limit, never to none.
 */
export function effectiveLimitA(fixedA: number | null, liveMaxA: number | null, fresh: boolean): number | null {
  const live = fresh ? liveMaxA : null;
  if (fixedA === null) return live;
  return live === null ? fixedA : Math.min(fixedA, live);
}

/**
 * One step of the controller: the modes' caps, then the one allocator under
 * `capacityA` (the effective limit less what sessions that cannot be limited
 * now may draw). The targets never add up to more than `capacityA`.
 */
export function modeTargets(capacityA: number, minA: number, sessions: ModeSession[], poolA: number, now: Date, delays: Delays) {
  const modes = decideModes(sessions, poolA, minA, now, delays);
  const capOf = (s: ModeSession) => {
    const cap = modes.get(s.key)?.capA ?? null;
    return cap === null ? s.maxCurrentA : Math.min(cap, s.maxCurrentA ?? Infinity);
  };
  const targets = allocate(Math.max(0, capacityA), minA, sessions.map((s) => ({ key: s.key, startedAt: s.startedAt, maxCurrentA: capOf(s) })));
  return { targets, modes };
}

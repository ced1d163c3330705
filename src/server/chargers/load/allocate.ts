/**
 * Site load balancing, the pure part: divides a site's current per phase
 * among its charging sessions.
 *
 * First come, first served: sessions are admitted oldest first while each can
 * get the minimum current; the rest are queued at 0 A (a car cannot charge on
 * less than ~6 A). What is left is shared equally among the admitted sessions
 * up to each connector's maximum (water-filling). Limits are rounded down to
 * 0.1 A so the sum never exceeds the site's maximum.
 */

export interface Demand {
  key: string;
  startedAt: Date;
  /** The connector's (or charge point's) maximum; null means unknown (no cap). */
  maxCurrentA: number | null;
}

export function allocate(siteMaxA: number, minPerSessionA: number, sessions: Demand[]): Map<string, number> {
  const ordered = [...sessions].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.key.localeCompare(b.key));
  const given = new Map<string, number>(ordered.map((s) => [s.key, 0]));
  const cap = (s: Demand) => s.maxCurrentA ?? Infinity;
  let left = siteMaxA;
  const admitted: Demand[] = [];
  for (const s of ordered) {
    const floor = Math.min(minPerSessionA, cap(s));
    if (floor > left) continue;
    given.set(s.key, floor);
    left -= floor;
    admitted.push(s);
  }
  shareEqually(given, admitted, cap, left);
  for (const [key, a] of given) given.set(key, roundDownToTenth(a));
  return given;
}

/** Adds `left` to `given` in equal shares among `sessions`, each up to its `cap` (water-filling). */
export function shareEqually<S extends { key: string }>(given: Map<string, number>, sessions: S[], cap: (s: S) => number, left: number): void {
  let open = sessions.filter((s) => given.get(s.key)! < cap(s));
  while (left > 1e-9 && open.length > 0) {
    const share = left / open.length;
    for (const s of open) {
      const add = Math.min(share, cap(s) - given.get(s.key)!);
      given.set(s.key, given.get(s.key)! + add);
      left -= add;
    }
    open = open.filter((s) => given.get(s.key)! < cap(s) - 1e-9);
  }
}

/** Limits go down to 0.1 A so that their sum never exceeds what was shared. */
export const roundDownToTenth = (a: number) => Math.floor(a * 10 + 1e-6) / 10;

/**
 * The safety sum of a site: what its sessions may draw never adds up to more
 * than the site's maximum, also while limits are in transit.
 *
 * What a session may draw:
 * - the highest limit it may hold for its transaction: the last one it
 *   accepted (a TxProfile stays in force across reconnects, on any instance,
 *   and while the charge point is offline), raised to a higher one sent
 *   without an answer (it may have applied it);
 * - none accepted: its own maximum (the connector's max_current_a, or else
 *   the whole site maximum: nothing we know keeps it lower), except on an idle
 *   connector, which draws nothing until it tells us it charges again.
 * A limit not accepted (offline, timeout, rejected) therefore leaves the
 * session at its previous bound, its own maximum if it never accepted one.
 *
 * Changes go out in three steps, each waited for, so that no moment has the
 * old limit of one session and the new limit of another adding up to more:
 * 1. decreases (and unchanged limits resent to a new socket);
 * 2. first limits, of sessions that accepted none: lower than their own
 *    maximum, but they add to the sum of accepted limits, so each is clipped
 *    to what the others' accepted limits leave;
 * 3. increases, each clipped to what the others may draw after 1 and 2.
 * A step reserves each limit it sends before sending any, so the limits it
 * sends in parallel fit together.
 */
export interface Held {
  key: string;
  /** The highest limit it may hold for its transaction; null: none accepted. */
  acceptedA: number | null;
  /** The connector's maximum, else the site's. */
  ownMaxA: number;
  idle: boolean;
}

export type Outcome = 'applied' | 'unchanged' | 'unknown';

export class Ledger {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly siteMaxA: number,
    sessions: Held[],
  ) {
    for (const s of sessions) this.held.set(s.key, { ...s });
  }

  accepted(key: string): number | null {
    return this.held.get(key)!.acceptedA;
  }

  /** What the sessions other than `key` may draw, together. */
  private others(key: string, view: (h: Held) => number): number {
    let sum = 0;
    for (const h of this.held.values()) if (h.key !== key) sum += view(h);
    return sum;
  }

  /** The most `key` may get while the others may draw what they may (steps 1 and 3). */
  room(key: string): number {
    return floorTenth(this.siteMaxA - this.others(key, mayDraw));
  }

  /** The most `key` may get while the others keep the limits they accepted (step 2). */
  acceptedRoom(key: string): number {
    return floorTenth(this.siteMaxA - this.others(key, (h) => h.acceptedA ?? 0));
  }

  /** Counts `limit` as held while it is in transit (it may be applied before its answer comes). */
  reserve(key: string, limit: number): void {
    const h = this.held.get(key)!;
    h.acceptedA = Math.max(h.acceptedA ?? 0, limit);
  }

  /** Records what the answer to sending `limit` says about the bound; `before` is the bound before the send. */
  settle(key: string, before: number | null, limit: number, outcome: Outcome): void {
    const h = this.held.get(key)!;
    if (outcome === 'applied') h.acceptedA = limit;
    else if (outcome === 'unchanged') h.acceptedA = before;
    // Unknown: it holds the old limit or the new one; without an old one it may still be unlimited.
    else h.acceptedA = before === null ? null : Math.max(before, limit);
  }
}

export const mayDraw = (h: Held): number => h.acceptedA ?? (h.idle ? 0 : h.ownMaxA);

/** Rounded down to 0.1 A, as limits are, so a clipped limit never rounds up past the room. */
const floorTenth = (a: number) => Math.max(0, Math.floor(a * 10 + 1e-6) / 10);

/**
 * A token bucket per charge point connection for the calls it makes. OCPP's
 * back-pressure: within the burst a call runs at once; beyond it, up to as
 * many again wait for their turn (answered late); beyond that queue the call
 * is refused with a CALLERROR. ocpp-rpc runs every incoming call as it
 * arrives, so the bucket is what bounds one connection's work.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Milliseconds since some fixed point; monotonic (a wall-clock jump must not refill or drain the bucket). */
type Monotonic = () => number;

export class CallRateLimit {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Monotonic = () => performance.now(),
  ) {
    this.tokens = limit.burst;
    this.refilledAt = clock();
  }

  /**
   * Takes a turn: how many milliseconds the call must wait before it runs,
   * or null when the queue is full and the call is refused. Turns taken while
   * the bucket is empty are owed (negative tokens), so waiting calls keep
   * their order and the sustained rate holds.
   */
  take(): number | null {
    const at = this.clock();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((at - this.refilledAt) / 1000) * this.limit.perSecond);
    this.refilledAt = at;
    if (this.tokens - 1 < -this.limit.burst) return null;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.limit.perSecond) * 1000;
  }
}

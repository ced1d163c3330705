/**
 * Counting Home Assistant calls against the burst limit and the plan
 * allowance, exactly under concurrency: calls are charged in a transaction
 * that locks the user's usage row, so concurrent requests (and processes)
 * queue on it and see each other's count (N requests with M calls left:
 * exactly M succeed). The same transaction counts each key's burst (burst.ts).
 * Past the allowance, purchased tokens are spent one a call, never below zero.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { emit } from '@/server/events/domain-events';
import { apiUsage, users, type User } from '@/server/db/schema';
import { AppError, translatedError } from '@/server/http/errors';
import { effectiveTier, getPlanLimits, type Tier } from '@/server/plans/limits';
import { takeBurstSlots } from './burst';
import { usagePeriod, type UsagePeriod } from './period';
import { processState } from '@/server/runtime';

export interface CallCharge {
  userId: string;
  period: UsagePeriod;
  tier: Tier;
  paidWith: 'allowance' | 'token';
  limit: number;
  /** Allowance calls left in the period after this one. */
  remaining: number;
}

/** `X-RateLimit-*` (and `Retry-After` on 429): the monthly allowance, what is left of it, when it resets. */
export function rateLimitHeaders(limit: number, remaining: number, resetsAt: Date): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(Math.max(0, remaining)),
    'X-RateLimit-Reset': String(Math.ceil(resetsAt.getTime() / 1000)),
  };
}

function allowanceExhausted(tier: Tier, limit: number, period: UsagePeriod): AppError {
  const resetDate = period.resetsAt.toISOString().slice(0, 10);
  const retryAfter = Math.max(1, Math.ceil((period.resetsAt.getTime() - now().getTime()) / 1000));
  return translatedError(
    429,
    'rate_limit_exceeded',
    'errors.usage.allowanceExhausted',
    { tier, limit: String(limit), resetDate },
    {
      extra: { tier, limit, resets_at: period.resetsAt.toISOString() },
      headers: { ...rateLimitHeaders(limit, 0, period.resetsAt), 'Retry-After': String(retryAfter) },
    },
  );
}

interface Waiter {
  keyId: string;
  resolve(charge: CallCharge): void;
  reject(error: unknown): void;
}

interface UserQueue {
  user: User;
  waiters: Waiter[];
}

// Calls of one user that arrive while a charge is being written are charged together in the next one.
const queues: Map<string, UserQueue> = processState<Map<string, UserQueue>>('chargeQueues', () => new Map());

/**
 * Takes a burst slot of the key, then one call from the allowance, else one
 * token, else throws 429. Calls of one user arriving together share one
 * transaction (group commit), so a busy installation costs a few queries per
 * batch, not per call, and every answer still waits for its charge to be
 * committed.
 */
export function chargeCall(user: User, keyId: string): Promise<CallCharge> {
  return new Promise((resolve, reject) => {
    const queue = queues.get(user.id);
    if (queue) {
      queue.user = user;
      queue.waiters.push({ keyId, resolve, reject });
      return;
    }
    const started: UserQueue = { user, waiters: [{ keyId, resolve, reject }] };
    queues.set(user.id, started);
    // After this turn's I/O: requests that arrived together are charged together.
    setImmediate(() => void drain(started));
  });
}

async function drain(queue: UserQueue): Promise<void> {
  while (queue.waiters.length > 0) {
    const waiters = queue.waiters.splice(0);
    try {
      const outcomes = await chargeCalls(queue.user, waiters.map((w) => w.keyId));
      waiters.forEach((waiter, i) => (outcomes[i] instanceof AppError ? waiter.reject(outcomes[i]) : waiter.resolve(outcomes[i])));
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
  queues.delete(queue.user.id);
}

/**
 * Charges the calls (one per key id, in arrival order) in one transaction:
 * the usage row is locked, so concurrent processes (PostgreSQL) queue on it
 * and each sees the other's count. Returns one outcome per call, in order:
 * a burst refusal for the calls past their key's burst limit (they cost
 * nothing), then of the others allowance first, then tokens, then 429s.
 */
async function chargeCalls(user: User, keyIds: string[]): Promise<(CallCharge | AppError)[]> {
  const db = await getDb();
  const period = usagePeriod(now());
  const usageRow = and(eq(apiUsage.userId, user.id), eq(apiUsage.periodStart, period.start));
  const { outcomes, tokensSpent, reached } = await db.transaction(async (tx) => {
    const tier = await effectiveTier(user, tx);
    const limits = await getPlanLimits(tx);
    const limit = limits[tier].monthly_calls;
    const lockUsage = () => tx.select({ calls: apiUsage.calls }).from(apiUsage).where(usageRow).for('update');
    let [usage] = await lockUsage();
    if (!usage) {
      await tx.insert(apiUsage).values({ userId: user.id, periodStart: period.start }).onConflictDoNothing();
      [usage] = await lockUsage();
    }
    const outcomes: (CallCharge | AppError | undefined)[] = keyIds.map(() => undefined);
    for (const keyId of new Set(keyIds)) {
      const calls = keyIds.flatMap((id, i) => (id === keyId ? [i] : []));
      const { granted, refusal } = await takeBurstSlots(tx, keyId, calls.length, limits.burst_per_minute);
      for (const i of calls.slice(granted)) outcomes[i] = refusal;
    }
    const admitted = outcomes.flatMap((outcome, i) => (outcome ? [] : [i]));
    const count = admitted.length;
    if (count === 0) return { outcomes: outcomes as AppError[], tokensSpent: 0, reached: [] };
    const fromAllowance = Math.max(0, Math.min(count, limit - usage.calls));
    let fromTokens = 0;
    if (fromAllowance < count) {
      const [owner] = await tx.select({ tokens: users.apiTokens }).from(users).where(eq(users.id, user.id)).for('update');
      fromTokens = Math.min(count - fromAllowance, owner?.tokens ?? 0);
      if (fromTokens > 0) {
        await tx.update(users).set({ apiTokens: sql`${users.apiTokens} - ${fromTokens}` }).where(eq(users.id, user.id));
      }
    }
    if (fromAllowance + fromTokens > 0) {
      await tx
        .update(apiUsage)
        .set({ calls: sql`${apiUsage.calls} + ${fromAllowance}`, tokensSpent: sql`${apiUsage.tokensSpent} + ${fromTokens}` })
        .where(usageRow);
    }
    const base = { userId: user.id, period, tier, limit };
    admitted.forEach((call, i) => {
      if (i < fromAllowance) outcomes[call] = { ...base, paidWith: 'allowance', remaining: limit - (usage.calls + i + 1) };
      else if (i < fromAllowance + fromTokens) outcomes[call] = { ...base, paidWith: 'token', remaining: 0 };
      else outcomes[call] = allowanceExhausted(tier, limit, period);
    });
    return { outcomes: outcomes as (CallCharge | AppError)[], tokensSpent: fromTokens, reached: sharesReached(usage.calls, usage.calls + fromAllowance, limit) };
  });
  // The user's row (its token balance) is cached with the key.
  if (tokensSpent > 0) emit({ type: 'user.changed', userId: user.id });
  for (const share of reached) emit({ type: 'allowance.reached', userId: user.id, periodStart: period.start, ...share });
  return outcomes;
}

/** The shares of the allowance (80 and 100 %) that this charge crossed, going from `before` to `after` calls. */
function sharesReached(before: number, after: number, limit: number): Array<{ percent: 80 | 100; used: number; limit: number }> {
  if (limit <= 0) return [];
  return ([80, 100] as const)
    .filter((percent) => before < (limit * percent) / 100 && after >= (limit * percent) / 100)
    .map((percent) => ({ percent, used: after, limit }));
}

/** Gives a call back when the request failed (a 404 vehicle costs nothing). */
export async function refundCall(charge: CallCharge): Promise<void> {
  const db = await getDb();
  const row = and(eq(apiUsage.userId, charge.userId), eq(apiUsage.periodStart, charge.period.start));
  if (charge.paidWith === 'allowance') {
    await db.update(apiUsage).set({ calls: sql`${apiUsage.calls} - 1` }).where(and(row, gt(apiUsage.calls, 0)));
    return;
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ apiTokens: sql`${users.apiTokens} + 1` }).where(eq(users.id, charge.userId));
    await tx
      .update(apiUsage)
      .set({ tokensSpent: sql`${apiUsage.tokensSpent} - 1` })
      .where(and(row, gt(apiUsage.tokensSpent, 0)));
  });
  emit({ type: 'user.changed', userId: charge.userId });
}

/**
 * Counting Home Assistant calls against the plan allowance, exactly under
 * concurrency: each step is one conditional UPDATE, so concurrent requests
 * queue on the row lock and re-check the condition (N requests with M calls
 * left: exactly M succeed). Past the allowance, purchased tokens are spent one
 * a call, never below zero.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { apiUsage, users, type User } from '@/server/db/schema';
import { AppError } from '@/server/http/errors';
import { effectiveTier, getPlanLimits, type Tier } from '@/server/plans/limits';
import { usagePeriod, type UsagePeriod } from './period';

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
  return new AppError(
    429,
    'rate_limit_exceeded',
    `Rate limit exceeded for ${tier} tier. All ${limit} calls of this month are used and no API tokens are left; ` +
      `the allowance resets on ${resetDate}. Upgrade your plan or buy API tokens to continue.`,
    { tier, limit, resets_at: period.resetsAt.toISOString() },
    { ...rateLimitHeaders(limit, 0, period.resetsAt), 'Retry-After': String(retryAfter) },
  );
}

/** Takes one call from the allowance, else one token, else throws 429. */
export async function chargeCall(user: User): Promise<CallCharge> {
  const db = await getDb();
  const period = usagePeriod(now());
  const tier = await effectiveTier(user);
  const limit = (await getPlanLimits())[tier].monthly_calls;
  const base = { userId: user.id, period, tier, limit };

  if (limit > 0) {
    const [counted] = await db
      .insert(apiUsage)
      .values({ userId: user.id, periodStart: period.start, calls: 1 })
      .onConflictDoUpdate({
        target: [apiUsage.userId, apiUsage.periodStart],
        set: { calls: sql`${apiUsage.calls} + 1` },
        setWhere: sql`${apiUsage.calls} < ${limit}`,
      })
      .returning({ calls: apiUsage.calls });
    if (counted) return { ...base, paidWith: 'allowance', remaining: limit - counted.calls };
  }

  const [spent] = await db
    .update(users)
    .set({ apiTokens: sql`${users.apiTokens} - 1` })
    .where(and(eq(users.id, user.id), gt(users.apiTokens, 0)))
    .returning({ tokens: users.apiTokens });
  if (!spent) throw allowanceExhausted(tier, limit, period);
  await db
    .insert(apiUsage)
    .values({ userId: user.id, periodStart: period.start, tokensSpent: 1 })
    .onConflictDoUpdate({
      target: [apiUsage.userId, apiUsage.periodStart],
      set: { tokensSpent: sql`${apiUsage.tokensSpent} + 1` },
    });
  return { ...base, paidWith: 'token', remaining: 0 };
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
}

/** What a user sees of their usage: this period's calls against the allowance, tokens, reset date, calls a day. */
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { apiCallLog, apiUsage, vehicles, type User } from '@/server/db/schema';
import { effectiveTier, getPlanLimits } from '@/server/plans/limits';
import { flushCallLog } from './call-log';
import { usagePeriod } from './period';

export async function getUsageSummary(user: User) {
  const db = await getDb();
  const period = usagePeriod(now());
  const [tier, limits] = await Promise.all([effectiveTier(user), getPlanLimits()]);
  const [[usage], [linked], daily] = await Promise.all([
    db
      .select({ calls: apiUsage.calls, tokensSpent: apiUsage.tokensSpent })
      .from(apiUsage)
      .where(and(eq(apiUsage.userId, user.id), eq(apiUsage.periodStart, period.start))),
    db.select({ n: count() }).from(vehicles).where(eq(vehicles.userId, user.id)),
    dailyCalls(user.id, period.startsAt),
  ]);
  return {
    // The fields the Home Assistant integration and the old service used.
    current_calls: usage?.calls ?? 0,
    max_calls: limits[tier].monthly_calls,
    max_linked_vehicles: limits[tier].linked_vehicles,
    linked_vehicle_count: linked?.n ?? 0,
    tier,
    charging_control: limits[tier].charging_control,
    burst_per_minute: limits.burst_per_minute,
    api_tokens: user.apiTokens,
    tokens_spent: usage?.tokensSpent ?? 0,
    period_start: period.start,
    resets_at: period.resetsAt.toISOString(),
    daily,
  };
}

export type UsageSummary = Awaited<ReturnType<typeof getUsageSummary>>;

async function dailyCalls(userId: string, since: Date): Promise<{ date: string; calls: number }[]> {
  await flushCallLog();
  const db = await getDb();
  const day = sql<string>`to_char(${apiCallLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ date: day, calls: count() })
    .from(apiCallLog)
    .where(and(eq(apiCallLog.userId, userId), eq(apiCallLog.counted, true), gte(apiCallLog.createdAt, since)))
    .groupBy(day)
    .orderBy(day);
  return rows.map((r) => ({ date: r.date, calls: Number(r.calls) }));
}

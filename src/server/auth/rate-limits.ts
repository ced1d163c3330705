/**
 * Brakes on guessing (sign-in, reset mails, API key lookups). The counters
 * live in PostgreSQL, so a limit holds across every instance that shares the
 * database and across restarts; one upsert per counted attempt.
 */
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { rateLimits } from '@/server/db/schema';
import { AppError } from '@/server/http/errors';

export interface RateLimit {
  bucket: string;
  /** Attempts counted before further ones are refused. */
  limit: number;
  /**
   * Fixed window: attempts are counted for this long from the first one, and
   * refused until the window ends once `limit` is reached.
   */
  windowMs: number;
  /**
   * Back-off instead of a fixed window: from the `limit`-th consecutive
   * failure on, each one makes the next attempt wait `windowMs`, doubling per
   * failure up to this cap (so nobody is locked out for longer), and the
   * count starts over after `forgetAfterMs` without a failure or on success.
   */
  backoff?: { maxWaitMs: number; forgetAfterMs: number };
}

interface Counter {
  count: number;
  windowStartedAt: Date;
  lastAttemptAt: Date;
  expiresAt: Date;
}

const CLEANUP_INTERVAL_MS = 60_000;
const cleanup = ((globalThis as { __evconduitRateLimitCleanup?: { lastAt: number } }).__evconduitRateLimitCleanup ??= {
  lastAt: 0,
});

function blockedUntil(policy: RateLimit, counter: Counter, at: Date): Date | undefined {
  if (counter.expiresAt <= at || counter.count < policy.limit) return undefined;
  const until = policy.backoff
    ? new Date(
        counter.lastAttemptAt.getTime() +
          Math.min(policy.backoff.maxWaitMs, policy.windowMs * 2 ** (counter.count - policy.limit)),
      )
    : new Date(counter.windowStartedAt.getTime() + policy.windowMs);
  return until > at ? until : undefined;
}

export function tooManyAttempts(until: Date, at: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - at.getTime()) / 1000));
  return new AppError(
    429,
    'too_many_attempts',
    `Too many attempts: try again in ${seconds} s`,
    { retry_after_s: seconds },
    { 'retry-after': String(seconds) },
  );
}

/** Throws 429 `too_many_attempts` when any of the counters is at its limit; counts nothing. */
export async function assertNotLimited(checks: { policy: RateLimit; key: string }[]): Promise<void> {
  const db = await getDb();
  const at = now();
  const rows = await db
    .select()
    .from(rateLimits)
    .where(or(...checks.map(({ policy, key }) => and(eq(rateLimits.bucket, policy.bucket), eq(rateLimits.key, key)))));
  let latest: Date | undefined;
  for (const { policy, key } of checks) {
    const row = rows.find((r) => r.bucket === policy.bucket && r.key === key);
    const until = row && blockedUntil(policy, row, at);
    if (until && (!latest || until > latest)) latest = until;
  }
  if (latest) throw tooManyAttempts(latest, at);
}

/** Counts one attempt; when this one is beyond the limit, returns until when attempts are refused. */
export async function countAttempt(policy: RateLimit, key: string): Promise<Date | undefined> {
  const db = await getDb();
  const at = now();
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.expiresAt} <= ${atSql}`;
  const expiresAt = new Date(at.getTime() + (policy.backoff?.forgetAfterMs ?? policy.windowMs));
  const [counter] = await db
    .insert(rateLimits)
    .values({ bucket: policy.bucket, key, count: 1, windowStartedAt: at, lastAttemptAt: at, expiresAt })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${atSql} ELSE ${rateLimits.windowStartedAt} END`,
        lastAttemptAt: atSql,
        // A fixed window keeps its end; a back-off is forgotten only after a quiet spell.
        expiresAt: policy.backoff
          ? sql`excluded.expires_at`
          : sql`CASE WHEN ${expired} THEN excluded.expires_at ELSE ${rateLimits.expiresAt} END`,
      },
    })
    .returning();
  await removeExpired();
  return counter.count > policy.limit ? blockedUntil(policy, counter, at) : undefined;
}

/** Forgets a counter (a successful sign-in ends its back-off). */
export async function resetCounter(policy: RateLimit, key: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(and(eq(rateLimits.bucket, policy.bucket), eq(rateLimits.key, key)));
}

/** At most once a minute per process: expired rows count as absent, so this only keeps the table small. */
async function removeExpired(): Promise<void> {
  const at = now();
  if (at.getTime() - cleanup.lastAt < CLEANUP_INTERVAL_MS) return;
  cleanup.lastAt = at.getTime();
  const db = await getDb();
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, at));
}

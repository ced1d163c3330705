/**
 * Brakes on guessing (sign-in, reset mails, API key lookups). The counters
 * live in PostgreSQL, so a limit holds across every instance that shares the
 * database and across restarts; per attempt one insert of an absent counter,
 * one locked read and one upsert.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { rateLimits } from '@/server/db/schema';
import { AppError, translatedError } from '@/server/http/errors';
import { processState } from '@/server/runtime';

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
const cleanup = processState<{ lastAt: number }>('rateLimitCleanup', () => ({
  lastAt: 0,
}));

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
  return translatedError(
    429,
    'too_many_attempts',
    'errors.auth.tooManyAttempts',
    { seconds: String(seconds) },
    { extra: { retry_after_s: seconds }, headers: { 'retry-after': String(seconds) } },
  );
}

/**
 * Counts one attempt, unless the counter is at its limit: then nothing is
 * counted and the answer is until when attempts are refused. The row is
 * locked while this is decided, so concurrent attempts cannot all slip
 * through at the limit: count an attempt before doing the work it guards.
 */
export async function takeAttempt(policy: RateLimit, key: string): Promise<Date | undefined> {
  const db = await getDb();
  const at = now();
  const atSql = sql`${at.toISOString()}::timestamptz`;
  const expired = sql`${rateLimits.expiresAt} <= ${atSql}`;
  const expiresAt = new Date(at.getTime() + (policy.backoff?.forgetAfterMs ?? policy.windowMs));
  const refusedUntil = await db.transaction(async (tx) => {
    // A first attempt has no row to lock: create an empty one, so concurrent first attempts queue on it too.
    await tx
      .insert(rateLimits)
      .values({ bucket: policy.bucket, key, count: 0, windowStartedAt: at, lastAttemptAt: at, expiresAt })
      .onConflictDoNothing();
    const [counter] = await tx.select().from(rateLimits).where(counterOf(policy, key)).for('update');
    const until = counter && blockedUntil(policy, counter, at);
    if (until) return until;
    await tx
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
      });
    return undefined;
  });
  await removeExpired();
  return refusedUntil;
}

/** Takes back a counted attempt that turned out not to be a failure (a successful sign-in). */
export async function releaseAttempt(policy: RateLimit, key: string): Promise<void> {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(counterOf(policy, key));
}

/** Forgets a counter (a successful sign-in ends its back-off). */
export async function resetCounter(policy: RateLimit, key: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(counterOf(policy, key));
}

const counterOf = (policy: RateLimit, key: string) => and(eq(rateLimits.bucket, policy.bucket), eq(rateLimits.key, key));

/** At most once a minute per process: expired rows count as absent, so this only keeps the table small. */
async function removeExpired(): Promise<void> {
  const at = now();
  if (at.getTime() - cleanup.lastAt < CLEANUP_INTERVAL_MS) return;
  cleanup.lastAt = at.getTime();
  const db = await getDb();
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, at));
}

/**
 * A short burst limit per API key (counted calls a minute): it stops a
 * misconfigured installation polling in a loop. The minute and its count live
 * on the key's row, so the limit holds across instances; they are counted in
 * the allowance's transaction (allowance.ts), one statement per key and batch
 * of calls, not a round trip per call. Within a minute the count only grows,
 * so a key this process saw refused is refused here, without a query, until
 * its minute ends.
 */
import { sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { resultRows, type Tx } from '@/server/db/client';
import { AppError, translatedError } from '@/server/http/errors';
import { processState } from '@/server/runtime';

const WINDOW_MS = 60_000;

interface Refused {
  /** When the key's minute ends (ms). */
  until: number;
  perMinute: number;
}

const refused = processState<Map<string, Refused>>('burstRefused', () => new Map());

function burstExceeded(perMinute: number, until: number, at: number): AppError {
  const retryAfter = Math.max(1, Math.ceil((until - at) / 1000));
  return translatedError(
    429,
    'burst_limit_exceeded',
    'errors.usage.burst',
    { perMinute: String(perMinute), seconds: String(retryAfter) },
    { extra: { limit_per_minute: perMinute }, headers: { 'Retry-After': String(retryAfter) } },
  );
}

/** The refusal this process already knows for the key in its current minute, if any. */
export function knownBurstRefusal(keyId: string, perMinute: number): AppError | undefined {
  const at = now().getTime();
  const known = refused.get(keyId);
  if (!known) return undefined;
  // A new minute, or a changed limit: the database decides.
  if (known.until <= at || known.perMinute !== perMinute) {
    refused.delete(keyId);
    return undefined;
  }
  return burstExceeded(perMinute, known.until, at);
}

/**
 * Counts `calls` calls of one key in its current minute (a minute starts with
 * the first call after the last one ended), in the caller's transaction,
 * locking the key's row. Returns how many of them are within the limit and,
 * when some are not, the 429 they get.
 */
export async function takeBurstSlots(tx: Tx, keyId: string, calls: number, perMinute: number): Promise<{ granted: number; refusal?: AppError }> {
  const at = now().getTime();
  const current = sql`burst_window_start > ${new Date(at - WINDOW_MS).toISOString()}::timestamptz`;
  const [row] = resultRows<{ used: number; started_ms: number }>(
    await tx.execute(sql`
      with previous as (
        select id, case when ${current} then burst_window_start end as started, case when ${current} then burst_calls else 0 end as used
        from api_keys where id = ${keyId} for update
      )
      update api_keys k
      set burst_window_start = coalesce(p.started, ${new Date(at).toISOString()}::timestamptz),
          burst_calls = least(${perMinute}::int, p.used + ${calls}::int)
      from previous p
      where k.id = p.id
      returning p.used, (extract(epoch from k.burst_window_start) * 1000)::float8 as started_ms`),
  );
  // No row: the key went with its user since it was authenticated; nothing left to count.
  if (!row) return { granted: calls };
  const granted = Math.max(0, Math.min(calls, perMinute - Number(row.used)));
  if (granted === calls) return { granted };
  const until = Number(row.started_ms) + WINDOW_MS;
  refused.set(keyId, { until, perMinute });
  if (refused.size > 10_000) for (const [key, entry] of refused) if (entry.until <= at) refused.delete(key);
  return { granted, refusal: burstExceeded(perMinute, until, at) };
}

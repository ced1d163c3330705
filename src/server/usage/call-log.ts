/**
 * The per-call log behind the usage chart, written in batches: a multi-row
 * INSERT every quarter second (or 100 calls) instead of one per call keeps
 * the database off the hot path, and small batches keep each write short (an
 * embedded PGlite write stalls the event loop). Allowance counting does not
 * depend on it (that is exact, in `api_usage`); a crash loses at most the
 * last quarter second of chart entries.
 */
import { getDb } from '@/server/db/client';
import { apiCallLog } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';

type Entry = typeof apiCallLog.$inferInsert;

const FLUSH_MS = 250;
const MAX_BUFFERED = 100;

interface Buffer {
  entries: Entry[];
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
}

const buffer: Buffer = processState<Buffer>('callLog', () => ({ entries: [] }));

export function logCall(entry: Entry): void {
  buffer.entries.push(entry);
  if (buffer.entries.length >= MAX_BUFFERED) void flushCallLog();
  else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushCallLog(), FLUSH_MS);
    buffer.timer.unref();
  }
}

/** Writes what is buffered (also before reading the log, and at shutdown). */
export async function flushCallLog(): Promise<void> {
  clearTimeout(buffer.timer);
  buffer.timer = undefined;
  await buffer.flushing;
  const entries = buffer.entries.splice(0);
  if (entries.length === 0) return;
  buffer.flushing = (async () => {
    try {
      await (await getDb()).insert(apiCallLog).values(entries);
    } catch (error) {
      getLogger().error({ err: error, lost: entries.length }, 'writing the API call log failed');
    }
  })();
  await buffer.flushing;
}

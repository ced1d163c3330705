/**
 * A short burst limit per API key (counted calls a minute), kept in process
 * memory: it guards against a misconfigured installation polling in a loop,
 * so losing it on restart costs nothing.
 */
import { now } from '@/server/clock';
import { AppError } from '@/server/http/errors';
import { processState } from '@/server/runtime';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  calls: number;
}

const windows: Map<string, Window> = processState<Map<string, Window>>('burst', () => new Map());

function prune(at: number) {
  for (const [key, window] of windows) if (at - window.startedAt >= WINDOW_MS) windows.delete(key);
}

/** Counts one call for `key`; throws 429 once `perMinute` calls were made in the current minute. */
export function takeBurstSlot(key: string, perMinute: number): void {
  const at = now().getTime();
  if (windows.size > 10_000) prune(at);
  let window = windows.get(key);
  if (!window || at - window.startedAt >= WINDOW_MS) {
    window = { startedAt: at, calls: 0 };
    windows.set(key, window);
  }
  if (window.calls >= perMinute) {
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - at) / 1000));
    throw new AppError(
      429,
      'burst_limit_exceeded',
      `Too many requests: this API key may make ${perMinute} calls a minute. ` +
        `Poll less often (Home Assistant's default of every 4 minutes is plenty); try again in ${retryAfter} s.`,
      { limit_per_minute: perMinute },
      { 'Retry-After': String(retryAfter) },
    );
  }
  window.calls += 1;
}

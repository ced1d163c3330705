import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';

const running = processState<Map<string, NodeJS.Timeout>>('periodicJobs', () => new Map());

/**
 * The one way to run housekeeping on a timer: at once and then every
 * `intervalMs`, one per process per name (both module copies share it), never
 * keeping the process alive. A failure is logged and the next run goes on.
 * Returns the stop function.
 */
export function startPeriodicJob(name: string, intervalMs: number, run: () => Promise<unknown>): () => void {
  if (running.has(name)) return () => {};
  const runOnce = () => run().catch((error: unknown) => getLogger().error({ err: error, job: name }, 'periodic job failed'));
  void runOnce();
  const timer = setInterval(() => void runOnce(), intervalMs);
  timer.unref();
  running.set(name, timer);
  return () => {
    clearInterval(timer);
    running.delete(name);
  };
}

import { getLogger } from '@/server/observability/logger';
import { captureError } from '@/server/observability/sentry';
import { processState } from '@/server/runtime';
import type { ContinuousJob } from './jobs';

interface PollingState {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again?: boolean;
  tick?: () => void;
}

/**
 * A continuous job working through a queue kept in the database (Home
 * Assistant pushes, notifications): one pass every `pollMs`, and at once when
 * woken (`wakeJob`). Passes never overlap; a wake during a pass runs another
 * right after it, so nothing queued waits a whole poll. A failed pass is
 * logged and reported, and the next tick tries again. Stopping lets the pass
 * under way finish but starts no other (what is still queued stays in the
 * database for the next holder), so a shutdown is not held up by a long
 * queue; `afterStop` waits for work a pass started without awaiting it.
 */
export function pollingJob(
  name: string,
  pollMs: number,
  pass: () => Promise<void>,
  hooks: { onStart?: () => void; afterStop?: () => Promise<unknown> } = {},
): ContinuousJob {
  const worker = processState<PollingState>(`pollingJob:${name}`, () => ({}));
  return {
    name,
    start() {
      hooks.onStart?.();
      const tick = () => {
        if (worker.running) {
          worker.again = true;
          return;
        }
        worker.running = (async () => {
          do {
            worker.again = false;
            try {
              await pass();
            } catch (error) {
              getLogger().error({ err: error, job: name }, 'job pass failed');
              captureError(error, { component: 'jobs', job: name });
            }
          } while (worker.again && worker.tick);
        })().finally(() => (worker.running = undefined));
      };
      worker.tick = tick;
      worker.timer = setInterval(tick, pollMs);
      worker.timer.unref();
      tick();
      return {
        wake: () => {
          if (worker.tick) setImmediate(worker.tick);
        },
        async stop() {
          clearInterval(worker.timer);
          worker.tick = undefined;
          await worker.running;
          await hooks.afterStop?.();
        },
      };
    },
  };
}

/**
 * Prometheus metrics (prom-client), one registry per process: server.ts and
 * Next's bundles load separate copies of this module, so the registry and
 * every metric live in the runtime (`processState`), created by whichever copy
 * asks first. Every name starts with `evconduit_`. Label values only ever
 * come from a fixed set (route templates, known actions, outcomes), so a
 * hostile client cannot grow the output; a job is `job_name`, as `job` is
 * Prometheus's own target label. docs/operations-monitoring.md lists them.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/http/errors';
import { processState, runtime } from '@/server/runtime';

const PREFIX = 'evconduit_';

/** What the scrape reads at its own time (connections, queues): registered by the module that knows. */
type Sampler = () => number | Record<string, number> | Promise<number | Record<string, number>>;
type Sample = Awaited<ReturnType<Sampler>> | undefined;

/**
 * How long a scrape waits for a sampler. Two of them count rows, and on a busy
 * embedded database a query waits its turn (at 10,000 charge points the scrape
 * took 133–255 ms): a slower sampler answers with its last value (a scrape
 * old), and its count goes on for the next scrape.
 */
export const SAMPLE_WAIT_MS = 20;

/** A sampler that answers within SAMPLE_WAIT_MS once it has answered once (undefined: it failed; the gauge is left out). */
export function boundedSampler(sampler: Sampler): () => Promise<Sample> {
  let last: Sample;
  let answered = false;
  let running: Promise<void> | undefined;
  return async () => {
    running ??= Promise.resolve()
      .then(sampler)
      .then(
        (value) => void (last = value),
        () => void (last = undefined),
      )
      .finally(() => {
        answered = true;
        running = undefined;
      });
    if (!answered) await running;
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((resolve) => (timer = setTimeout(resolve, SAMPLE_WAIT_MS)))]);
      clearTimeout(timer);
    }
    return last;
  };
}

function build(instance: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ instance });
  collectDefaultMetrics({ register: registry, prefix: PREFIX, eventLoopMonitoringPrecision: 20 });
  // Gauges named like counters (`promtool check metrics` refuses them); their sum is evconduit_nodejs_active_resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
    registry.removeSingleMetric(PREFIX + name);
  }
  const registers = [registry];
  const samplers = new Map<string, () => Promise<Sample>>();

  const sampled = (name: string, help: string, labelName?: string) =>
    new Gauge({
      name: PREFIX + name,
      help,
      labelNames: labelName ? [labelName] : [],
      registers,
      async collect() {
        const sampler = samplers.get(name);
        if (!sampler) return;
        // A sampler that fails (the database away) leaves its gauge out; the rest of the scrape still answers.
        const value = await sampler();
        if (value === undefined) return void this.reset();
        if (typeof value === 'number') return void this.set(value);
        // A label gone from the sample (a job now failing) must not keep its old value.
        this.reset();
        for (const [label, n] of Object.entries(value)) this.set({ [labelName!]: label }, n);
      },
    });

  return {
    registry,
    samplers,
    ocppConnected: sampled('ocpp_connected_charge_points', 'Charge points connected to this instance, by OCPP protocol.', 'protocol'),
    ocppMessages: new Counter({
      name: `${PREFIX}ocpp_messages_total`,
      help: 'Calls from charge points, by action and outcome (ok, rejected: a CALLERROR meant for the charge point, error: our failure).',
      labelNames: ['action', 'outcome'],
      registers,
    }),
    ocppMessageSeconds: new Histogram({
      name: `${PREFIX}ocpp_message_duration_seconds`,
      help: 'Time to answer a call from a charge point, by action.',
      labelNames: ['action'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    commands: new Counter({
      name: `${PREFIX}ocpp_commands_total`,
      help: 'Commands sent to charge points, by action, outcome and route (local socket or through another instance).',
      labelNames: ['action', 'outcome', 'route'],
      registers,
    }),
    commandSeconds: new Histogram({
      name: `${PREFIX}ocpp_command_duration_seconds`,
      help: 'Time from sending a command to its answer or failure, by action and route.',
      labelNames: ['action', 'route'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    httpRequests: new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpSeconds: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by method and route template.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    haCalls: new Counter({
      name: `${PREFIX}ha_calls_total`,
      help: 'Metered Home Assistant API calls, by outcome (counted against the allowance, refunded after a failure, refused).',
      labelNames: ['outcome'],
      registers,
    }),
    webhooks: new Counter({
      name: `${PREFIX}webhooks_total`,
      help: 'Webhook deliveries received, by source and outcome (processed, rejected: bad signature or body, failed: our error).',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    webhookLastProcessed: new Gauge({
      name: `${PREFIX}webhook_last_processed_timestamp_seconds`,
      help: 'When this instance last processed a webhook delivery, by source (Unix time).',
      labelNames: ['source'],
      registers,
    }),
    pushDeliveries: new Counter({
      name: `${PREFIX}ha_push_deliveries_total`,
      help: 'Home Assistant push attempts, by outcome (delivered, retry, failed, gone).',
      labelNames: ['outcome'],
      registers,
    }),
    pushQueue: sampled('ha_push_queue_depth', 'Home Assistant pushes waiting to be delivered (whole cluster).'),
    notifications: new Counter({
      name: `${PREFIX}notification_deliveries_total`,
      help: 'Notifications to people, by channel and outcome.',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    jobRuns: new Counter({
      name: `${PREFIX}job_runs_total`,
      help: 'Periodic job runs on this instance, by job and outcome (success, failure).',
      labelNames: ['job_name', 'outcome'],
      registers,
    }),
    jobSeconds: new Histogram({
      name: `${PREFIX}job_duration_seconds`,
      help: 'Duration of periodic job runs, by job.',
      labelNames: ['job_name'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    jobLastSuccess: sampled(
      'job_last_success_timestamp_seconds',
      'When each job last finished without error, anywhere in the cluster (Unix time; from job_leases).',
      'job_name',
    ),
    dbPending: sampled('db_pending_queries', 'Statements waiting for or running in the database (embedded database thread, or PostgreSQL pool).'),
    dbQuerySeconds: new Histogram({
      name: `${PREFIX}db_query_duration_seconds`,
      help: 'Time from handing a statement to the embedded database thread to its result, queue wait included.',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof build>;

/** The process's metrics. `METRICS_INSTANCE` names the instance label, else the runtime's instance id. */
export function metrics(): Metrics {
  return processState('metrics', () => build(getConfig().metrics.instance ?? runtime().instanceId));
}

/** Lets the module that knows a sampled value (connections, queue depth, job times) report it at scrape time. */
export function sampleAtScrape(
  name: 'ocpp_connected_charge_points' | 'ha_push_queue_depth' | 'job_last_success_timestamp_seconds' | 'db_pending_queries',
  sampler: Sampler,
): void {
  metrics().samplers.set(name, boundedSampler(sampler));
}

/** The text a scrape returns, and its content type. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** A label value from outside kept to a known set: anything else is `other`. */
export function bounded(value: string | undefined, known: ReadonlySet<string>): string {
  return value !== undefined && known.has(value) ? value : 'other';
}

/**
 * For the notifications' outbox (notifications/worker.ts): counts one delivery attempt. `channel` and
 * `outcome` must come from the caller's own fixed lists (email, ntfy,
 * webpush; sent, retry, failed, skipped), never from outside input.
 */
export function countNotificationDelivery(channel: string, outcome: string): void {
  metrics().notifications.inc({ channel, outcome });
}

/**
 * Counts one webhook delivery by how it ended: processed, rejected (our
 * 4xx: signature, body) or failed (anything else; the sender retries).
 */
export async function countWebhook<T>(source: 'enode' | 'stripe', work: () => Promise<T>): Promise<T> {
  const { webhooks, webhookLastProcessed } = metrics();
  try {
    const result = await work();
    webhooks.inc({ source, outcome: 'processed' });
    webhookLastProcessed.set({ source }, now().getTime() / 1000);
    return result;
  } catch (error) {
    webhooks.inc({ source, outcome: error instanceof AppError && error.status < 500 ? 'rejected' : 'failed' });
    throw error;
  }
}

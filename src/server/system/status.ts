/**
 * The public status page: each component up, degraded or down (or off: not
 * configured) from what the app itself observes — the database's answer,
 * Enode's webhook health, the Stripe webhooks and Home Assistant pushes of
 * the last hour, whether this instance takes charge points — and the last 24
 * hours from the samples the status job stores. Counts and states only:
 * nothing about any user, charge point or vehicle.
 */
import { and, asc, count, eq, gte, lt, min } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, pingDatabase } from '@/server/db/client';
import { haPushDeliveries, statusSamples, webhookDeliveries, webhookEvents } from '@/server/db/schema';
import { webhookStaleness } from '@/server/enode/health';
import { processState } from '@/server/runtime';
import type { PeriodicJob } from './jobs';
import { isDraining } from './readiness';

export type ComponentId = (typeof statusSamples.$inferSelect)['component'];
export type ComponentState = (typeof statusSamples.$inferSelect)['state'];

export interface ComponentStatus {
  id: ComponentId;
  name: string;
  state: ComponentState;
  /** One sentence for people, no private data. */
  detail: string;
}

export interface SystemStatus {
  state: 'up' | 'degraded' | 'down';
  checked_at: string;
  components: ComponentStatus[];
  /** Per component, the samples of the last 24 hours, oldest first. */
  history: Record<ComponentId, Array<{ at: string; state: ComponentState }>>;
}

const HOUR_MS = 3_600_000;
const HISTORY_MS = 24 * HOUR_MS;
/** A database that takes longer than this to answer `select 1` is degraded. */
const SLOW_DATABASE_MS = 1_000;
/** Failed share of the last hour's deliveries above which a component is degraded, and (with a few at least) down. */
const DEGRADED_FAILURE_SHARE = 0.2;
const DOWN_FAILURE_SHARE = 0.8;
const DOWN_MIN_FAILURES = 5;
/** A push due longer ago than this and still not sent: the queue is stuck. */
const STUCK_PUSH_MS = 15 * 60_000;
/** Answers are reused this long: the page and its API cost a few queries per interval, however many ask. */
const CACHE_MS = 15_000;

const NAMES: Record<ComponentId, string> = {
  database: 'Database',
  enode: 'Vehicle data (Enode)',
  stripe: 'Payments (Stripe)',
  ocpp: 'Charge point connections (OCPP)',
  push: 'Home Assistant push delivery',
};

const component = (id: ComponentId, state: ComponentState, detail: string): ComponentStatus => ({ id, name: NAMES[id], state, detail });

/** The state a share of failures means; `up` with no traffic at all. */
function byFailures(ok: number, failed: number): ComponentState {
  const total = ok + failed;
  if (total === 0 || failed / total <= DEGRADED_FAILURE_SHARE) return 'up';
  return failed / total > DOWN_FAILURE_SHARE && failed >= DOWN_MIN_FAILURES ? 'down' : 'degraded';
}

async function database(): Promise<ComponentStatus> {
  const started = performance.now();
  const answered = await getDb().then(pingDatabase, () => false);
  if (!answered) return component('database', 'down', 'The database does not answer.');
  const slow = performance.now() - started > SLOW_DATABASE_MS;
  return component('database', slow ? 'degraded' : 'up', slow ? 'The database answers slowly.' : 'The database answers.');
}

async function enode(since: Date): Promise<ComponentStatus> {
  const config = getConfig().enode;
  if (!config) return component('enode', 'off', 'No Enode account is configured.');
  if (config.simulated) return component('enode', 'up', 'Vehicles are simulated (no Enode account).');
  const db = await getDb();
  const [staleness, rows] = await Promise.all([
    webhookStaleness(),
    db
      .select({ status: webhookDeliveries.status, n: count() })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.source, 'enode'), gte(webhookDeliveries.receivedAt, since)))
      .groupBy(webhookDeliveries.status),
  ]);
  const failed = rows.find((r) => r.status === 'failed')?.n ?? 0;
  const state = byFailures(rows.find((r) => r.status === 'processed')?.n ?? 0, failed);
  if (state !== 'up') return component('enode', state, `${failed} vehicle updates from Enode failed in the last hour.`);
  if (staleness.stale) return component('enode', 'degraded', 'No vehicle update has arrived from Enode for over 2 hours.');
  if (staleness.subscription?.outcome === 'error') return component('enode', 'degraded', 'The last check of the Enode webhook failed.');
  return component('enode', 'up', 'Vehicle updates from Enode arrive.');
}

async function stripe(since: Date): Promise<ComponentStatus> {
  if (!getConfig().stripe) return component('stripe', 'off', 'Billing is not enabled.');
  const db = await getDb();
  const rows = await db
    .select({ status: webhookEvents.status, n: count() })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.source, 'stripe'), gte(webhookEvents.receivedAt, since)))
    .groupBy(webhookEvents.status);
  const failed = rows.find((r) => r.status === 'failed')?.n ?? 0;
  const ok = rows.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.n, 0);
  const state = byFailures(ok, failed);
  return component('stripe', state, state === 'up' ? 'Payment events are processed.' : `${failed} payment events failed in the last hour.`);
}

function ocpp(): ComponentStatus {
  // Draining: this instance hands its charge points over (a restart); they reconnect at once.
  return isDraining()
    ? component('ocpp', 'degraded', 'The server is restarting; charge points reconnect.')
    : component('ocpp', 'up', 'Charge points can connect.');
}

async function push(since: Date): Promise<ComponentStatus> {
  const db = await getDb();
  const [rows, [oldest]] = await Promise.all([
    db
      .select({ status: haPushDeliveries.status, n: count() })
      .from(haPushDeliveries)
      .where(gte(haPushDeliveries.createdAt, since))
      .groupBy(haPushDeliveries.status),
    db
      .select({ due: min(haPushDeliveries.nextAttemptAt) })
      .from(haPushDeliveries)
      .where(and(eq(haPushDeliveries.status, 'pending'), lt(haPushDeliveries.nextAttemptAt, new Date(now().getTime() - STUCK_PUSH_MS)))),
  ]);
  if (oldest?.due) return component('push', 'degraded', 'Pushes to Home Assistant are waiting longer than usual.');
  const failed = rows.find((r) => r.status === 'failed')?.n ?? 0;
  const state = byFailures(rows.find((r) => r.status === 'delivered')?.n ?? 0, failed);
  return component('push', state, state === 'up' ? 'Pushes to Home Assistant are delivered.' : `${failed} pushes to Home Assistant failed in the last hour.`);
}

/** Every component as observed now (each check on its own: one failing query marks only its component down). */
export async function observeComponents(): Promise<ComponentStatus[]> {
  const since = new Date(now().getTime() - HOUR_MS);
  const failedCheck = (id: ComponentId) => () => component(id, 'down', 'Its state could not be checked.');
  return Promise.all([
    database(),
    enode(since).catch(failedCheck('enode')),
    stripe(since).catch(failedCheck('stripe')),
    Promise.resolve(ocpp()),
    push(since).catch(failedCheck('push')),
  ]);
}

async function history(): Promise<SystemStatus['history']> {
  const result = Object.fromEntries(Object.keys(NAMES).map((id) => [id, []])) as unknown as SystemStatus['history'];
  const db = await getDb();
  const rows = await db
    .select({ component: statusSamples.component, state: statusSamples.state, at: statusSamples.sampledAt })
    .from(statusSamples)
    .where(gte(statusSamples.sampledAt, new Date(now().getTime() - HISTORY_MS)))
    .orderBy(asc(statusSamples.sampledAt));
  for (const row of rows) result[row.component]?.push({ at: row.at.toISOString(), state: row.state });
  return result;
}

function overall(components: ComponentStatus[]): SystemStatus['state'] {
  if (components.some((c) => c.state === 'down')) return 'down';
  return components.some((c) => c.state === 'degraded') ? 'degraded' : 'up';
}

const cache = processState<{ at: number; pending?: Promise<SystemStatus>; value?: SystemStatus }>('systemStatus', () => ({ at: 0 }));

/** The status page's data, at most CACHE_MS old; concurrent callers share one computation. */
export function systemStatus(): Promise<SystemStatus> {
  if (cache.value && performance.now() - cache.at < CACHE_MS) return Promise.resolve(cache.value);
  cache.pending ??= (async () => {
    const [components, past] = await Promise.all([observeComponents(), history().catch(() => undefined)]);
    const value: SystemStatus = {
      state: overall(components),
      checked_at: now().toISOString(),
      components,
      history: past ?? (Object.fromEntries(Object.keys(NAMES).map((id) => [id, []])) as unknown as SystemStatus['history']),
    };
    Object.assign(cache, { value, at: performance.now() });
    return value;
  })().finally(() => (cache.pending = undefined));
  return cache.pending;
}

/** Stores one sample per component and drops those older than 24 hours. */
export const statusSampleJob: PeriodicJob = {
  name: 'status sample',
  intervalMs: 5 * 60_000,
  async run() {
    const components = await observeComponents();
    const at = now();
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.insert(statusSamples).values(components.map((c) => ({ component: c.id, state: c.state, sampledAt: at })));
      await tx.delete(statusSamples).where(lt(statusSamples.sampledAt, new Date(at.getTime() - HISTORY_MS)));
    });
  },
};

import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { subscribe, publish } from '@/server/cluster/bus';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { jobLeases } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { metrics, sampleAtScrape } from '@/server/observability/metrics';
import { captureError } from '@/server/observability/sentry';
import { processState, runtime } from '@/server/runtime';

/**
 * The one job runner: every job (housekeeping on a timer, continuous
 * workers) runs in exactly one instance at a time. Leadership is a lease per
 * job in `job_leases`: each instance claims or renews all its jobs with one
 * UPDATE every third of the lease; the holder of a lapsed lease (killed
 * instance) is replaced on the next claim, a holder that stops releases at
 * once. Times are the database's (`now()`), so the instances' clocks do not
 * matter. With PGlite the one process holds every lease, by the same path.
 * Why leases rather than pg-boss or advisory locks: docs/adr/0002-job-leases-not-pg-boss.md.
 */

/** Runs every `intervalMs` across the cluster (not per instance): the start time is kept in the lease row. */
export interface PeriodicJob {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

/** Runs as long as this instance holds it; `wake` asks it to look for work now. */
export interface ContinuousJob {
  name: string;
  start(): { stop(): Promise<void>; wake?(): void };
}

export type Job = PeriodicJob | ContinuousJob;

const isPeriodic = (job: Job): job is PeriodicJob => 'run' in job;

interface Held {
  /** Periodic: the next attempt to start it. */
  timer?: NodeJS.Timeout;
  /** Periodic: the run in progress. */
  running?: Promise<void>;
  /** Continuous: the started worker. */
  worker?: { stop(): Promise<void>; wake?(): void };
}

interface RunnerState {
  jobs: Map<string, Job>;
  held: Map<string, Held>;
  tick?: NodeJS.Timeout;
  claiming?: Promise<void>;
  unsubscribe?: Array<() => void>;
}

const state = processState<RunnerState>('jobs', () => ({ jobs: new Map(), held: new Map() }));

const WAKE_TOPIC = 'jobs.wake';
const RELEASED_TOPIC = 'jobs.released';

const log = () => getLogger().child({ component: 'jobs' });
const leaseMs = () => getConfig().jobs.leaseMs;
const intervalOf = (job: PeriodicJob) => getConfig().jobs.intervalMs ?? job.intervalMs;
const dbNow = sql`now()`;
const msFromNow = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

/** Registers the jobs and starts claiming them (server.ts, after the bus has started). */
export async function startJobs(jobs: Job[]): Promise<void> {
  for (const job of jobs) state.jobs.set(job.name, job);
  if (state.tick || state.jobs.size === 0) return;
  const db = await getDb();
  await db
    .insert(jobLeases)
    .values([...state.jobs.keys()].map((name) => ({ name })))
    .onConflictDoNothing();
  state.unsubscribe = [
    subscribe(WAKE_TOPIC, (data) => void wakeHere((data as { name: string }).name)),
    // Another instance let go: claim now rather than at the next renewal.
    subscribe(RELEASED_TOPIC, () => void claim()),
  ];
  sampleAtScrape('job_last_success_timestamp_seconds', lastSuccesses);
  state.tick = setInterval(() => void claim(), Math.max(250, Math.floor(leaseMs() / 3)));
  state.tick.unref();
  await claim();
}

/** Stops every job held here, waits for runs in progress, and releases the leases so another instance takes them at once. */
export async function stopJobs(): Promise<void> {
  clearInterval(state.tick);
  state.tick = undefined;
  for (const off of state.unsubscribe ?? []) off();
  state.unsubscribe = undefined;
  await state.claiming;
  await Promise.all([...state.held.keys()].map((name) => letGo(name)));
  // Every row naming us, also one a last claim won after the stop began.
  const db = await getDb();
  const released = await db
    .update(jobLeases)
    .set({ holder: null, leaseUntil: null })
    .where(eq(jobLeases.holder, runtime().instanceId))
    .returning({ name: jobLeases.name });
  if (released.length === 0) return;
  await publish(RELEASED_TOPIC, {});
  log().info({ jobs: released.map((r) => r.name) }, 'jobs released');
}

/**
 * Asks the job to look for work now, wherever it runs: here when this
 * instance holds it, otherwise through the bus to its holder.
 */
export function wakeJob(name: string): void {
  if (wakeHere(name)) return;
  publish(WAKE_TOPIC, { name }).catch((err: unknown) => log().warn({ err, job: name }, 'job wake-up not sent'));
}

function wakeHere(name: string): boolean {
  const worker = state.held.get(name)?.worker;
  if (!worker) return false;
  worker.wake?.();
  return true;
}

/** Claims the free or lapsed leases and renews ours, in one statement; starts what we won, stops what we lost. */
function claim(): Promise<void> {
  state.claiming ??= (async () => {
    const names = [...state.jobs.keys()];
    const me = runtime().instanceId;
    let won: Array<{ name: string; sinceStartMs: number | null }>;
    try {
      const db = await getDb();
      won = await db
        .update(jobLeases)
        .set({ holder: me, leaseUntil: msFromNow(leaseMs()) })
        .where(and(inArray(jobLeases.name, names), or(eq(jobLeases.holder, me), isNull(jobLeases.leaseUntil), lt(jobLeases.leaseUntil, dbNow))))
        .returning({
          name: jobLeases.name,
          sinceStartMs: sql<number | null>`(extract(epoch from now() - ${jobLeases.lastStartedAt}) * 1000)::float8`,
        });
    } catch (err) {
      // Not renewed: another instance may take the jobs once the lease lapses, so stop them here first.
      log().warn({ err }, 'job leases not renewed; stopping the jobs held here');
      won = [];
    }
    if (!state.tick) return; // stopped meanwhile
    const ours = new Map(won.map((w) => [w.name, w.sinceStartMs]));
    for (const name of state.held.keys()) if (!ours.has(name)) await letGo(name);
    for (const [name, sinceStartMs] of ours) take(name, sinceStartMs);
  })().finally(() => (state.claiming = undefined));
  return state.claiming;
}

function take(name: string, sinceStartMs: number | null): void {
  const job = state.jobs.get(name)!;
  let held = state.held.get(name);
  if (!held) {
    state.held.set(name, (held = {}));
    log().info({ job: name }, 'job taken');
    if (!isPeriodic(job)) {
      held.worker = job.start();
      void recordStart(name);
    }
  }
  if (isPeriodic(job) && !held.timer && !held.running) {
    const delay = sinceStartMs === null ? 0 : Math.max(0, intervalOf(job) - sinceStartMs);
    schedule(job, held, delay);
  }
}

function schedule(job: PeriodicJob, held: Held, delayMs: number): void {
  held.timer = setTimeout(() => {
    held.timer = undefined;
    held.running = runIfDue(job).finally(() => (held.running = undefined));
  }, delayMs);
  held.timer.unref();
}

/** Starts the run only if the lease is still ours and no instance started it within the interval. */
async function runIfDue(job: PeriodicJob): Promise<void> {
  const db = await getDb();
  const intervalMs = intervalOf(job);
  const [due] = await db
    .update(jobLeases)
    .set({ lastStartedAt: dbNow })
    .where(
      and(
        eq(jobLeases.name, job.name),
        eq(jobLeases.holder, runtime().instanceId),
        sql`${jobLeases.leaseUntil} > now()`,
        or(isNull(jobLeases.lastStartedAt), lte(jobLeases.lastStartedAt, sql`now() - make_interval(secs => ${intervalMs / 1000})`)),
      ),
    )
    .returning({ name: jobLeases.name })
    .catch((err: unknown) => {
      log().warn({ err, job: job.name }, 'job not started');
      return [];
    });
  if (!due) return rescheduleFromRow(job);
  const started = performance.now();
  log().info({ job: job.name }, 'job run');
  let error: string | null = null;
  try {
    await job.run();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    log().error({ err, job: job.name }, 'job failed');
    captureError(err, { component: 'jobs', job: job.name });
  }
  await recordFinish(job.name, error);
  const ms = performance.now() - started;
  metrics().jobRuns.inc({ job_name: job.name, outcome: error === null ? 'success' : 'failure' });
  metrics().jobSeconds.observe({ job_name: job.name }, ms / 1000);
  log().info({ job: job.name, ms: Math.round(ms) }, 'job finished');
  const held = state.held.get(job.name);
  if (held && state.tick) schedule(job, held, Math.max(0, intervalMs - (performance.now() - started)));
}

/** Not due after all (another instance ran it, or the clocks disagree by a little): wait for the rest of the interval. */
async function rescheduleFromRow(job: PeriodicJob): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ sinceStartMs: sql<number | null>`(extract(epoch from now() - ${jobLeases.lastStartedAt}) * 1000)::float8` })
    .from(jobLeases)
    .where(and(eq(jobLeases.name, job.name), eq(jobLeases.holder, runtime().instanceId)))
    .catch(() => []);
  const held = state.held.get(job.name);
  if (!row || !held || !state.tick) return; // not ours any more: the next claim decides
  schedule(job, held, Math.max(50, intervalOf(job) - (row.sinceStartMs ?? 0)));
}

async function letGo(name: string): Promise<void> {
  const held = state.held.get(name);
  if (!held) return;
  state.held.delete(name);
  clearTimeout(held.timer);
  await held.running;
  if (held.worker) {
    await held.worker.stop().catch((err: unknown) => {
      log().error({ err, job: name }, 'stopping the job failed');
      captureError(err, { component: 'jobs', job: name });
    });
    await recordFinish(name, null);
  }
  log().info({ job: name }, 'job let go');
}

async function recordStart(name: string): Promise<void> {
  const db = await getDb();
  await db
    .update(jobLeases)
    .set({ lastStartedAt: dbNow })
    .where(eq(jobLeases.name, name))
    .catch((err: unknown) => log().warn({ err, job: name }, 'job start not recorded'));
}

async function recordFinish(name: string, error: string | null): Promise<void> {
  const db = await getDb();
  await db
    .update(jobLeases)
    .set({ lastFinishedAt: dbNow, lastError: error })
    .where(eq(jobLeases.name, name))
    .catch((err: unknown) => log().warn({ err, job: name }, 'job end not recorded'));
}

/**
 * For the metrics: when each job last finished without error, from the lease
 * rows, so every instance reports the cluster's view and a restart loses nothing.
 * A continuous worker counts as successful while it is held.
 */
async function lastSuccesses(): Promise<Record<string, number>> {
  const seconds = (d: Date | null) => (d ? d.getTime() / 1000 : 0);
  const result: Record<string, number> = {};
  for (const job of await listJobs()) {
    const continuous = state.jobs.has(job.name) && !isPeriodic(state.jobs.get(job.name)!);
    if (continuous && job.holder) result[job.name] = Date.now() / 1000;
    else if (job.lastError === null && job.lastFinishedAt) result[job.name] = seconds(job.lastFinishedAt);
  }
  return result;
}

export interface JobStatus {
  name: string;
  holder: string | null;
  leaseUntil: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
}

/** Every job known to the cluster, with its holder (null when nobody holds a live lease). */
export async function listJobs(): Promise<JobStatus[]> {
  const db = await getDb();
  const rows = await db
    .select({
      name: jobLeases.name,
      holder: sql<string | null>`case when ${jobLeases.leaseUntil} > now() then ${jobLeases.holder} end`,
      leaseUntil: jobLeases.leaseUntil,
      lastStartedAt: jobLeases.lastStartedAt,
      lastFinishedAt: jobLeases.lastFinishedAt,
      lastError: jobLeases.lastError,
    })
    .from(jobLeases)
    .orderBy(jobLeases.name);
  return rows;
}

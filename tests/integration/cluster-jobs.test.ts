/**
 * The job runner across three instances on one PostgreSQL: each job runs in
 * one instance at a time, a killed holder's jobs are taken over within a
 * minute, a stopped holder's at once.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Account } from '../helpers/api';
import { clusterAvailable, startCluster, type Cluster } from '../helpers/cluster';
import { PROJECT_ROOT, type LogEntry, type TestServer } from '../helpers/server';

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

/** Long enough that "at once" (SIGTERM) and "when the lease lapsed" (kill -9) tell apart; short enough for the test. */
const LEASE_MS = 20_000;
const INTERVAL_MS = 1000;
const PERIODIC = ['vehicle sample retention', 'charge point message retention', 'notification incidents', 'notification retention', 'status sample', 'energy controller'];
const CONTINUOUS = ['home assistant push', 'vehicle poller', 'notifications', 'invoice mail'];

interface JobRow {
  name: string;
  holder: string | null;
  lease_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
}

/** A log line's time (ISO in the JSON log), in ms. */
const at = (entry: LogEntry): number => Date.parse(entry.time);
const instanceOf = (server: TestServer): string => server.entries().find((e) => e.msg === 'listening')!.instance;

describe.skipIf(!clusterAvailable)('jobs with three instances', () => {
  let cluster: Cluster;
  let admin: Account;

  beforeAll(async () => {
    cluster = await startCluster(3, { env: { JOB_LEASE_MS: String(LEASE_MS), JOB_INTERVAL_MS: String(INTERVAL_MS) } });
    admin = await signUp(cluster.servers[0]);
  }, 240_000);
  afterAll(async () => {
    await cluster?.close();
  });

  async function jobs(via = cluster.servers[0]): Promise<JobRow[]> {
    const response = await api(via, '/api/admin/jobs', { cookie: admin.cookie });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.jobs;
  }

  /** Polls until every job is held by one of `servers`; resolves with the ms it took. */
  async function heldBy(servers: TestServer[], withinMs: number): Promise<number> {
    const ids = new Set(servers.map(instanceOf));
    const started = performance.now();
    while (performance.now() - started < withinMs) {
      const rows = await jobs(servers[0]);
      if (rows.length === PERIODIC.length + CONTINUOUS.length && rows.every((r) => r.holder && ids.has(r.holder))) {
        return performance.now() - started;
      }
      await sleep(200);
    }
    throw new Error(`jobs not taken over within ${withinMs} ms: ${JSON.stringify(await jobs(servers[0]))}`);
  }

  it('each job is held by one instance, and each periodic job runs once per interval across the three, never two at once', async () => {
    await heldBy(cluster.servers, 30_000);
    const rows = await jobs();
    expect(rows.map((r) => r.name).sort()).toEqual([...PERIODIC, ...CONTINUOUS].sort());
    // The admin API answers the same on every instance.
    expect((await jobs(cluster.servers[2])).map((r) => r.holder)).toEqual(rows.map((r) => r.holder));

    const from = Date.now();
    const windowMs = 8000;
    await sleep(windowMs);
    const runs = (entries: LogEntry[], name: string) => entries.filter((e) => e.job === name && at(e) >= from && at(e) <= from + windowMs);
    for (const name of PERIODIC) {
      const spans = cluster.servers.flatMap((server) => {
        const starts = runs(server.entries(), name).filter((e) => e.msg === 'job run');
        const ends = server.entries().filter((e) => e.job === name && e.msg === 'job finished');
        return starts.map((s) => {
          const end = ends.find((e) => at(e) >= at(s));
          return { start: at(s), end: end ? at(end) : Infinity };
        });
      });
      spans.sort((a, b) => a.start - b.start);
      // Once per interval over the window (± the run at its edge), however many instances there are.
      expect(spans.length, name).toBeGreaterThanOrEqual(windowMs / INTERVAL_MS - 2);
      expect(spans.length, name).toBeLessThanOrEqual(windowMs / INTERVAL_MS + 1);
      for (let i = 1; i < spans.length; i++) expect(spans[i].start, `${name}: run ${i} started before run ${i - 1} finished`).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
    // A continuous worker runs in its holder only: started in exactly one instance, never let go.
    for (const name of CONTINUOUS) {
      const takers = cluster.servers.filter((s) => s.entries().some((e) => e.job === name && e.msg === 'job taken'));
      expect(takers.map(instanceOf), name).toEqual([rows.find((r) => r.name === name)!.holder]);
    }
  }, 60_000);

  it('SIGTERM of the holder: another instance takes its jobs over at once, without waiting for the lease to lapse', async () => {
    const rows = await jobs();
    const holder = cluster.servers.find((s) => rows.some((r) => r.holder === instanceOf(s)))!;
    expect(await cluster.stop(holder)).toBe(0);
    expect(holder.entries().some((e) => e.msg === 'jobs released')).toBe(true);
    const tookMs = await heldBy(cluster.servers, LEASE_MS);
    // The released lease had up to LEASE_MS left; a takeover well inside it came from the release.
    expect(tookMs).toBeLessThan(LEASE_MS / 4);
    await cluster.add(); // as a deploy does
  }, 120_000);

  it('kill -9 of the holder: another instance takes its jobs over within a minute, and they run there', async () => {
    const rows = await jobs();
    const holder = cluster.servers.find((s) => rows.some((r) => r.holder === instanceOf(s)))!;
    const survivors = cluster.servers.filter((s) => s !== holder);
    await cluster.kill(holder);
    const killedAt = performance.now();
    await heldBy(survivors, 60_000);
    expect(performance.now() - killedAt).toBeLessThan(60_000);
    const after = Date.now();
    for (const name of PERIODIC) {
      await Promise.any(survivors.map((s) => s.waitForLog((e) => e.job === name && e.msg === 'job run' && at(e) > after, 10_000)));
    }
    for (const row of await jobs(survivors[0])) expect(row.last_error, row.name).toBeNull();
  }, 120_000);

  it('npm run cli -- jobs lists the same jobs and holders as the API', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: cluster.database.url };
    const { stdout } = await promisify(execFile)(process.execPath, [TSX_CLI, 'src/cli/main.ts', 'jobs', '--json'], { cwd: PROJECT_ROOT, env });
    const listed = (JSON.parse(stdout) as { jobs: JobRow[] }).jobs;
    const viaApi = await jobs();
    expect(listed.map((j) => [j.name, j.holder])).toEqual(viaApi.map((j) => [j.name, j.holder]));
    expect(listed.every((j) => j.holder && j.lease_until && j.last_started_at)).toBe(true);
  }, 60_000);

  it('GET /api/admin/jobs is for administrators only', async () => {
    const user = await signUp(cluster.servers[0]);
    const response = await api(cluster.servers[0], '/api/admin/jobs', { cookie: user.cookie });
    expect(response.status).toBe(403);
  });
});

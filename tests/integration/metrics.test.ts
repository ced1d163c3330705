/**
 * Operators' view of a real server: a scripted OCPP session moves the
 * Prometheus counters by exactly what happened, the scrape passes `promtool
 * check metrics`, labels never carry ids, the status API and page answer
 * from what the server observes, and the log stays readable.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, RawCharger, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { hasPromtool, promtool } from '../helpers/promtool';
import { startServer, type LogEntry, type TestServer } from '../helpers/server';

const TOKEN = randomBytes(24).toString('hex');
let server: TestServer;
let owner: Account;
let metricsPort: number;
const openClients: Array<{ close(options?: { force?: boolean }): unknown }> = [];

beforeAll(async () => {
  server = await startServer({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0', JOB_INTERVAL_MS: '1000' } });
  owner = await signUp(server);
  metricsPort = (await server.waitForLog(isReadyLine, 30_000)).metricsPort;
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const isReadyLine = (e: LogEntry) => typeof e.msg === 'string' && e.msg.startsWith('EVConduit ready on ');

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample (0 when the series does not exist yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2]?.split(/,(?=[a-z_]+=")/) ?? [];
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}

const delta = (before: string, after: string, name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);

describe('a scripted OCPP session in the metrics', () => {
  let cp: RegisteredChargePoint;
  let before: string;
  let after: string;

  beforeAll(async () => {
    cp = await registerChargePoint(server, owner.cookie, `metrics-${randomBytes(4).toString('hex')}`);
    const stranger = await registerChargePoint(server, owner.cookie, `metrics-raw-${randomBytes(4).toString('hex')}`);
    before = await scrape();

    const client: RPCClient = await bootedCharger(server, cp, 'ocpp1.6');
    openClients.push(client);
    client.handle('ClearCache', async () => ({ status: 'Accepted' }));
    await client.call('Heartbeat', {});
    await client.call('Heartbeat', {});
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    const command = await api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action: 'ClearCache' } });
    expect(command.status, JSON.stringify(command.body)).toBe(200);

    // An action nobody handles, under a name an attacker chose: counted as `other`.
    const raw = await RawCharger.connect(server, stranger.identity, stranger.password, 'ocpp1.6');
    openClients.push({ close: () => raw.close() });
    const [kind, , code] = await raw.call('m-1', 'MadeUpAction9f3e', {});
    expect([kind, code]).toEqual([4, 'NotImplemented']);

    expect((await api(server, `/api/charge-points/${cp.id}`, { cookie: owner.cookie })).status).toBe(200);
    after = await scrape();
  });

  it('counts each call by action and outcome, with its handling time', () => {
    const messages = (action: string, outcome: string) => delta(before, after, 'evconduit_ocpp_messages_total', { action, outcome });
    expect(messages('BootNotification', 'ok')).toBe(1);
    expect(messages('Heartbeat', 'ok')).toBe(2);
    expect(messages('StatusNotification', 'ok')).toBe(1);
    expect(messages('other', 'rejected')).toBe(1);
    expect(delta(before, after, 'evconduit_ocpp_message_duration_seconds_count', { action: 'Heartbeat' })).toBe(2);
    expect(after).not.toContain('MadeUpAction9f3e');
  });

  it('shows the connected charge points by protocol', () => {
    expect(delta(before, after, 'evconduit_ocpp_connected_charge_points', { protocol: 'ocpp1.6' })).toBe(2);
    expect(sample(after, 'evconduit_ocpp_connected_charge_points', { protocol: 'ocpp2.0.1' })).toBe(0);
  });

  it('counts the command by action, outcome and route, with its latency', () => {
    expect(delta(before, after, 'evconduit_ocpp_commands_total', { action: 'ClearCache', outcome: 'answered', route: 'local' })).toBe(1);
    expect(delta(before, after, 'evconduit_ocpp_command_duration_seconds_count', { action: 'ClearCache', route: 'local' })).toBe(1);
  });

  it('counts HTTP requests by route template, never by raw path', () => {
    expect(delta(before, after, 'evconduit_http_requests_total', { method: 'POST', route: '/api/charge-points/[id]/commands', status: '200' })).toBe(1);
    expect(delta(before, after, 'evconduit_http_requests_total', { method: 'GET', route: '/api/charge-points/[id]', status: '200' })).toBe(1);
    expect(after).not.toContain(cp.id);
    expect(after).not.toContain(cp.identity);
  });

  it('carries the instance label, Node metrics and event-loop lag', () => {
    expect(after).toMatch(/^evconduit_nodejs_eventloop_lag_p99_seconds\{instance="[^"]+"\} /m);
    expect(after).toMatch(/^evconduit_process_resident_memory_bytes\{instance="[^"]+"\} /m);
  });

  it('has every metric the Grafana dashboard and the alert rules use', () => {
    const declared = new Set([...after.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
    ));
    const used = ['docs/operations/grafana-dashboard.json', 'docs/operations/alerts.yml'].flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/\bevconduit_[a-z0-9_]+/g)].map((m) => m[0]),
    );
    expect(used.length).toBeGreaterThan(20);
    expect([...new Set(used)].filter((name) => !declared.has(name))).toEqual([]);
  });

  it.skipIf(!hasPromtool)('passes promtool check metrics', () => {
    const { status, output } = promtool(['check', 'metrics'], after);
    expect(status, output).toBe(0);
  });
});

describe('access to the metrics', () => {
  it('refuses a scrape without the token on the app port, and serves one without it on METRICS_PORT', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const separate = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(separate.status).toBe(200);
    expect(await separate.text()).toContain('evconduit_http_requests_total');
  });
});

describe('status', () => {
  it('reports every component from what the server observes, with the sampled history and no private data', async () => {
    await server.waitForLog((e) => e.msg === 'job finished' && e.job === 'status sample', 20_000);
    const response = await api(server, '/api/system/status');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=15');
    const body = response.body as {
      state: string;
      components: Array<{ id: string; state: string }>;
      history: Record<string, Array<{ state: string }>>;
    };
    const states = Object.fromEntries(body.components.map((c) => [c.id, c.state]));
    // The test servers have neither Stripe nor Enode (nor its simulator).
    expect(states).toEqual({ database: 'up', enode: 'off', stripe: 'off', ocpp: 'up', push: 'up' });
    expect(body.state).toBe('up');
    expect(body.history.database.length).toBeGreaterThan(0);
    expect(body.history.database.at(-1)!.state).toBe('up');
    expect(JSON.stringify(body)).not.toContain(owner.email);
    // The job's success is in the metrics too (from the lease row, so every instance reports it), at most a
    // scrape later: a scrape that finds the database slow reports the previous count (`boundedSampler`).
    await expect
      .poll(async () => sample(await scrape(), 'evconduit_job_last_success_timestamp_seconds', { job_name: 'status sample' }), { timeout: 5_000 })
      .toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('has a public page, signed in or not', async () => {
    const response = await fetch(`${server.url}/status`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('All systems operational');
    expect(html).toContain('Charge point connections (OCPP)');
  });
});

describe('the log', () => {
  it('says in one line where the server is, where its data is and where charge points connect', () => {
    const ready = server.entries().find(isReadyLine)!;
    const web = new URL(server.url).origin;
    const database = server.databaseUrl ? `PostgreSQL at ${new URL(server.databaseUrl).host}` : `embedded database in ${server.dataDir}`;
    const ocpp = `${web.replace('http', 'ws')}/ocpp/<identity>`;
    expect(ready.msg).toBe(`EVConduit ready on ${web}, ${database}, OCPP at ${ocpp}, metrics at http://127.0.0.1:${metricsPort}/metrics`);
  });

  it('logs pages but not static files and prefetches, unless they fail', async () => {
    const marker = randomBytes(4).toString('hex');
    await fetch(`${server.url}/signin?static-${marker}`);
    await fetch(`${server.url}/_next/static/chunks/missing-${marker}.js`);
    await fetch(`${server.url}/signin?prefetch-${marker}`, { headers: { 'next-router-prefetch': '1', rsc: '1' } });
    const page = await server.waitForLog((e) => e.msg === 'request' && e.route === '/signin' && e.status === 200);
    expect(page.path).toBe('/signin');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const requestLines = server.entries().filter((e) => e.msg === 'request');
    expect(requestLines.some((e) => String(e.path).includes(`missing-${marker}`))).toBe(false);
    // Three requests to /signin's template were made; the prefetch among them is not logged.
    expect(requestLines.filter((e) => e.route === '/signin').length).toBe(1);
  });

  it('logs a call no handler takes', () => {
    expect(server.entries().some((e) => e.msg === 'OCPP call refused before any handler' && e.action === 'other' && e.code === 'NotImplemented')).toBe(true);
  });
});

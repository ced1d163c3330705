// Solar controller: S sites × K sessions in Solar mode (real OCPP clients, half 1.6, half 2.0.1), each site
// receiving a measurement every --interval seconds through the API with a key. Every measurement moves the
// surplus (±2 A per phase around the sessions' draw), so each one changes every session's limit.
// Prints the time from a measurement's POST to the last of its site's charge points receiving its new
// TxProfile (p50/p99/max), the server's CPU per measurement, and what did not arrive. Beside them, a few
// charge points of no site send the OCPP load bench's mix, a message every 200 ms each (`support/ocpp-probes.mjs`):
// their round trips before the measurements start
// and during them (the controller must not slow OCPP down), and during a control: as many cores as the
// server (and PostgreSQL) used, kept busy as long by processes that are not the server.
// Usage: node bench/solar-controller.mjs [--sites 200] [--per-site 10] [--seconds 60] [--interval 10] [--cpu-prof DIR]
//   (--cpu-prof: the server's V8 CPU profiles, one per thread, written when it exits)
//   (NEXT_DIST_DIR=.next-test reuses the test build; else builds into .next-bench first if needed)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { RPCClient } from 'ocpp-rpc';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';
import { ocppProbes } from './support/ocpp-probes.mjs';
import { benchSetup, burnCpu, cpuProfileArgs, cpuSeconds, freePort, machineBusySeconds, pool, postgresCpuSeconds, sleep } from './support/process-stats.mjs';

const { values: args } = parseArgs({
  options: {
    sites: { type: 'string', default: '200' },
    'per-site': { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
    interval: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
  },
});
const SITES = Number(args.sites);
const PER_SITE = Number(args['per-site']);
const SECONDS = Number(args.seconds);
const INTERVAL_S = Number(args.interval);
const N = SITES * PER_SITE;
const PROBES = 5;
const { distDir, env } = benchSetup(N + PROBES);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-solar-'));
const admin = { email: `bench-${Date.now()}@example.com`, password: 'bench password 1234' };
const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'user:create', '--email', admin.email, '--password', admin.password, '--admin'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...env, DATA_DIR: dataDir },
});
if (created.status !== 0) process.exit(1);
// No delays: every measurement acts at once, so each one is a full controller run with new limits.
const server = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs'), cpuProfileArgs(args['cpu-prof'])), {
  env: {
    ...env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    APP_URL: base,
    ENERGY_SOLAR_START_DELAY_S: '0',
    ENERGY_SOLAR_STOP_DELAY_S: '0',
    ENERGY_MIN_SWITCH_S: '0',
    // The first measurement must stay fresh through the probes' quiet phase before the measurements.
    ENERGY_MEASUREMENT_STALE_S: String(Math.max(60, INTERVAL_S * 6) + SECONDS + 30),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => server.kill('SIGTERM');
process.on('exit', stop);
for (;;) {
  if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
  if (server.exitCode !== null) throw new Error('server exited during start-up');
  await sleep(50);
}
const signIn = await fetch(`${base}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(admin) });
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
const call = async (method, url, body, auth = { cookie }) => {
  const headers = { 'content-type': 'application/json', origin: base, ...(auth.cookie ? { cookie: auth.cookie } : { authorization: `Bearer ${auth.key}` }) };
  const res = await fetch(`${base}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};
const key = (await call('POST', '/api/keys', { name: 'bench', scope: 'ha' })).key;

// Each site: a generous fixed limit, so the surplus (not the limit) decides.
const sites = [];
for (let i = 0; i < SITES; i++) sites.push({ id: (await call('POST', '/api/sites', { name: `bench-site-${i}`, max_current_a: PER_SITE * 16, phases: 3 })).id, stations: [] });
const stations = [];
for (const [i, site] of sites.entries())
  for (let j = 0; j < PER_SITE; j++) stations.push({ identity: `bench-solar-${i}-${j}`, protocol: j % 2 ? 'ocpp2.0.1' : 'ocpp1.6', site });
const registering = performance.now();
await pool(stations, 8, async (s) => {
  const cp = await call('POST', '/api/charge-points', { identity: s.identity, name: s.identity });
  s.id = cp.id;
  s.password = cp.password;
  await call('PATCH', `/api/charge-points/${cp.id}`, { site_id: s.site.id, charging_mode: 'solar' });
  s.site.stations.push(s);
});
const probeChargePoints = [];
for (let i = 0; i < PROBES; i++) probeChargePoints.push(await call('POST', '/api/charge-points', { identity: `bench-probe-${i}`, name: `bench-probe-${i}` }));
console.error(`registered ${SITES} sites × ${PER_SITE} charge points in ${((performance.now() - registering) / 1000).toFixed(1)} s`);

let profiles = 0;
let rejectedByClient = 0;
async function connect(s) {
  const client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity: s.identity, password: s.password, protocols: [s.protocol], reconnect: false, strictMode: true });
  s.client = client;
  client.handle('SetChargingProfile', () => {
    profiles++;
    const pending = s.site.pending;
    if (pending && pending.waiting.delete(s)) {
      if (pending.waiting.size === 0) {
        s.site.latencies.push(performance.now() - pending.sentAt);
        s.site.pending = undefined;
      }
    }
    return { status: 'Accepted' };
  });
  client.on('badMessage', () => rejectedByClient++);
  client.handle('ClearChargingProfile', () => ({ status: 'Accepted' }));
  // A busy server refuses handshakes it cannot finish in time (503): a real charge point tries again.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (attempt === 5) throw error;
      await sleep(1000 * attempt);
    }
  }
  const v16 = s.protocol === 'ocpp1.6';
  await client.call('BootNotification', v16 ? { chargePointVendor: 'Bench', chargePointModel: 'Solar' } : { reason: 'PowerUp', chargingStation: { vendorName: 'Bench', model: 'Solar' } });
  if (v16) {
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await client.call('StartTransaction', { connectorId: 1, idTag: 'BENCH', meterStart: 0, timestamp: new Date().toISOString() });
  } else {
    await client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: `${s.identity}-tx`, chargingState: 'Charging' },
      evse: { id: 1, connectorId: 1 },
    });
  }
}
await pool(stations, 25, connect);
for (const site of sites) site.latencies = [];
// All on: a large export first.
await pool(sites, 8, (site) => call('POST', `/api/ha/sites/${site.id}/measurements`, { grid_power_w: -PER_SITE * 16 * 690 }, { key }));
await sleep(5000);
const probes = await ocppProbes(port, probeChargePoints, { everyMs: 200 });
probes.phase('before');
await sleep(SECONDS * 1000); // as long as the measurements run: as many round trips before as during
console.error(`${N} sessions connected and started; measurements every ${INTERVAL_S} s per site for ${SECONDS} s`);
probes.phase('during');

const cpu0 = { server: cpuSeconds(server.pid), postgres: postgresCpuSeconds(), machine: machineBusySeconds(), client: process.cpuUsage() };
// The bench's own event loop delays every time it measures (2,000 sockets in one process): reported apart.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const t0 = performance.now();
let measurements = 0;
let incomplete = 0;
let failed = 0;
// Sites staggered over the interval; each alternates between importing and exporting 2 A per phase.
await Promise.all(
  sites.map(async (site, i) => {
    await sleep((i / SITES) * INTERVAL_S * 1000);
    // The first one imports: the sessions hold the site's whole share after the initial export, so an export would change nothing.
    let flip = -1;
    let next = performance.now();
    while (performance.now() - t0 < SECONDS * 1000) {
      if (site.pending) incomplete++;
      site.pending = { sentAt: performance.now(), waiting: new Set(site.stations) };
      flip = -flip;
      try {
        await call('POST', `/api/ha/sites/${site.id}/measurements`, { grid_power_w: flip * 1380 }, { key });
        measurements++;
      } catch {
        failed++;
      }
      next += INTERVAL_S * 1000;
      await sleep(Math.max(0, next - performance.now()));
    }
  }),
);
probes.phase(null);
await sleep(5000);
const elapsed = (performance.now() - t0) / 1000;
const clientCpu = process.cpuUsage(cpu0.client);
const cpu = {
  server: cpuSeconds(server.pid) - cpu0.server,
  postgres: postgresCpuSeconds() - cpu0.postgres,
  machine: machineBusySeconds() - cpu0.machine,
  client: (clientCpu.user + clientCpu.system) / 1e6,
};
// The control: the cores the server and its database used, kept busy as long by processes of their own.
probes.phase('control');
await burnCpu((cpu.server + cpu.postgres) / elapsed, SECONDS * 1000);
const probed = await probes.stop();
const all = sites.flatMap((s) => s.latencies).sort((a, b) => a - b);
const q = (p) => (all.length ? all[Math.min(all.length - 1, Math.floor(p * all.length))].toFixed(0) : '–');
console.log(`solar controller: ${SITES} sites × ${PER_SITE} sessions, ${measurements} measurements in ${elapsed.toFixed(0)} s (${(measurements / elapsed).toFixed(1)}/s), ${profiles} profiles received`);
console.log(`measurement → all of the site's new limits received: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms (${all.length} complete, ${incomplete + sites.filter((s) => s.pending).length} not complete before the next, ${failed} POSTs failed, ${rejectedByClient} invalid frames)`);
console.log(`server CPU ${((cpu.server / measurements) * 1000).toFixed(1)} ms per measurement (${(cpu.server / elapsed).toFixed(2)} cores)${process.env.DATABASE_URL ? `, PostgreSQL ${(cpu.postgres / elapsed).toFixed(2)} cores` : ''}, bench ${(cpu.client / elapsed).toFixed(2)} cores, machine ${(cpu.machine / elapsed).toFixed(2)} cores busy`);
for (const line of probed.lines) console.log(line);
console.log(`bench event-loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`);
await Promise.all(stations.map((s) => s.client?.close({ force: true }).catch(() => {})));
stop();
process.exit(0);

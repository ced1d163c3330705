// Notification fan-out: N charge points go offline at once; each owner alert goes out through the
// outbox to a local ntfy-like sink. Measures the time until every alert is delivered, and the OCPP
// round trips of charge points that stay connected meanwhile (their p99 is what the outage costs others).
// Usage: node bench/notification-fanout.mjs [--n 1000] [--probes 50] [--offline-after 5] [--scan-every 2000] [--cpu-prof DIR]
//   (builds into .next-bench first if needed; NEXT_DIST_DIR picks another build)
// --scan-every sets JOB_INTERVAL_MS: the incident scan runs every 30 s in production, so add up to 30 s
// to "first alert" there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RPCClient } from 'ocpp-rpc';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';
import { ocppProbes, percentile } from './support/ocpp-probes.mjs';
import { benchSetup, cpuProfileArgs, cpuSeconds, freePort, pool, rssMiB, sleep } from './support/process-stats.mjs';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    probes: { type: 'string', default: '50' },
    'offline-after': { type: 'string', default: '5' },
    'scan-every': { type: 'string', default: '2000' },
    timeout: { type: 'string', default: '900' },
    // Writes the server's V8 CPU profiles (one per thread) into DIR when it exits: open them in Chrome's DevTools.
    'cpu-prof': { type: 'string' },
  },
});
const N = Number(args.n);
const PROBES = Number(args.probes);
const { distDir, env } = benchSetup(N + PROBES);

// The ntfy stand-in: counts what arrives per title, answers as ntfy does.
const received = [];
const sink = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    try {
      received.push({ at: performance.now(), title: JSON.parse(raw).title });
    } catch {
      return void res.writeHead(400).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"event":"message"}');
  });
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-fanout-'));
const admin = { email: `bench-${Date.now()}@example.com`, password: 'bench password 1234' };
const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'user:create', '--email', admin.email, '--password', admin.password, '--admin'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...env, DATA_DIR: dataDir },
});
if (created.status !== 0) process.exit(1);
const profiling = cpuProfileArgs(args['cpu-prof']);
const server = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs'), profiling), {
  env: {
    ...env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    APP_URL: base,
    // The charge points that go offline send nothing after their boot: a long interval keeps a slow connect ramp from
    // making the first of them look unheard (an "offline" alert before the outage).
    OCPP_HEARTBEAT_INTERVAL_S: '3600',
    // The connect ramp is set-up: on a busy box a handshake may wait longer than the 10 s default.
    OCPP_HANDSHAKE_TIMEOUT_MS: '60000',
    NOTIFY_OFFLINE_AFTER_S: args['offline-after'],
    NOTIFY_ALLOW_PRIVATE_ADDRESSES: 'true',
    JOB_INTERVAL_MS: args['scan-every'],
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stopServer);
for (;;) {
  if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
  if (server.exitCode !== null) throw new Error('server exited during start-up');
  await sleep(50);
}
const signIn = await fetch(`${base}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(admin) });
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
const send = (method, url, body) =>
  fetch(`${base}${url}`, { method, headers: { 'content-type': 'application/json', origin: base, cookie }, body: JSON.stringify(body) });
const prefs = await send('PUT', '/api/notifications/preferences', {
  events: { charge_point_offline: { ntfy: true } },
  ntfy_url: `${sinkUrl}/fanout`,
  quiet_hours: null,
  time_zone: 'UTC',
});
if (prefs.status !== 200) throw new Error(`preferences: ${prefs.status} ${await prefs.text()}`);

const stations = Array.from({ length: N + PROBES }, (_, i) => ({ identity: i < N ? `fan-${i}` : `probe-${i - N}`, probe: i >= N }));
const registering = performance.now();
await pool(stations, 16, async (s) => {
  const res = await send('POST', '/api/charge-points', { identity: s.identity, name: s.identity });
  if (res.status !== 201) throw new Error(`registering ${s.identity}: HTTP ${res.status} ${await res.text()}`);
  s.password = (await res.json()).password;
});
console.error(`registered ${N + PROBES} charge points in ${((performance.now() - registering) / 1000).toFixed(1)} s`);
const connecting = performance.now();
await pool(
  stations.filter((s) => !s.probe),
  50,
  async (s) => {
    s.client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity: s.identity, password: s.password, protocols: ['ocpp1.6'], reconnect: false });
    await s.client.connect();
    await s.client.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Fanout' });
  },
);
// The charge points that stay: a Heartbeat a second each, from a worker thread, so that closing thousands of
// sockets in this thread never delays what is measured.
const probes = await ocppProbes(port, stations.filter((s) => s.probe), { everyMs: 1000 });
console.error(`connected and booted in ${((performance.now() - connecting) / 1000).toFixed(1)} s`);
probes.phase('before');
await sleep(10_000);
const cpuBefore = cpuSeconds(server.pid);
const outageAt = performance.now();
probes.phase('during');
await Promise.all(stations.filter((s) => !s.probe).map((s) => s.client.close({ force: true })));
console.error(`${N} charge points disconnected; waiting for ${N} alerts`);
const offline = () => received.filter((m) => m.title.endsWith('is offline'));
let peakRss = rssMiB(server.pid);
for (const until = performance.now() + Number(args.timeout) * 1000; offline().length < N && performance.now() < until; ) {
  await sleep(250);
  peakRss = Math.max(peakRss, rssMiB(server.pid));
}
const cpu = cpuSeconds(server.pid) - cpuBefore;
const probed = await probes.stop();

const alerts = offline().map((m) => (m.at - outageAt) / 1000).sort((a, b) => a - b);
const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : String(v));
const titles = new Map();
for (const m of offline()) titles.set(m.title, (titles.get(m.title) ?? 0) + 1);
console.log(`notification fan-out: ${N} charge points offline at once, ${PROBES} staying connected (NOTIFY_OFFLINE_AFTER_S=${args['offline-after']}, scan every ${args['scan-every']} ms)`);
console.log(`alerts delivered: ${alerts.length}/${N} (duplicates: ${[...titles.values()].filter((c) => c > 1).length})`);
console.log(`time after the outage: first ${fmt(alerts[0])} s, p50 ${fmt(percentile(alerts, 50))} s, p99 ${fmt(percentile(alerts, 99))} s, last ${fmt(alerts.at(-1))} s`);
console.log(`delivery rate after the first: ${fmt((alerts.length - 1) / Math.max(0.001, (alerts.at(-1) ?? 0) - (alerts[0] ?? 0)))} alerts/s`);
console.log(`the ${PROBES} staying charge points' ${probed.lines.join('; ')}; max during ${fmt(Math.max(...(probed.rtts.during ?? [])))} ms`);
console.log(`server CPU during the fan-out: ${cpu.toFixed(1)} s; peak RSS ${peakRss} MiB; machine load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
stopServer();
if (profiling.length > 0) await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve()));
sink.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(alerts.length === N && [...titles.values()].every((c) => c === 1) ? 0 : 1);

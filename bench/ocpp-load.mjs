// OCPP load: N charge points (half 1.6, half 2.0.1) connect, boot, heartbeat
// every 60 s and run sessions with meter values every 10 s, against the built
// server on PGlite, or on PostgreSQL when DATABASE_URL is set.
// Usage: node bench/ocpp-load.mjs [--n 5000] [--seconds 60] [--scrape-every 15] [--metrics off]
//   (builds into .next-bench first if needed)
// Round trips are reported for the connect/boot ramp and the steady phase apart. Prometheus scrapes
// /metrics every --scrape-every seconds during the steady phase (times reported); --metrics off does not
// scrape, to compare the server's CPU per message between two runs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { RPCClient } from 'ocpp-rpc';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';
import { bootNotification, chargingSession } from './support/ocpp-session.mjs';
import { instrumentationMicrosPerMessage, startScraping } from './support/metrics-scrape.mjs';
import { benchSetup, cpuSeconds, freePort, machineBusySeconds, pool, postgresCpuSeconds, rssMiB, sleep, threadCpuSeconds } from './support/process-stats.mjs';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '60' },
    'scrape-every': { type: 'string', default: '15' },
    metrics: { type: 'string', default: 'on' },
  },
});
const SCRAPING = args.metrics !== 'off';
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const N = Number(args.n);
const SECONDS = Number(args.seconds);
const { distDir, env } = benchSetup(N);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-ocpp-'));
// TEST_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server, as in the other benchmarks.
const nodeArgs = process.env.TEST_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
// The administrator, with a confirmed address (registering charge points needs one), made as an operator would.
const admin = { email: `bench-${Date.now()}@example.com`, password: 'bench password 1234' };
const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'user:create', '--email', admin.email, '--password', admin.password, '--admin'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...env, DATA_DIR: dataDir },
});
if (created.status !== 0) process.exit(1);
const server = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs'), nodeArgs), {
  env: { ...env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, APP_URL: base, OCPP_HEARTBEAT_INTERVAL_S: '60', METRICS_TOKEN },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (;;) {
  if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
  if (server.exitCode !== null) throw new Error('server exited during start-up');
  await sleep(50);
}

const rssIdle = rssMiB(server.pid);
// The administrator has no plan limits on charge points.
const signIn = await fetch(`${base}/api/auth/signin`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify(admin),
});
const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
const registering = performance.now();
const stations = Array.from({ length: N }, (_, i) => ({ identity: `bench-${i}`, protocol: i % 2 ? 'ocpp2.0.1' : 'ocpp1.6' }));
await pool(stations, 16, async (s) => {
  const res = await fetch(`${base}/api/charge-points`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ identity: s.identity, name: s.identity }),
  });
  if (res.status !== 201) throw new Error(`registering ${s.identity}: HTTP ${res.status} ${await res.text()}`);
  s.password = (await res.json()).password;
});

const rssRegistered = rssMiB(server.pid);
console.error(`registered ${N} charge points in ${((performance.now() - registering) / 1000).toFixed(1)} s`);
// Registering thousands of charge points in seconds is set-up, not the load under test: V8 gives
// that burst's garbage back by itself within about a minute, so wait until RSS stops falling.
const settling = performance.now();
await sleep(30_000);
for (let previous = rssMiB(server.pid); performance.now() - settling < 90_000; ) {
  await sleep(10_000);
  const current = rssMiB(server.pid);
  if (previous - current < 10) break;
  previous = current;
}
const rssSettled = rssMiB(server.pid);
console.error(`RSS ${rssRegistered} MiB after registering, ${rssSettled} MiB after ${((performance.now() - settling) / 1000).toFixed(0)} s`);
// Round trips of calls started during the connect/boot ramp, the steady phase, and the drain after it
// (every charge point then ends its session at once: a burst no real fleet sends, so it is reported apart).
const rampRtts = [];
const steadyRtts = [];
const drainRtts = [];
let rtts = rampRtts;
const connectMs = [];
const steadyByAction = {};
// Steady round trips per 10 s window: tells a periodic stall (a checkpoint, a GC) from a spread-out tail.
const steadyByWindow = [];
let measureStart;
let messages = 0;
let failures = 0;
const failureReasons = new Map();
const call = async (client, action, payload) => {
  const started = performance.now();
  const into = rtts;
  const byAction = rtts === steadyRtts ? (steadyByAction[action] ??= []) : undefined;
  try {
    return await client.call(action, payload);
  } catch (error) {
    failures++;
    const reason = `${into === rampRtts ? 'ramp' : into === steadyRtts ? 'steady' : 'drain'}: ${error.message}`;
    failureReasons.set(reason, (failureReasons.get(reason) ?? 0) + 1);
  } finally {
    into.push(performance.now() - started);
    if (into === steadyRtts) (steadyByWindow[Math.floor((started - measureStart) / 10_000)] ??= []).push(performance.now() - started);
    byAction?.push(performance.now() - started);
    messages++;
  }
};
let stopping = false;
/** One charge point: boot, heartbeat every 60 s, sessions of 1–4 minutes with a reading every 10 s. */
async function run(s) {
  const client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity: s.identity, password: s.password, protocols: [s.protocol], reconnect: false });
  s.client = client;
  const connecting = performance.now();
  await client.connect();
  connectMs.push(performance.now() - connecting);
  s.connected = true;
  client.once('close', () => (s.connected = false));
  await call(client, 'BootNotification', bootNotification(s));
  s.markReady();
  const heartbeat = setInterval(() => void call(client, 'Heartbeat', {}), 60_000);
  await sleep(Math.random() * 30_000);
  while (!stopping) {
    await chargingSession(s, { call: (action, payload) => call(client, action, payload), tick: () => sleep(10_000), ticks: 6 + Math.floor(Math.random() * 18), stopping: () => stopping });
    await sleep(Math.random() * 20_000);
  }
  clearInterval(heartbeat);
}

const started = performance.now();
const runs = [];
// Ramp: at most 50 charge points connecting and booting at a time.
await pool(stations, 50, async (s) => {
  const ready = new Promise((resolve) => (s.markReady = resolve));
  runs.push(run(s).catch(() => failures++).finally(() => { s.markReady(); s.finished = true; }));
  await ready;
});
const connectedAfterRamp = stations.filter((s) => s.connected).length;
const rampS = (performance.now() - started) / 1000;
console.error(`ramp done in ${rampS.toFixed(1)} s; steady phase for ${SECONDS} s`);
rtts = steadyRtts;
const measureFrom = messages;
measureStart = performance.now();
const cpuFrom = { threads: threadCpuSeconds(server.pid), server: cpuSeconds(server.pid), client: process.cpuUsage(), postgres: postgresCpuSeconds(), machine: machineBusySeconds() };
const rssAfterRamp = rssMiB(server.pid);
let peakRss = rssAfterRamp;
const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.pid))), 1000);
// The bench's own event loop delays every round trip it measures: report it apart.
const clientLoopDelay = monitorEventLoopDelay({ resolution: 10 });
clientLoopDelay.enable();
const scraping = SCRAPING ? startScraping(base, METRICS_TOKEN, Number(args['scrape-every']) * 1000) : undefined;
await sleep(SECONDS * 1000);
const scrapeMs = (await scraping?.stop()) ?? [];
const scrapeSeries = SCRAPING ? (await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()).split('\n').filter((l) => l && !l.startsWith('#')).length : 0;
clientLoopDelay.disable();
peakRss = Math.max(peakRss, rssMiB(server.pid));
const steadyPeakRss = peakRss;
rtts = drainRtts;
const connected = stations.filter((s) => s.connected).length;
const steadyS = (performance.now() - measureStart) / 1000;
const rate = (messages - measureFrom) / steadyS;
const serverCpu = (cpuSeconds(server.pid) - cpuFrom.server) / steadyS;
// The main thread runs every socket; another busy thread is the embedded database's (or the garbage collector's helpers).
const threadCpu = [...threadCpuSeconds(server.pid)].map(([tid, seconds]) => [tid, (seconds - (cpuFrom.threads.get(tid) ?? 0)) / steadyS]);
const mainThreadCpu = threadCpu.find(([tid]) => tid === String(server.pid))[1];
const busiestOtherThreadCpu = Math.max(0, ...threadCpu.filter(([tid]) => tid !== String(server.pid)).map(([, cores]) => cores));
const postgresCpu = (postgresCpuSeconds() - cpuFrom.postgres) / steadyS;
const machineCpu = (machineBusySeconds() - cpuFrom.machine) / steadyS;
const clientCpuUs = process.cpuUsage(cpuFrom.client);
const clientCpu = (clientCpuUs.user + clientCpuUs.system) / 1e6 / steadyS;
stopping = true;
// Every charge point finishes its session (its last reading comes up to 20 s later); only a hung run hits the cap.
const drainStart = performance.now();
await Promise.race([Promise.all(runs), sleep(120_000)]);
const unfinished = stations.filter((s) => !s.finished).length;
const drainS = (performance.now() - drainStart) / 1000;
await Promise.all(stations.map((s) => s.client?.close({ force: true }).catch(() => {})));
clearInterval(rssSampler);

await new Promise((resolve) => server.once('exit', resolve).kill('SIGTERM'));
const STORED_READINGS = `select cp.identity, (extract(epoch from mv.sampled_at) * 1000)::bigint::text || '|' || mv.value as reading
  from meter_values mv join charge_points cp on cp.id = mv.charge_point_id where cp.identity like 'bench-%'`;
let storedRows;
if (process.env.DATABASE_URL) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(process.env.DATABASE_URL, { max: 1 });
  storedRows = await sql.unsafe(STORED_READINGS);
  await sql`delete from charge_points where identity like 'bench-%'`;
  await sql.end();
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(dataDir, 'pglite'));
  storedRows = (await db.query(STORED_READINGS)).rows;
  await db.close();
}
const stored = storedRows.length;
const meterValuesSent = stations.reduce((n, s) => n + (s.sent?.length ?? 0), 0);
const storedBy = new Map();
for (const { identity, reading } of storedRows) (storedBy.get(identity) ?? storedBy.set(identity, new Set()).get(identity)).add(reading);
const lost = stations.flatMap((s) => (s.sent ?? []).filter((r) => !storedBy.get(s.identity)?.has(r)).map((r) => `${s.identity} ${new Date(Number(r.split('|')[0])).toISOString()} ${r.split('|')[1]} Wh`));
fs.rmSync(dataDir, { recursive: true, force: true });

const pct = (list, p) => (list.length ? list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))].toFixed(1) : '–');
const summary = (list) => {
  list.sort((a, b) => a - b);
  return `${pct(list, 50)} ms / ${pct(list, 99)} ms  (${list.length} calls)`;
};
console.log(`database:                ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
console.log(`charge points:           ${N} (${connectedAfterRamp} connected after a ${rampS.toFixed(1)} s ramp, ${connected} at the end)`);
console.log(`messages/s (steady):     ${rate.toFixed(1)} over ${SECONDS} s`);
console.log(`connect p50 / p99:       ${summary(connectMs).replace('calls', 'sockets')}`);
console.log(`ramp round trip p50/p99: ${summary(rampRtts)}`);
console.log(`steady round trip:       ${summary(steadyRtts)}`);
for (const [action, list] of Object.entries(steadyByAction).sort()) console.log(`  ${action.padEnd(22)} ${summary(list)}`);
console.log(`  p99 per 10 s window:   ${steadyByWindow.map((list) => pct(list.sort((a, b) => a - b), 99)).join(', ')} ms`);
console.log(`drain round trip:        ${summary(drainRtts)}${unfinished ? `; ${unfinished} charge points still busy after 120 s` : ''} (${drainS.toFixed(1)} s)`);
console.log(`failed calls:            ${failures}${failureReasons.size ? ` (${[...failureReasons].map(([m, n]) => `${n}× ${m}`).join('; ')})` : ''}`);
console.log(`bench event-loop delay:  p50 ${(clientLoopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(clientLoopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(clientLoopDelay.max / 1e6).toFixed(1)} ms  (steady phase; part of every round trip above)`);
// On a small machine the database server and this bench compete with the server for the same cores.
const postgresPart = process.env.DATABASE_URL ? `, PostgreSQL server ${postgresCpu.toFixed(2)}` : '';
console.log(`CPU (steady, cores):     server ${serverCpu.toFixed(2)} (main thread ${mainThreadCpu.toFixed(2)}, busiest other thread ${busiestOtherThreadCpu.toFixed(2)})${postgresPart}, bench clients ${clientCpu.toFixed(2)}; machine ${machineCpu.toFixed(2)} of ${os.availableParallelism()} busy  (load average ${os.loadavg()[0].toFixed(2)})`);
const cpuMicrosPerMessage = (serverCpu * 1e6) / rate;
console.log(`server CPU per message:  ${cpuMicrosPerMessage.toFixed(0)} µs (steady; metrics ${SCRAPING ? `on, scraped every ${args['scrape-every']} s` : 'not scraped'})`);
if (SCRAPING) {
  // The instrumentation runs on every call whether or not anyone scrapes (compare runs with --metrics off for the whole cost).
  const perMessage = instrumentationMicrosPerMessage();
  console.log(`/metrics scrape at ${N}:  ${summary([...scrapeMs]).replace('calls', 'scrapes')}, ${scrapeSeries} series  (wall time seen by the bench, database queue included)`);
  console.log(`metrics instrumentation: ${perMessage.toFixed(2)} µs CPU per message = ${((perMessage / cpuMicrosPerMessage) * 100).toFixed(2)} % of the server's CPU per message`);
}
console.log(`server RSS (peak):       ${steadyPeakRss} MiB steady, ${peakRss} MiB with the drain  (idle ${rssIdle}, after registering ${rssRegistered}, settled ${rssSettled}, after the ramp ${rssAfterRamp})`);
console.log(`meter values stored:     ${stored} of ${meterValuesSent} sent${lost.length ? `; not stored: ${lost.slice(0, 10).join(', ')}` : ''}`);

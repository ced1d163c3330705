// The attacker's probe of issue 20, bounded, against the built server on PGlite: each phase
// sends one kind of hostile input while a well-behaved charge point sends a Heartbeat and a
// client asks /api/health every 100 ms, both from a worker thread of their own. Prints, per phase, their round trips (p50/p99/max),
// failures, the server's RSS and open file descriptors, and what the phase itself saw.
// Usage: node bench/hostile-probe.mjs   (builds into .next-bench first if needed)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RPCClient } from 'ocpp-rpc';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';

const distDir = process.env.NEXT_DIST_DIR || '.next-bench';
const env = { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'error' };
if (!fs.existsSync(path.join(distDir, 'evconduit-server.mjs'))) {
  if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env }).status !== 0) process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const rssMiB = (pid) => Math.round(Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024);
const openFds = (pid) => fs.readdirSync(`/proc/${pid}/fd`).length;
const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => (Number.isNaN(v) ? '–' : `${v.toFixed(1)} ms`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-probe-'));
const email = `probe-${Date.now()}@example.com`;
const password = 'probe password 1234';
// A verified administrator, made before the server holds the data folder.
const cli = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'user:create', '--email', email, '--password', password, '--admin'], {
  env: { ...env, DATA_DIR: dataDir },
  encoding: 'utf8',
});
if (cli.status !== 0) throw new Error(`user:create failed: ${cli.stderr}`);

const server = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs')), {
  env: { ...env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, APP_URL: base },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverErrorLines = 0;
server.stderr.on('data', (chunk) => (serverErrorLines += String(chunk).split('\n').length - 1));
for (;;) {
  if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
  if (server.exitCode !== null) throw new Error('server exited during start-up');
  await sleep(50);
}

const json = { 'content-type': 'application/json', origin: base };
const signin = await fetch(`${base}/api/auth/signin`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
if (!signin.ok) throw new Error(`sign-in: HTTP ${signin.status} ${await signin.text()}`);
const cookie = signin.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
async function apiPost(pathname, body, method = 'POST') {
  const res = await fetch(`${base}${pathname}`, { method, headers: { ...json, cookie }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${pathname}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
const tariff = await apiPost('/api/tariffs', {
  name: 'Day and night',
  price_per_kwh: 0.3,
  currency: 'CHF',
  time_blocks: [{ from: '22:00', to: '06:00', price_per_kwh: 0.2 }],
});
const stations = {};
/** Registers a charge point on the tariff; `connected(name)` (re)connects it before each phase. */
async function register(name) {
  const identity = `probe-${name}`;
  const cp = await apiPost('/api/charge-points', { identity, name: identity });
  await apiPost(`/api/charge-points/${cp.id}`, { tariff_id: tariff.id }, 'PATCH');
  stations[name] = { identity, password: cp.password };
}
async function connected(name) {
  const station = stations[name];
  if (station.client?.state === 1) return station.client; // OPEN
  // ocpp-rpc sends one call at a time unless told otherwise; the attacker pipelines.
  const client = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    identity: station.identity,
    password: station.password,
    protocols: ['ocpp1.6'],
    reconnect: false,
    callConcurrency: name === 'attacker' ? 100_000 : 1,
  });
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'Probe', chargePointModel: 'Bench' });
  station.client = client;
  return client;
}
await register('victim');
await register('attacker');

// The victim charge point and the health checks run in a worker thread (see probe-monitor.mjs).
const monitor = new Worker(new URL('./support/probe-monitor.mjs', import.meta.url), { workerData: { port, ...stations.victim } });
const monitorSamples = () => new Promise((resolve) => monitor.once('message', resolve));
/** Starts measuring; the function it returns stops and resolves with the samples. */
function watch() {
  monitor.postMessage('start');
  return () => {
    const samples = monitorSamples();
    monitor.postMessage('stop');
    return samples;
  };
}

/** Raw HTTP over one socket; resolves with the status line, or with how it ended (`closed`, `timeout`). */
function rawRequest(text, { timeoutMs = 15_000, keepOpen = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('connect', () => (keepOpen ? socket.write(text) : socket.end(text)));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n')) done(answer.split('\r\n')[0]);
    });
    socket.on('close', () => done(answer ? answer.split('\r\n')[0] : 'closed'));
    socket.on('error', () => done('error'));
  });
}
const tally = (outcomes) => Object.entries(outcomes.reduce((m, o) => ((m[o] = (m[o] ?? 0) + 1), m), {})).map(([k, v]) => `${v} × ${k}`).join(', ');
const upgrade = (pathname) =>
  `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
  `Sec-WebSocket-Key: ${Buffer.from('probe-probe-1234').toString('base64')}\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n`;

let txCounter = 0;
const phases = [
  ['idle (baseline)', async () => {
    await sleep(5_000);
    return '';
  }],
  ['2,000 upgrades to /ocpp/%ZZ (bad percent-encoding), 100 at a time', async () => {
    const outcomes = [];
    for (let i = 0; i < 2_000; i += 100) {
      outcomes.push(...(await Promise.all(Array.from({ length: 100 }, () => rawRequest(upgrade(`/ocpp/%ZZ${i}`), { keepOpen: true, timeoutMs: 5_000 })))));
    }
    return tally(outcomes);
  }],
  ['300 handshakes that never finish their headers', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, i) => rawRequest(`GET /ocpp/slow-${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`, { keepOpen: true, timeoutMs: 30_000 })),
    );
    return tally(outcomes);
  }],
  ['a session from 2000-01-01 to 9999-12-31 on a charge point with a tariff', async () => {
    const started = performance.now();
    const outcome = [];
    try {
      const { transactionId } = await attacker.call('StartTransaction', { connectorId: 1, idTag: `PROBE${txCounter++}`, meterStart: 0, timestamp: '2000-01-01T00:00:00.000Z' });
      outcome.push(`start ${transactionId}`);
      await attacker.call('StopTransaction', { transactionId, meterStop: 10_000, timestamp: '9999-12-31T00:00:00.000Z' });
      outcome.push('stop answered');
    } catch (error) {
      outcome.push(`refused: ${error.rpcErrorCode ?? error.message}`);
    }
    return `${outcome.join(', ')} in ${ms(performance.now() - started)}`;
  }],
  ['20,000 StatusNotifications pipelined from one socket', async () => {
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20_000 }, (_, i) =>
        attacker.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: i % 2 ? 'Available' : 'Preparing' }, { callTimeoutMs: 120_000 }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected').length;
    return `${results.length - refused} answered, ${refused} refused, in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  }],
  ['250 DataTransfers of 200 KB', async () => {
    const data = 'x'.repeat(200 * 1024);
    const results = await Promise.allSettled(
      Array.from({ length: 250 }, () => attacker.call('DataTransfer', { vendorId: 'Probe', messageId: 'blob', data }, { callTimeoutMs: 120_000 })),
    );
    const refused = results.filter((r) => r.status === 'rejected').length;
    return `${results.length - refused} answered, ${refused} refused`;
  }],
  ['5 chunked 100 MB POSTs to /api/webhooks/stripe', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const post = () =>
      new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        let status = 'closed';
        let sent = 0;
        socket.on('data', (d) => {
          if (status === 'closed') status = String(d).split('\r\n')[0]; // the status line, not a later chunk of the body
        });
        socket.on('error', () => resolve(`${status} after ${sent} MB`));
        socket.on('close', () => resolve(`${status} after ${sent} MB`));
        socket.on('connect', async () => {
          socket.write('POST /api/webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
          while (sent < 100 && !socket.destroyed) {
            const ok = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n');
            sent++;
            if (!ok) await new Promise((r) => socket.once('drain', r).once('close', r));
          }
          if (!socket.destroyed) socket.end('0\r\n\r\n');
        });
      });
    return tally(await Promise.all(Array.from({ length: 5 }, post)));
  }],
];

console.log(`server pid ${server.pid}, idle RSS ${rssMiB(server.pid)} MiB, ${openFds(server.pid)} open fds`);
console.log('| phase | what the probe saw | heartbeat p50 / p99 / max | health p50 / p99 / max | failures | RSS after | fds after | server stderr lines |');
console.log('|---|---|---|---|---|---|---|---|');
let attacker;
for (const [name, phase] of phases) {
  attacker = await connected('attacker');
  const stop = watch();
  let seen;
  try {
    seen = await phase();
  } catch (error) {
    seen = `phase failed: ${error.message}`;
  }
  await sleep(1_000);
  const { heartbeat, health, failures } = await stop();
  console.log(
    `| ${name} | ${seen} | ${ms(percentile(heartbeat, 50))} / ${ms(percentile(heartbeat, 99))} / ${ms(Math.max(...heartbeat))} | ` +
      `${ms(percentile(health, 50))} / ${ms(percentile(health, 99))} / ${ms(Math.max(...health))} | ${failures} | ${rssMiB(server.pid)} MiB | ${openFds(server.pid)} | ${serverErrorLines} |`,
  );
}

monitor.postMessage('close');
await new Promise((r) => monitor.once('exit', r));
await stations.attacker.client?.close({ force: true });
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

// Clustering: the same charge points on 1 and on 2 instances sharing one PostgreSQL database.
// Each run: the instances' idle CPU first (no charge point); then N charge points (half 1.6, half
// 2.0.1) spread evenly over the instances, one long session each with a reading every 10 s and a
// heartbeat every 60 s: the steady phase measures messages/s, round trips and CPU per message;
// then a stream of commands (GetConfiguration to 1.6 charge points) goes through the HTTP API of a
// random instance (60 s by default), so some are answered by the instance holding the socket (local) and
// some travel over the bus (routed). With 2 instances, one is then killed (SIGKILL): its charge
// points reconnect to the other, resend what was not acknowledged, and every reading they sent
// must be stored.
// Usage: npm run bench:cluster -- [--n 2000] [--seconds 60] [--commands-per-s 20] [--command-seconds 60] [--instances 1,2]
// PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh database per run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { RPCClient } from 'ocpp-rpc';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';
import { benchSetup, cpuSeconds, freePort, pool, postgresCpuSeconds, sleep } from './support/process-stats.mjs';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '60' },
    'commands-per-s': { type: 'string', default: '20' },
    instances: { type: 'string', default: '1,2' },
    'command-seconds': { type: 'string', default: '60' },
  },
});
const N = Number(args.n);
const SECONDS = Number(args.seconds);
const COMMANDS_PER_S = Number(args['commands-per-s']);
const RUNS = args.instances.split(',').map(Number);
const IDLE_SECONDS = 15;
const COMMAND_SECONDS = Number(args['command-seconds']);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const { distDir, env } = benchSetup(N);

const pct = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const ms = (value) => (Number.isNaN(value) ? '–' : `${value.toFixed(1)} ms`);

async function withDatabase(fn) {
  const name = `evc_bench_cluster_${Date.now()}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

async function startInstance(databaseUrl) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-cluster-'));
  const child = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs'), []), {
    env: { ...env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, APP_URL: base, DATABASE_URL: databaseUrl, OCPP_HEARTBEAT_INTERVAL_S: '60' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    await sleep(50);
  }
  return { port, base, child, dataDir };
}

async function run(instanceCount) {
  return withDatabase(async (databaseUrl) => {
    const account = { email: `bench-${Date.now()}@example.com`, password: 'bench password 1234' };
    const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'user:create', '--email', account.email, '--password', account.password, '--admin'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, DATABASE_URL: databaseUrl },
    });
    if (created.status !== 0) throw new Error('creating the account failed');
    const instances = [];
    // One at a time, as a deploy would: the first applies nothing new (the CLI migrated), the others find it done.
    for (let i = 0; i < instanceCount; i++) instances.push(await startInstance(databaseUrl));
    const signIn = await fetch(`${instances[0].base}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: instances[0].base },
      body: JSON.stringify(account),
    });
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
    // What the instances cost doing nothing (timers, leases, pollers): paid once per instance, whatever the load.
    const idleFrom = instances.map((i) => cpuSeconds(i.child.pid));
    await sleep(IDLE_SECONDS * 1000);
    const idleCores = instances.reduce((sum, i, n) => sum + cpuSeconds(i.child.pid) - idleFrom[n], 0) / IDLE_SECONDS;
    const stations = Array.from({ length: N }, (_, i) => ({ identity: `bench-${i}`, protocol: i % 2 ? 'ocpp2.0.1' : 'ocpp1.6', home: i % instanceCount }));
    await pool(stations, 16, async (s) => {
      const res = await fetch(`${instances[0].base}/api/charge-points`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: instances[0].base, cookie },
        body: JSON.stringify({ identity: s.identity, name: s.identity }),
      });
      if (res.status !== 201) throw new Error(`registering ${s.identity}: HTTP ${res.status} ${await res.text()}`);
      Object.assign(s, await res.json());
    });

    let messages = 0;
    let failures = 0;
    let steady = false;
    const steadyRtts = [];
    const call = async (client, action, payload) => {
      const started = performance.now();
      const answer = await client.call(action, payload);
      if (steady) {
        steadyRtts.push(performance.now() - started);
        messages++;
      }
      return answer;
    };
    /** Connects (again) to instance `to`, boots, resends what was not acknowledged; resolves when accepted. */
    const connect = async (s, to) => {
      const client = new RPCClient({ endpoint: `ws://127.0.0.1:${instances[to].port}/ocpp`, identity: s.identity, password: s.password, protocols: [s.protocol], reconnect: false });
      client.handle('GetConfiguration', () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] }));
      await client.connect();
      s.client = client;
      s.at = to;
      const v16 = s.protocol === 'ocpp1.6';
      const boot = await call(client, 'BootNotification', v16 ? { chargePointVendor: 'Bench', chargePointModel: 'Cluster' } : { reason: 'PowerUp', chargingStation: { vendorName: 'Bench', model: 'Cluster' } });
      if (boot.status !== 'Accepted') throw new Error(`${s.identity} not accepted: ${boot.status}`);
      client.once('close', () => (s.client = undefined));
      for (const message of s.unacknowledged.splice(0)) await send(s, message);
    };
    /** One reading; kept until acknowledged (a charger's offline queue), so a kill loses nothing it sent. */
    const send = async (s, message) => {
      try {
        await call(s.client, message.action, message.payload);
        s.acknowledged.push(message.reading);
      } catch {
        s.unacknowledged.push(message);
        failures++;
      }
    };
    const reading = (s, wh) => {
      const at = new Date(Math.max(Date.now(), (s.lastAt ?? 0) + 1));
      s.lastAt = at.getTime();
      const timestamp = at.toISOString();
      const v16 = s.protocol === 'ocpp1.6';
      const meterValue = [{ timestamp, sampledValue: [{ value: v16 ? String(wh) : wh, measurand: 'Energy.Active.Import.Register', ...(v16 ? { unit: 'Wh' } : {}) }] }];
      const action = v16 ? 'MeterValues' : 'TransactionEvent';
      const payload = v16
        ? { connectorId: 1, transactionId: s.tx16, meterValue }
        : { eventType: 'Updated', timestamp, triggerReason: 'MeterValuePeriodic', seqNo: s.seqNo++, transactionInfo: { transactionId: s.identity }, meterValue };
      return { action, payload, reading: `${at.getTime()}|${wh}` };
    };

    let stopping = false;
    const loops = [];
    await pool(stations, 50, async (s) => {
      s.acknowledged = [];
      s.unacknowledged = [];
      s.seqNo = 0;
      await connect(s, s.home);
      if (s.protocol === 'ocpp1.6') {
        s.tx16 = (await call(s.client, 'StartTransaction', { connectorId: 1, idTag: 'BENCH', meterStart: 0, timestamp: new Date().toISOString() })).transactionId;
      } else {
        await call(s.client, 'TransactionEvent', { eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'CablePluggedIn', seqNo: s.seqNo++, transactionInfo: { transactionId: s.identity }, evse: { id: 1, connectorId: 1 } });
      }
      loops.push(
        (async () => {
          await sleep(Math.random() * 10_000);
          let wh = 0;
          let beats = 0;
          while (!stopping) {
            if (s.client) {
              wh += 30;
              await send(s, reading(s, wh));
              if (++beats % 6 === 0) await call(s.client, 'Heartbeat', {}).catch(() => failures++);
            }
            await sleep(10_000);
          }
        })(),
      );
    });

    // Commands through random instances; local when that instance holds the socket, routed otherwise.
    const commandMs = { local: [], routed: [] };
    let commandFailures = 0;
    let commanding = false;
    const commandStream = async () => {
      const v16 = stations.filter((s) => s.protocol === 'ocpp1.6');
      while (commanding) {
        const s = v16[Math.floor(Math.random() * v16.length)];
        const via = Math.floor(Math.random() * instances.length);
        const started = performance.now();
        void fetch(`${instances[via].base}/api/charge-points/${s.id}/commands`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: instances[via].base, cookie },
          body: JSON.stringify({ action: 'GetConfiguration', payload: { key: ['HeartbeatInterval'] } }),
        }).then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) commandFailures++;
          else commandMs[via === s.at ? 'local' : 'routed'].push(performance.now() - started);
        });
        await sleep(1000 / COMMANDS_PER_S);
      }
    };

    await sleep(15_000); // every charge point past its first reading
    const pids = instances.map((i) => i.child.pid);
    const cpuFrom = { servers: pids.map(cpuSeconds), postgres: postgresCpuSeconds() };
    const measureStart = performance.now();
    steady = true;
    await sleep(SECONDS * 1000);
    steady = false;
    const steadyS = (performance.now() - measureStart) / 1000;
    const serverCpu = pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuFrom.servers[i], 0);
    const postgresCpu = postgresCpuSeconds() - cpuFrom.postgres;
    commanding = true;
    const commands = commandStream();
    await sleep(COMMAND_SECONDS * 1000);
    commanding = false;
    await commands;
    await sleep(2000); // the last answers
    const result = {
      instances: instanceCount,
      rate: messages / steadyS,
      p99: pct(steadyRtts, 99),
      idleCores,
      cpuPerMessageUs: (serverCpu / messages) * 1e6,
      loadCpuPerMessageUs: ((serverCpu - idleCores * steadyS) / messages) * 1e6,
      postgresPerMessageUs: (postgresCpu / messages) * 1e6,
      local: commandMs.local,
      routed: commandMs.routed,
      commandFailures,
      failures,
    };

    if (instanceCount >= 2) {
      // kill -9 of the last instance: its charge points reconnect to the first and resend.
      const victim = instances.length - 1;
      const orphans = stations.filter((s) => s.at === victim);
      instances[victim].child.kill('SIGKILL');
      const reconnectMs = [];
      let notBack = 0;
      await Promise.all(
        orphans.map(async (s) => {
          await sleep(Math.random() * 5000); // chargers notice and retry at their own moment
          const attempt = performance.now();
          for (;;) {
            try {
              await connect(s, 0);
              reconnectMs.push(performance.now() - attempt);
              return;
            } catch {
              if (performance.now() - attempt > 60_000) return void notBack++;
              await sleep(1000);
            }
          }
        }),
      );
      result.killed = { orphans: orphans.length, reconnectMs, notBack };
    }

    stopping = true;
    await Promise.all(loops);
    for (const s of stations) {
      if (!s.client) continue;
      if (s.unacknowledged.length) for (const m of s.unacknowledged.splice(0)) await send(s, m);
      await s.client.close({ force: true }).catch(() => {});
    }
    for (const instance of instances) instance.child.kill('SIGTERM');
    await Promise.all(instances.map((i) => (i.child.exitCode === null && i.child.signalCode === null ? new Promise((r) => i.child.once('exit', r)) : undefined)));
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const rows = await sql.unsafe(`select cp.identity, (extract(epoch from mv.sampled_at) * 1000)::bigint::text || '|' || mv.value as reading
      from meter_values mv join charge_points cp on cp.id = mv.charge_point_id`);
    await sql.end();
    const stored = new Set(rows.map((r) => `${r.identity} ${r.reading}`));
    const acknowledged = stations.flatMap((s) => s.acknowledged.map((r) => `${s.identity} ${r}`));
    result.acknowledged = acknowledged.length;
    result.lost = acknowledged.filter((r) => !stored.has(r));
    result.pending = stations.reduce((sum, s) => sum + s.unacknowledged.length, 0);
    for (const instance of instances) fs.rmSync(instance.dataDir, { recursive: true, force: true });
    return result;
  });
}

const results = [];
for (const count of RUNS) {
  console.error(`== ${count} instance(s), ${N} charge points, ${SECONDS} s steady`);
  results.push(await run(count));
}
for (const r of results) {
  console.log(`-- ${r.instances} instance(s) on one PostgreSQL, ${N} charge points`);
  console.log(`messages/s (steady):       ${r.rate.toFixed(1)}; steady round trip p99 ${ms(r.p99)}`);
  console.log(`CPU per message:           servers ${r.cpuPerMessageUs.toFixed(0)} µs (all instances), of which ${r.loadCpuPerMessageUs.toFixed(0)} µs above their idle ${r.idleCores.toFixed(3)} cores; PostgreSQL ${r.postgresPerMessageUs.toFixed(0)} µs`);
  console.log(`commands local:            p50 ${ms(pct(r.local, 50))}, p99 ${ms(pct(r.local, 99))} (${r.local.length})`);
  console.log(`commands routed:           p50 ${ms(pct(r.routed, 50))}, p99 ${ms(pct(r.routed, 99))} (${r.routed.length}); failed commands ${r.commandFailures}`);
  if (r.killed) {
    console.log(`after kill -9:             ${r.killed.orphans} charge points reconnected elsewhere: p50 ${ms(pct(r.killed.reconnectMs, 50))}, max ${ms(pct(r.killed.reconnectMs, 100))} from their attempt to Accepted; ${r.killed.notBack} not back within 60 s`);
  }
  console.log(`meter values:              ${r.acknowledged - r.lost.length} of ${r.acknowledged} acknowledged stored${r.lost.length ? ` (lost: ${r.lost.slice(0, 5).join(', ')})` : ''}; ${r.pending} never acknowledged; ${r.failures} failed calls`);
}
if (results.length >= 2) {
  const [one, more] = [results[0], results[results.length - 1]];
  const extra = (more.cpuPerMessageUs / one.cpuPerMessageUs - 1) * 100;
  const loadExtra = (more.loadCpuPerMessageUs / one.loadCpuPerMessageUs - 1) * 100;
  console.log(`-- clustering costs ${extra.toFixed(1)} % CPU per message (${loadExtra.toFixed(1)} % above idle; target ≤ 15 %); routed p99 − local p99 = ${ms(pct(more.routed, 99) - pct(more.local, 99))} (target ≤ 50 ms)`);
}

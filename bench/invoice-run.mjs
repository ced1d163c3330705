// Invoice run for a big shared site: 200 charge points, 300 drivers (members with an
// id tag each) and a month of sessions (default 20,000, 4 hours each with a reading every
// 15 minutes: 340,000 readings), seeded with SQL into a fresh PostgreSQL database; then
// `POST /api/sites/{id}/invoices` for the month through the real server. Prints the run's
// time, the server's peak RSS during it, and the OCPP round trips (p50/p99) of 10 connected
// charge points sending the OCPP load bench's mix (`support/ocpp-probes.mjs`) before and during the run, and during a control: as many cores as the
// server and PostgreSQL used in the run, kept busy as long by processes of their own.
// Usage: node bench/invoice-run.mjs [--sessions 20000] [--rounds 3] [--cpu-prof DIR] (the server's V8 CPU profiles, written when it exits)
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (the default): a server where
//   the user may create databases; a fresh one is made and dropped.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';
import { ocppProbes } from './support/ocpp-probes.mjs';
import { benchSetup, burnCpu, cpuProfileArgs, cpuSeconds, freePort, postgresCpuSeconds, rssMiB, sleep } from './support/process-stats.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const SESSIONS = arg('sessions', 20_000);
const ROUNDS = arg('rounds', 3);
/** Each run's quiet phase before it: the baseline for the round trips. */
const QUIET_MS = 30_000;
const cpuProfileDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const CHARGE_POINTS = 200;
const DRIVERS = 300;
const PROBES = 10;
const MONTH = '2026-11';
const serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const { distDir, env } = benchSetup(PROBES);

const dbName = `evc_bench_invoices_${randomBytes(4).toString('hex')}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
await admin.end();
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const databaseUrl = dbUrl.toString();

const account = { email: `bench-${Date.now()}@example.com`, password: 'bench password 1234' };
const created = spawnSync('npm', ['run', '--silent', 'cli', '--', 'user:create', '--email', account.email, '--password', account.password], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...env, DATABASE_URL: databaseUrl },
});
if (created.status !== 0) throw new Error('creating the account failed');

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-invoices-'));
const child = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs'), cpuProfileArgs(cpuProfileDir)), {
  env: { ...env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, APP_URL: base, DATABASE_URL: databaseUrl },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
let probing;
try {
  for (;;) {
    if ((await fetch(`${base}/api/ready`).catch(() => null))?.status === 200) break;
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    await sleep(50);
  }
  const signIn = await fetch(`${base}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(account) });
  const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('evc_session=')).split(';')[0];
  const call = async (method, p, body) => {
    const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', origin: base, cookie }, body: body && JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text}`);
    return JSON.parse(text);
  };
  const site = await call('POST', '/api/sites', { name: 'Bench estate', time_zone: 'Europe/Zurich', legal_name: 'Bench AG', legal_address: 'Street 1', vat_id: 'CHE-1', vat_rate_percent: 8.1 });
  const tariff = await call('POST', '/api/tariffs', { name: 'Night', price_per_kwh: 0.3, currency: 'CHF', time_blocks: [{ from: '22:00', to: '06:00', price_per_kwh: 0.1 }] });
  const probes = [];
  for (let i = 0; i < PROBES; i++) probes.push(await call('POST', '/api/charge-points', { identity: `probe-${i}`, name: `probe-${i}` }));

  // Seed with SQL: charge points, members with a tag each, sessions and their readings.
  const seedStart = performance.now();
  const [{ id: ownerId }] = await sql`select id from users where email = ${account.email}`;
  await sql`insert into charge_points (owner_id, site_id, tariff_id, identity, name)
    select ${ownerId}, ${site.id}, ${tariff.id}, 'bench-cp-' || n, 'Bench ' || n from generate_series(0, ${CHARGE_POINTS - 1}) n`;
  await sql`insert into site_members (site_id, email, role, accepted_at)
    select ${site.id}, 'driver-' || n || '@example.com', 'driver', now() from generate_series(0, ${DRIVERS - 1}) n`;
  await sql`insert into id_tags (owner_id, tag, member_id)
    select ${ownerId}, 'TAG-' || split_part(split_part(m.email, '@', 1), '-', 2), m.id from site_members m where m.site_id = ${site.id}`;
  // Session i: charge point i % 200, its (i / 200)th slot of the month (slots spaced evenly, 4 h long, on 15-minute marks).
  const perPoint = Math.ceil(SESSIONS / CHARGE_POINTS);
  const slotQuarters = Math.floor((30 * 96 - 16) / perPoint);
  await sql`insert into transactions (charge_point_id, evse_id, connector_id, ocpp_transaction_id, id_tag, started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh)
    select cp.id, 1, 1, 'bench-' || s.n, 'TAG-' || (s.n % ${DRIVERS}),
      timestamptz '2026-10-31T23:00:00Z' + ((s.n / ${CHARGE_POINTS}) * ${slotQuarters}) * interval '15 minutes',
      timestamptz '2026-10-31T23:00:00Z' + ((s.n / ${CHARGE_POINTS}) * ${slotQuarters} + 16) * interval '15 minutes',
      0, 16 * 700, 16 * 700
    from generate_series(0, ${SESSIONS - 1}) s(n)
    join charge_points cp on cp.identity = 'bench-cp-' || (s.n % ${CHARGE_POINTS})`;
  await sql`insert into meter_values (charge_point_id, transaction_id, evse_id, sampled_at, measurand, value, unit, context)
    select t.charge_point_id, t.id, 1, t.started_at + k * interval '15 minutes', 'Energy.Active.Import.Register', k * 700, 'Wh', 'Sample.Periodic'
    from transactions t cross join generate_series(0, 16) k where t.ocpp_transaction_id like 'bench-%'`;
  await sql`analyze`;
  // The seed's WAL flushed now, not in the phase before the run, where its checkpoint would slow the probes' commits.
  await sql`checkpoint`;
  const [{ count: readings }] = await sql`select count(*)::int as count from meter_values`;
  console.log(`seeded ${SESSIONS} sessions, ${readings} readings, ${CHARGE_POINTS} charge points, ${DRIVERS} drivers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // OCPP probes: the load bench's mix from 10 charge points, a message every 100 ms each, round trips before and during the run.
  // ROUNDS runs, each after a quiet phase of its own, pooled: one run gives ~2,000 round trips and 15 s before it ~1,600, whose p99 alone moved by ±20 % from run to run.
  probing = await ocppProbes(port, probes, { everyMs: 100 });
  const runs = [];
  let summary;
  for (let round = 1; round <= ROUNDS; round++) {
    probing.phase('before');
    await sleep(QUIET_MS);
    probing.phase('during');
    const baseline = rssMiB(child.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(child.pid))), 100);
    const cpu0 = { server: cpuSeconds(child.pid), postgres: postgresCpuSeconds() };
    const started = performance.now();
    summary = await call('POST', `/api/sites/${site.id}/invoices`, { month: MONTH });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    probing.phase(null);
    runs.push({ seconds, baseline, peak, server: (cpuSeconds(child.pid) - cpu0.server) / seconds, postgres: (postgresCpuSeconds() - cpu0.postgres) / seconds });
    // The next round issues the month anew: this one's invoices go, and their numbers with them.
    if (round < ROUNDS) {
      await sql`delete from invoices where site_id = ${site.id}`;
      await sql`update invoice_counters set last_number = 0 where site_id = ${site.id}`;
    }
    await sleep(5_000);
  }
  // The control: as many cores busy for as long, but outside the server and its database.
  probing.phase('control');
  for (const run of runs) await burnCpu(run.server + run.postgres, run.seconds * 1000);
  const probed = await probing.stop();
  probing = undefined;

  const total = summary.issued.reduce((s, i) => s + Number(i.total), 0);
  console.log(`invoices issued: ${summary.issued.length} (numbers ${summary.issued[0]?.number}–${summary.issued.at(-1)?.number}), unassigned ${summary.unassigned.length}, total ${total.toFixed(2)} CHF`);
  for (const [i, run] of runs.entries()) {
    // The memory target is the first run's: a later run's idle server still holds the heap the first one grew.
    const memoryTarget = i === 0 ? ' (target < 300 MiB)' : '';
    console.log(`invoice run ${i + 1}: ${run.seconds.toFixed(1)} s (target < 60 s), server RSS ${run.baseline} MiB before, peak ${run.peak} MiB${memoryTarget}, CPU: server ${run.server.toFixed(2)} cores, PostgreSQL ${run.postgres.toFixed(2)} cores`);
  }
  console.log(`OCPP probes: ${ROUNDS} runs pooled, each after a quiet phase of ${QUIET_MS / 1000} s`);
  for (const line of probed.lines) console.log(line);
} finally {
  await probing?.stop().catch(() => {});
  await sql.end();
  await new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
  fs.rmSync(dataDir, { recursive: true, force: true });
  const drop = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await drop.unsafe(`drop database if exists "${dbName}" with (force)`);
  await drop.end();
}

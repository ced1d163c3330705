// Enode webhook throughput: batches of 100 signed `user:vehicle:updated`
// events (100 vehicles of 20 Pro users) sent one after another, each as soon
// as the previous one is acknowledged, for 20 s; then checks that the stored
// state of every vehicle is its newest event. Embedded database (PGlite) by
// default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (an empty database: the bench signs up its users).
// Usage: npm run bench:enode-webhook   (NEXT_DIST_DIR=.next-test reuses the test build; else builds .next-bench)
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';

const USERS = 20;
const VEHICLES_PER_USER = 5;
const BATCH = 100;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 20_000);
const TARGET = { p99Ms: 250, eventsPerS: 2000 };

const distDir = process.env.NEXT_DIST_DIR || '.next-bench';
const secret = randomBytes(24).toString('hex');
const env = { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };
if (!fs.existsSync(path.join(distDir, 'evconduit-server.mjs'))) {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env });
  if (built.status !== 0) process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-webhook-'));
// Enode itself is not needed: webhooks are only received. The API URL points nowhere.
const child = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs')), {
  env: {
    ...env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: base,
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.BENCH_DATABASE_URL || '',
    ENODE_CLIENT_ID: 'bench',
    ENODE_CLIENT_SECRET: 'bench',
    ENODE_API_URL: 'http://127.0.0.1:9',
    ENODE_OAUTH_URL: 'http://127.0.0.1:9/oauth2/token',
    ENODE_WEBHOOK_SECRET: secret,
  },
  stdio: 'ignore',
});
const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve).kill('SIGTERM')));

async function call(method, pathname, { body, cookie, headers = {} } = {}) {
  const res = await fetch(base + pathname, {
    method,
    headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}), ...headers },
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, cookie: res.headers.getSetCookie?.()[0]?.split(';')[0], body: text ? JSON.parse(text) : undefined };
}

async function deliver(events) {
  const body = JSON.stringify(events);
  const signature = `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
  const res = await call('POST', '/api/webhooks/enode', { body, headers: { 'x-enode-delivery': randomUUID(), 'x-enode-signature': signature } });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
}

const vehicleState = (v) => ({
  id: v.id,
  vendor: 'TESLA',
  lastSeen: new Date(v.lastSeen).toISOString(),
  isReachable: true,
  information: { brand: 'Tesla', model: 'Model 3', displayName: 'Bench car', vin: v.id.slice(0, 17), year: 2023 },
  chargeState: { batteryLevel: v.battery, range: v.battery * 5, isCharging: false, isPluggedIn: false, chargeRate: null, batteryCapacity: 75 },
  location: { latitude: 59.9, longitude: 10.7 },
  odometer: { distance: 10_000 },
});
const event = (name, v) => ({ event: name, createdAt: new Date().toISOString(), version: '2024-10-01', user: { id: v.userId }, vehicle: vehicleState(v) });

try {
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    if ((await fetch(`${base}/api/ready`).catch(() => undefined))?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The first account is the administrator; everyone goes to Pro (5 vehicles).
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const account = { email: `bench-${i}-${randomUUID().slice(0, 6)}@example.com`, password: 'bench password 1234' };
    const signUp = await call('POST', '/api/auth/signup', { body: account });
    if (signUp.status !== 202) throw new Error(`sign-up answered ${signUp.status}`);
    // Sign-up signs nobody in; these accounts need no confirmed address (no keys or charge points).
    const res = await call('POST', '/api/auth/signin', { body: account });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
    users.push({ id: res.body.user.id, cookie: res.cookie });
  }
  for (const user of users) await call('PATCH', `/api/admin/users/${user.id}`, { cookie: users[0].cookie, body: { tier: 'pro' } });

  const start = Date.now() - 3_600_000;
  const vehicles = users.flatMap((u) =>
    Array.from({ length: VEHICLES_PER_USER }, () => ({ id: randomUUID(), userId: u.id, lastSeen: start, battery: 50 })),
  );
  await deliver(vehicles.map((v) => event('user:vehicle:discovered', v)));

  // Battery levels wander without rising, so no charging sessions: the plain update path.
  const latencies = [];
  const began = performance.now();
  let sent = 0;
  while (performance.now() - began < DURATION_MS) {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const v = vehicles[(sent + i) % vehicles.length];
      v.lastSeen += 1000;
      v.battery = v.battery > 20 ? v.battery - 1 : 90;
      events.push(event('user:vehicle:updated', v));
    }
    const t = performance.now();
    await deliver(events);
    latencies.push(performance.now() - t);
    sent += BATCH;
  }
  const seconds = (performance.now() - began) / 1000;

  let mismatched = 0;
  for (const user of users) {
    const { body } = await call('GET', '/api/vehicles', { cookie: user.cookie });
    const stored = new Map(body.vehicles.map((v) => [v.enode_vehicle_id, v]));
    for (const v of vehicles.filter((x) => x.userId === user.id)) {
      const s = stored.get(v.id);
      if (!s || s.battery_level !== v.battery || s.last_seen !== new Date(v.lastSeen).toISOString()) mismatched++;
    }
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const result = {
    batches: latencies.length,
    events: sent,
    ack_p50_ms: Math.round(pct(50)),
    ack_p99_ms: Math.round(pct(99)),
    events_per_s: Math.round(sent / seconds),
    all_reflected: mismatched === 0,
    mismatched_vehicles: mismatched,
    database: process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite',
  };
  console.log(JSON.stringify(result, null, 2));
  const ok = result.ack_p99_ms <= TARGET.p99Ms && result.events_per_s >= TARGET.eventsPerS && result.all_reflected;
  console.log(ok ? 'within target' : `target: p99 <= ${TARGET.p99Ms} ms, >= ${TARGET.eventsPerS} events/s, every event reflected`);
  process.exitCode = result.all_reflected ? 0 : 1;
} finally {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

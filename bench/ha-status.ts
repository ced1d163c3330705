/**
 * Home Assistant polling throughput: 50 connections for 20 s against
 * `/api/status/{id}` (valid key, fresh cache), then the same against
 * `/api/health` on the same server; prints requests/s, p50, p99, errors, the
 * status/health ratio, and checks the usage counter equals the 200s.
 *
 *   npm run bench:ha-status                    # embedded PGlite
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_DB=postgres npm run bench:ha-status
 *
 * Uses the build in NEXT_DIST_DIR (default .next-bench), building it first if missing.
 * Profile the server with TEST_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

// Before the test helpers load: they read it once.
process.env.NEXT_DIST_DIR ||= '.next-bench';
const { startEnodeSimulator } = await import('../tests/fakes/enode/simulator');
const { seedVehicle, startServerWithEnode } = await import('../tests/helpers/enode');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

if (!fs.existsSync(path.join(process.env.NEXT_DIST_DIR, 'evconduit-server.mjs'))) {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (built.status !== 0) process.exit(1);
}

async function json(url: string, init: RequestInit & { cookie?: string; key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.body) headers.set('content-type', 'application/json');
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return { body: (await response.json()) as any, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
}

const sim = await startEnodeSimulator();
const server = await startServerWithEnode(sim, { env: { VEHICLE_CACHE_MAX_AGE_S: '86400', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}) } });
try {
  const origin = { origin: server.url };
  const account = JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery' });
  await json(`${server.url}/api/auth/signup`, { method: 'POST', headers: origin, body: account });
  // Keys need a confirmed address: the link is in the logged mail (the test server has no SMTP).
  const mail = await server.waitForLog((e) => e.mail?.to === 'bench@example.com');
  const token = /verify-email\?token=([\w-]+)/.exec(mail.mail.text)![1];
  await json(`${server.url}/api/auth/verify-email`, { method: 'POST', headers: origin, body: JSON.stringify({ token }) });
  const signIn = await json(`${server.url}/api/auth/signin`, { method: 'POST', headers: origin, body: account });
  const user = signIn.body.user;
  const cookie = signIn.cookie!;
  const limits = (await json(`${server.url}/api/admin/plans`, { cookie })).body;
  limits.pro.monthly_calls = 10_000_000;
  limits.burst_per_minute = 100_000;
  await json(`${server.url}/api/admin/plans`, { method: 'PUT', cookie, headers: origin, body: JSON.stringify(limits) });
  const key = (await json(`${server.url}/api/keys`, { method: 'POST', cookie, headers: origin, body: JSON.stringify({ name: 'bench' }) })).body.key;
  const car = await seedVehicle(sim, user.id);

  // The server's CPU time (user + system, in ms; /proc counts 10 ms ticks): less noisy than req/s on a shared box.
  const cpuMs = () => {
    const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const cpuPerRequest = new Map<string, number>();
  const run = async (label: string, url: string, headers: Record<string, string> = {}) => {
    const before = cpuMs();
    const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, title: label });
    cpuPerRequest.set(label, (cpuMs() - before) / result.requests.total);
    return result;
  };

  const statusUrl = `${server.url}/api/status/${car.id}`;
  const auth = { authorization: `Bearer ${key}` };
  const status = await run('status', statusUrl, auth);
  const health = await run('health', `${server.url}/api/health`);
  // A timed run abandons the requests in flight when time is up (the server still answers and counts
  // them), so the counter is checked on a run of a fixed number of requests, all awaited.
  const callsBefore = (await json(`${server.url}/api/me/api-usage`, { key })).body.current_calls;
  const counted = await autocannon({ url: statusUrl, connections: CONNECTIONS, amount: 2000, headers: auth });
  const usage = { current_calls: (await json(`${server.url}/api/me/api-usage`, { key })).body.current_calls - callsBefore };
  const rssMiB = Math.round(Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024);

  const line = (r: autocannon.Result) =>
    `${r.title!.padEnd(7)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  ` +
    `errors ${r.errors + r.timeouts + r.non2xx}  (${r['2xx']} × 2xx)  server CPU ${cpuPerRequest.get(r.title!)!.toFixed(2)} ms/request`;
  const ratio = status.requests.average / health.requests.average;
  console.log(`database: ${process.env.TEST_DB === 'postgres' ? 'PostgreSQL' : 'PGlite'}; ${CONNECTIONS} connections, ${SECONDS} s each`);
  console.log(line(status));
  console.log(line(health));
  console.log(`ratio status/health: ${ratio.toFixed(2)} (target ≥ 0.6); status p99 ${status.latency.p99} ms (target ≤ 50)`);
  console.log(
    `usage counter +${usage.current_calls} for ${counted['2xx']} answered 200s of 2000 requests: ` +
      (usage.current_calls === counted['2xx'] && counted.non2xx === 0 ? 'equal' : 'DIFFERENT'),
  );
  console.log(`server RSS after the run: ${rssMiB} MiB`);
} finally {
  await server.stop();
  await sim.close();
}

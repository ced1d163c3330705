// Start-up time to /api/ready (fresh data folder, then a second start on the
// same folder) and idle memory of the server process, on the embedded database.
// Usage: node bench/startup.mjs   (builds into .next-bench first if needed)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_ENV, serverArgs } from '../scripts/server-process.mjs';

const distDir = process.env.NEXT_DIST_DIR || '.next-bench';
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

const rssMiB = (pid) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
};

async function startOnce(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, serverArgs(path.join(distDir, 'evconduit-server.mjs')), {
    env: { ...env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error('server exited during start-up');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, port, ms: Math.round(performance.now() - started) };
}

const stop = (child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-startup-'));
const fresh = await startOnce(dataDir);
await stop(fresh.child);
const second = await startOnce(dataDir);
// Warm the routes a browser and Home Assistant hit first, then let it idle.
for (const p of ['/', '/api/health', '/api/ready', '/signin']) await fetch(`http://127.0.0.1:${second.port}${p}`).catch(() => {});
await new Promise((r) => setTimeout(r, 10_000));
const idle = rssMiB(second.child.pid);
await stop(second.child);
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(`startup to /api/ready, fresh data folder: ${fresh.ms} ms`);
console.log(`startup to /api/ready, second start:      ${second.ms} ms`);
console.log(`idle RSS after warm-up + 10 s:             ${idle} MiB`);

// Measuring a server process from outside: ports, /proc readings, a bounded pool. Shared by the OCPP benchmarks.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
export const rssMiB = (pid) =>
  Math.round(Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024);
/** The open-files limit of a process: each charge point is one socket here and one in the server. */
export const openFilesLimit = (pid) => Number(fs.readFileSync(`/proc/${pid}/limits`, 'utf8').match(/Max open files\s+(\d+)/)[1]);
export const cpuSeconds = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
};
/** CPU seconds of each thread of a process, by thread id. */
export const threadCpuSeconds = (pid) =>
  new Map(fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
    try {
      return [tid, cpuSeconds(`${pid}/task/${tid}`)];
    } catch {
      return [tid, 0]; // ended meanwhile
    }
  }));
/** CPU seconds of this machine's PostgreSQL server processes (0 when it runs elsewhere or we may not read them). */
export const postgresCpuSeconds = () =>
  fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).reduce((sum, pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? sum + cpuSeconds(pid) : sum;
    } catch {
      return sum; // exited meanwhile
    }
  }, 0);
/** Busy CPU seconds of the whole machine, all cores. */
export const machineBusySeconds = () => {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
};
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Runs fn over items with at most `limit` at a time. */
export async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/**
 * The server build the benchmarks run (`NEXT_DIST_DIR`, default .next-bench; built first if missing)
 * and their environment; exits when this process may not open a socket per charge point.
 */
export function benchSetup(chargePoints) {
  const distDir = process.env.NEXT_DIST_DIR || '.next-bench';
  const env = { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };
  if (!fs.existsSync(path.join(distDir, 'evconduit-server.mjs'))) {
    if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env }).status !== 0) process.exit(1);
  }
  if (openFilesLimit('self') < chargePoints + 200) {
    console.error(`open files limit ${openFilesLimit('self')} is below ${chargePoints} charge points: raise it (ulimit -n) first`);
    process.exit(1);
  }
  return { distDir, env };
}

/** Node flags that make the server write V8 CPU profiles (one per thread) into `dir` when it exits; none without a dir. */
export const cpuProfileArgs = (dir) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : []);

/**
 * Keeps `cores` (fractional: the last one busy that share of every 10 ms) of this machine busy for
 * `ms` in processes that are not the server's: a control for what an equal load on a small box does
 * to OCPP round trips, whoever carries it.
 */
export function burnCpu(cores, ms) {
  const burners = [];
  for (let left = cores; left > 0.05; left -= 1) {
    const busyMs = Math.min(1, left) * 10;
    const loop = `const end = Date.now() + ${ms}; const idle = new Int32Array(new SharedArrayBuffer(4));
      while (Date.now() < end) { const t = performance.now() + ${busyMs}; while (performance.now() < t); if (${busyMs} < 10) Atomics.wait(idle, 0, 0, ${10 - busyMs}); }`;
    burners.push(new Promise((resolve) => spawn(process.execPath, ['-e', loop], { stdio: 'ignore' }).once('exit', resolve)));
  }
  return Promise.all(burners);
}

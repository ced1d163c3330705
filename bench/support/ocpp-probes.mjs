// OCPP beside a benchmark's load: a few charge points of their own send the OCPP load bench's mix
// (`ocpp-session.mjs`: sessions with an energy reading per tick, a Heartbeat every 6 messages, half
// of them 1.6 and half 2.0.1), compressed in time: one message every `everyMs` each. Their round
// trips are kept per phase ('before' the load, 'during' it, a 'control'), all messages and the
// Heartbeats apart (a Heartbeat touches no database: it shows the event loop alone). In a worker
// thread, so that the benchmark's own work (thousands of sockets, its requests) never delays what is measured.
// Usage: const probes = await ocppProbes(port, [{ identity, password }], { everyMs: 1000 });
//   probes.phase('before'); … probes.phase('during'); … const report = await probes.stop();
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RPCClient } from 'ocpp-rpc';
import { bootNotification, chargingSession } from './ocpp-session.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (0–100) of the values, NaN without any. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function ocppProbes(port, chargePoints, { everyMs = 1000 } = {}) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { port, chargePoints, everyMs } });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next(); // connected and booted
  // Warmed up before any phase: each probe's first session (its statements prepared on first use, up to 134 ms) is set-up, not load.
  await next();
  return {
    phase: (name) => worker.postMessage({ phase: name }),
    /**
     * Stops the probes. Returns the round trips by phase (`rtts`: every message; `heartbeats`), the
     * p99 ratio of 'during' to 'before' over every message (`ratio`), and lines to print.
     */
    async stop() {
      const answer = next();
      worker.postMessage({ stop: true });
      const { rtts, heartbeats, byAction, failures } = await answer;
      await worker.terminate();
      const lines = [];
      for (const [what, byPhase] of [
        ['OCPP round trip (the load bench\'s mix)', rtts],
        ['OCPP Heartbeat round trip', heartbeats],
      ]) {
        const p99 = (name) => percentile(byPhase[name] ?? [], 99);
        const line = (name) => `${what} ${name}: p50 ${percentile(byPhase[name] ?? [], 50).toFixed(1)} ms, p99 ${p99(name).toFixed(1)} ms (${(byPhase[name] ?? []).length})`;
        lines.push(line('before'), `${line('during')}; p99 ×${(p99('during') / p99('before')).toFixed(2)} (target ≤ ×1.20)`);
        // A control phase: the same CPU load burnt outside the server (`burnCpu`), what the box alone does to the probes.
        if (byPhase.control) lines.push(`${line('control')}; p99 ×${(p99('control') / p99('before')).toFixed(2)} (the same cores busy outside the server)`);
      }
      // Where the tail is: the p99 of each action, before → during.
      const actionP99 = (action, name) => percentile(byAction[name]?.[action] ?? [], 99).toFixed(1);
      lines.push(`  p99 by action, before → during: ${Object.keys(byAction.during ?? {}).sort().map((a) => `${a} ${actionP99(a, 'before')} → ${actionP99(a, 'during')} ms`).join(', ')}`);
      if (failures) lines.push(`${failures} probe calls failed`);
      return { rtts, heartbeats, failures, ratio: percentile(rtts.during ?? [], 99) / percentile(rtts.before ?? [], 99), lines };
    },
  };
}

if (!isMainThread && workerData?.chargePoints) {
  const { port, chargePoints, everyMs } = workerData;
  const rtts = {};
  const heartbeats = {};
  const byAction = {};
  let phase = null;
  let probing = true;
  let failures = 0;
  const stations = await Promise.all(
    chargePoints.map(async ({ identity, password }, i) => {
      const s = { identity, protocol: i % 2 ? 'ocpp2.0.1' : 'ocpp1.6' };
      s.client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity, password, protocols: [s.protocol], strictMode: true, reconnect: false });
      await s.client.connect();
      await s.client.call('BootNotification', bootNotification(s));
      return s;
    }),
  );
  let cold = stations.length;
  const loops = stations.map(async (s, i) => {
    let sent = 0;
    let last = performance.now();
    // One message every everyMs: the wait after a round trip is what is left of the interval.
    const pace = async () => {
      await sleep(Math.max(0, everyMs - (performance.now() - last)));
      last = performance.now();
    };
    const call = async (action, payload) => {
      const started = performance.now();
      const during = phase;
      try {
        const answer = await s.client.call(action, payload);
        const ms = performance.now() - started;
        if (during) {
          (rtts[during] ??= []).push(ms);
          if (action === 'Heartbeat') (heartbeats[during] ??= []).push(ms);
          ((byAction[during] ??= {})[action] ??= []).push(ms);
        }
        return answer;
      } catch {
        failures++;
      }
    };
    const tick = async () => {
      await pace();
      if (++sent % 6 === 0) {
        await call('Heartbeat', {});
        await pace();
      }
    };
    await sleep((i / stations.length) * everyMs); // spread over the interval
    while (probing) {
      await chargingSession(s, { call, tick, ticks: 6 + Math.floor(Math.random() * 18), stopping: () => !probing });
      if (s.sessions === 1 && --cold === 0) parentPort.postMessage('warm');
      await pace();
    }
  });
  parentPort.on('message', async (message) => {
    if (message.phase !== undefined) phase = message.phase;
    if (message.stop) {
      probing = false;
      await Promise.all(loops);
      await Promise.all(stations.map((s) => s.client.close({ force: true }).catch(() => {})));
      parentPort.postMessage({ rtts, heartbeats, byAction, failures });
    }
  });
  parentPort.postMessage('ready');
}

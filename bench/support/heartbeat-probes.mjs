// OCPP beside a benchmark's load: a few charge points of their own, each sending a Heartbeat every
// `everyMs`, their round trips kept per phase ('before' the load, 'during' it). In a worker thread,
// so that the benchmark's own work (thousands of sockets, its requests) never delays what is measured.
// Usage: const probes = await heartbeatProbes(port, [{ identity, password }], { everyMs: 1000 });
//   probes.phase('before'); … probes.phase('during'); … const report = await probes.stop();
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RPCClient } from 'ocpp-rpc';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (0–100) of the values, NaN without any. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function heartbeatProbes(port, chargePoints, { everyMs = 1000 } = {}) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { port, chargePoints, everyMs } });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next(); // connected and booted
  return {
    phase: (name) => worker.postMessage({ phase: name }),
    /** Stops the probes; the round trips by phase, and a line per phase with the p99 ratio of 'during' to 'before'. */
    async stop() {
      const answer = next();
      worker.postMessage({ stop: true });
      const { rtts, failures } = await answer;
      await worker.terminate();
      const line = (name) => {
        const v = rtts[name] ?? [];
        return `OCPP Heartbeat round trip ${name}: p50 ${percentile(v, 50).toFixed(1)} ms, p99 ${percentile(v, 99).toFixed(1)} ms (${v.length})`;
      };
      const ratioOf = (name) => percentile(rtts[name] ?? [], 99) / percentile(rtts.before ?? [], 99);
      const ratio = ratioOf('during');
      const lines = [line('before'), `${line('during')}; p99 ×${ratio.toFixed(2)} (target ≤ ×1.20)${failures ? `, ${failures} failed` : ''}`];
      // A control phase: the same CPU load burnt outside the server (`burnCpu`), what the box alone does to the probes.
      if (rtts.control) lines.push(`${line('control')}; p99 ×${ratioOf('control').toFixed(2)} (the same cores busy outside the server)`);
      return { rtts, failures, ratio, lines };
    },
  };
}

if (!isMainThread && workerData?.chargePoints) {
  const { port, chargePoints, everyMs } = workerData;
  const rtts = {};
  let phase = null;
  let probing = true;
  let failures = 0;
  const clients = await Promise.all(
    chargePoints.map(async ({ identity, password }) => {
      const client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity, password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false });
      await client.connect();
      await client.call('BootNotification', { chargePointVendor: 'Bench', chargePointModel: 'Probe' });
      return client;
    }),
  );
  const loops = clients.map(async (client, i) => {
    await sleep((i / clients.length) * everyMs); // spread over the interval
    while (probing) {
      const started = performance.now();
      const during = phase;
      try {
        await client.call('Heartbeat', {});
        if (during) (rtts[during] ??= []).push(performance.now() - started);
      } catch {
        failures++;
      }
      await sleep(Math.max(0, everyMs - (performance.now() - started)));
    }
  });
  parentPort.on('message', async (message) => {
    if (message.phase !== undefined) phase = message.phase;
    if (message.stop) {
      probing = false;
      await Promise.all(loops);
      await Promise.all(clients.map((c) => c.close({ force: true }).catch(() => {})));
      parentPort.postMessage({ rtts, failures });
    }
  });
  parentPort.postMessage('ready');
}

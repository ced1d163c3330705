// The well-behaved side of bench/hostile-probe.mjs, in a worker thread of its own so that the
// attacker's work in the main thread (building 20,000 calls, 50 MB of DataTransfers) never delays
// what is measured: a charge point's Heartbeat and GET /api/health, each every 100 ms.
import { parentPort, workerData } from 'node:worker_threads';
import { RPCClient } from 'ocpp-rpc';

const { port, identity, password } = workerData;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let client;
async function connected() {
  if (client?.state === 1) return client; // OPEN
  client = new RPCClient({ endpoint: `ws://127.0.0.1:${port}/ocpp`, identity, password, protocols: ['ocpp1.6'], reconnect: false });
  await client.connect();
  await client.call('BootNotification', { chargePointVendor: 'Probe', chargePointModel: 'Monitor' });
  return client;
}

let running = false;
let samples;
let loops = [];
async function loop(into, once) {
  while (running) {
    const started = performance.now();
    try {
      await once();
    } catch {
      samples.failures++;
    }
    into.push(performance.now() - started);
    await sleep(100);
  }
}

parentPort.on('message', async (command) => {
  if (command === 'start') {
    samples = { heartbeat: [], health: [], failures: 0 };
    running = true;
    loops = [
      loop(samples.heartbeat, async () => (await connected()).call('Heartbeat', {})),
      loop(samples.health, async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`health ${res.status}`);
        await res.arrayBuffer();
      }),
    ];
  } else if (command === 'stop') {
    running = false;
    await Promise.all(loops);
    parentPort.postMessage(samples);
  } else if (command === 'close') {
    await client?.close({ force: true });
    parentPort.close();
  }
});

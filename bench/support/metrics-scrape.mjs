// The metrics' share of an OCPP benchmark: /metrics scrape times at the bench's
// charge point count, and what the per-message instrumentation costs, measured
// on prom-client itself with the labels and buckets the server uses.
import { Counter, Histogram, Registry } from 'prom-client';
import { sleep } from './process-stats.mjs';

/** Scrapes `${base}/metrics` every `everyMs` until `stop()`; resolves with the times in ms. */
export function startScraping(base, token, everyMs) {
  const times = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      if (response.status !== 200 || !text.includes('evconduit_ocpp_connected_charge_points')) throw new Error(`scrape: HTTP ${response.status}`);
      times.push(performance.now() - started);
      await sleep(everyMs);
    }
  })();
  return { stop: async () => ((running = false), await done, times) };
}

/** CPU microseconds the instrumentation of one charge point call costs (a labelled counter and histogram update). */
export function instrumentationMicrosPerMessage(rounds = 500_000) {
  const registers = [new Registry()];
  const messages = new Counter({ name: 'bench_messages_total', help: 'x', labelNames: ['action', 'outcome'], registers });
  const seconds = new Histogram({ name: 'bench_seconds', help: 'x', labelNames: ['action'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
  const actions = ['Heartbeat', 'MeterValues', 'TransactionEvent', 'StatusNotification'];
  const started = process.cpuUsage();
  for (let i = 0; i < rounds; i++) {
    const action = actions[i & 3];
    messages.inc({ action, outcome: 'ok' });
    seconds.observe({ action }, 0.002);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / rounds;
}

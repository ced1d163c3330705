/**
 * The metrics endpoint's access rules, the alert rules and the exposition
 * format, checked with promtool where it is installed (tests/helpers/promtool.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearerMatches, handleMetricsOnAppPort, startMetricsServer } from '@/server/observability/metrics-endpoint';
import { bounded, boundedSampler, metrics, SAMPLE_WAIT_MS } from '@/server/observability/metrics';
import { hasPromtool, promtool } from '../helpers/promtool';

const TOKEN = 'a-metrics-token-of-some-length';
let tokenless: string;
let withToken: string;
const servers: http.Server[] = [];

function appPort(token: string | undefined): Promise<string> {
  const server = http.createServer((req, res) => {
    if (!handleMetricsOnAppPort(req, res, token)) res.writeHead(200).end('next');
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  [tokenless, withToken] = await Promise.all([appPort(undefined), appPort(TOKEN)]);
});
afterAll(() => servers.forEach((s) => s.close()));

describe('GET /metrics on the app port', () => {
  it('does not exist without METRICS_TOKEN; other paths pass on', async () => {
    expect((await fetch(`${tokenless}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect(await (await fetch(`${tokenless}/dashboard`)).text()).toBe('next');
  });

  it('asks for the bearer token, and answers in the Prometheus text format with it', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const refused = await fetch(`${withToken}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.json()).toMatchObject({ code: 'unauthorized' });
    }
    const ok = await fetch(`${withToken}/metrics?x=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await ok.text()).toMatch(/^# HELP evconduit_/m);
  });

  it('compares whole tokens only', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
  });
});

describe('METRICS_PORT listener', () => {
  it('serves /metrics without a token and nothing else', async () => {
    const server = await startMetricsServer(0, '127.0.0.1');
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('labels', () => {
  it('keep values from outside to a known set', () => {
    const known = new Set(['Heartbeat']);
    expect(bounded('Heartbeat', known)).toBe('Heartbeat');
    expect(bounded('Heartbeat2', known)).toBe('other');
    expect(bounded(undefined, known)).toBe('other');
  });

  it('every metric is evconduit_-prefixed and carries the instance label', async () => {
    const text = await metrics().registry.metrics();
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n) => !n.startsWith('evconduit_'))).toEqual([]);
    expect(text).toMatch(/^evconduit_process_cpu_user_seconds_total\{instance="[^"]+"\} /m);
  });
});

describe.skipIf(!hasPromtool)('promtool', () => {
  it('accepts the alert rules', () => {
    const { status, output } = promtool(['check', 'rules', 'docs/operations/alerts.yml']);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });

  it('accepts the exposition format', async () => {
    const { status, output } = promtool(['check', 'metrics'], await metrics().registry.metrics());
    expect(status, output).toBe(0);
  });
});

describe('a sampler that asks the database', () => {
  afterEach(() => vi.useRealTimers());

  /** A sampler answering `values` in turn, each after `ms` (fake time), or failing on an Error. */
  function slowSampler(ms: number, values: Array<number | Error>) {
    let calls = 0;
    const sampler = () =>
      new Promise<number>((resolve, reject) => {
        const value = values[calls++];
        setTimeout(() => (value instanceof Error ? reject(value) : resolve(value)), ms);
      });
    return { sampler, calls: () => calls };
  }

  /** The sampled value and the fake milliseconds it took. */
  async function timed(read: () => Promise<unknown>) {
    const start = Date.now();
    let result: { value: unknown } | undefined;
    void read().then((value) => (result = { value }));
    while (!result) await vi.advanceTimersByTimeAsync(1);
    return { value: result.value, ms: Date.now() - start };
  }

  it('waits for its first answer, then answers within SAMPLE_WAIT_MS with the last value while a slow count goes on', async () => {
    vi.useFakeTimers();
    const { sampler, calls } = slowSampler(200, [1, 2, 3]);
    const read = boundedSampler(sampler);
    expect(await timed(read)).toEqual({ value: 1, ms: 200 });
    // The database is slow: the scrape does not wait for it, and says what it knew.
    expect(await timed(read)).toEqual({ value: 1, ms: SAMPLE_WAIT_MS });
    // A scrape during that count starts no second one.
    expect(await timed(read)).toEqual({ value: 1, ms: SAMPLE_WAIT_MS });
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    // The count that went on is what the next scrape sees (and that scrape starts the next count).
    expect((await timed(read)).value).toBe(2);
  });

  it('answers a fast count at once, and leaves the gauge out after a failure', async () => {
    vi.useFakeTimers();
    const { sampler } = slowSampler(5, [7, new Error('database away'), 8]);
    const read = boundedSampler(sampler);
    expect(await timed(read)).toEqual({ value: 7, ms: 5 });
    expect(await timed(read)).toEqual({ value: undefined, ms: 5 });
    expect(await timed(read)).toEqual({ value: 8, ms: 5 });
  });
});

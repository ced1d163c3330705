/**
 * A real HTTP server playing Home Assistant's webhook handler for the
 * evconduit integration: `POST /api/webhook/<webhook_id>` answers as the
 * integration does (404 unknown webhook, 400 without vehicle data,
 * "OK (ignored - different vehicle)" for another vehicle id, else "OK").
 * Also a plain automation webhook trigger (any JSON, answered 200 with no
 * body), which is how charge point pushes arrive in Home Assistant.
 * Tests can make it fail with 5xx for a while, hang, or answer one webhook
 * one byte a second without end (a slow Home Assistant).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  webhookId: string;
  body: Record<string, unknown> & { vehicle?: Record<string, unknown> };
  answered: number;
}

export interface FakeHomeAssistant {
  /** The integration's `external_url`. */
  url: string;
  received: ReceivedPush[];
  /** Registers a webhook whose entry is set up for `vehicleId`. */
  addWebhook(webhookId: string, vehicleId: string): void;
  /** Registers an automation's webhook trigger: it takes any JSON body. */
  addAutomationWebhook(webhookId: string): void;
  removeWebhook(webhookId: string): void;
  /** The next `count` pushes get 503. */
  failNext(count: number): void;
  /** Accept pushes but never answer them (until `hang(false)`). */
  hang(on: boolean): void;
  /** Pushes to this webhook get 200 and then one byte a second, without end, until the sender gives up. */
  drip(webhookId: string): void;
  /** How many answers to this webhook are still dripping (the sender has not given up). */
  dripping(webhookId: string): number;
  /** Resolves with the first push (received from now on or before) that `match` accepts. */
  waitFor(match: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  /** Resolves once `count` pushes in all were answered with 200 OK. */
  waitForApplied(count: number, timeoutMs?: number): Promise<ReceivedPush[]>;
  close(): Promise<void>;
}

export async function startFakeHomeAssistant(): Promise<FakeHomeAssistant> {
  const webhooks = new Map<string, string>();
  const automations = new Set<string>();
  const received: ReceivedPush[] = [];
  const hanging = new Set<http.ServerResponse>();
  const drips = new Set<string>();
  const dripping = new Map<string, Set<http.ServerResponse>>();
  let failures = 0;
  let hangAll = false;
  const listeners = new Set<() => void>();

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const match = /^\/api\/webhook\/([^/?]+)$/.exec(req.url ?? '');
      const answer = (status: number, text: string) => {
        if (match) received.push({ webhookId: decodeURIComponent(match[1]), body: safeJson(raw), answered: status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
        for (const listener of listeners) listener();
      };
      if (req.method !== 'POST' || !match) return answer(404, 'Not Found');
      if (hangAll) return void hanging.add(res);
      if (drips.has(decodeURIComponent(match[1]))) return startDrip(decodeURIComponent(match[1]), raw, res);
      if (failures > 0) {
        failures -= 1;
        return answer(503, 'Service Unavailable');
      }
      const webhookId = decodeURIComponent(match[1]);
      if (automations.has(webhookId)) return answer(200, '');
      const expected = webhooks.get(webhookId);
      if (!expected) return answer(404, 'Not Found');
      const body = safeJson(raw);
      if (!body.vehicle) return answer(400, 'Missing vehicle data');
      if (body.vehicle.id !== expected) return answer(200, 'OK (ignored - different vehicle)');
      answer(200, 'OK');
    });
  });
  const startDrip = (webhookId: string, raw: string, res: http.ServerResponse) => {
    const open = dripping.get(webhookId) ?? new Set();
    dripping.set(webhookId, open);
    open.add(res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 1000);
    res.on('close', () => {
      clearInterval(timer);
      open.delete(res);
      for (const listener of listeners) listener();
    });
    received.push({ webhookId, body: safeJson(raw), answered: 200 });
    for (const listener of listeners) listener();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const applied = () => received.filter((r) => r.answered === 200 && r.body.vehicle?.id === webhooks.get(r.webhookId));

  return {
    url,
    received,
    addWebhook: (webhookId, vehicleId) => webhooks.set(webhookId, vehicleId),
    addAutomationWebhook: (webhookId) => automations.add(webhookId),
    removeWebhook: (webhookId) => webhooks.delete(webhookId),
    failNext: (count) => (failures = count),
    drip: (webhookId) => drips.add(webhookId),
    dripping: (webhookId) => dripping.get(webhookId)?.size ?? 0,
    hang: (on) => {
      hangAll = on;
      if (!on) for (const res of hanging) res.destroy();
      if (!on) hanging.clear();
    },
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No matching push; received: ${JSON.stringify(received.map((r) => [r.webhookId, r.answered]))}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    waitForApplied: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (applied().length < count) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(applied());
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Only ${applied().length} of ${count} pushes applied; received: ${JSON.stringify(received.map((r) => [r.webhookId, r.answered]))}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const open of dripping.values()) for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(raw: string): ReceivedPush['body'] {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null ? (value as ReceivedPush['body']) : {};
  } catch {
    return {};
  }
}

/**
 * A real HTTP server speaking ntfy's JSON publishing: `POST /` with
 * `{topic, title, message, click}`, answered with the message as ntfy does.
 * Tests can make it fail with 5xx for a while or answer slowly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NtfyMessage {
  topic: string;
  title: string;
  message: string;
  click?: string;
}

export interface FakeNtfy {
  url: string;
  received: NtfyMessage[];
  /** The next `count` publishes get 503. */
  failNext(count: number): void;
  /** Every publish is answered after this long. */
  delay(ms: number): void;
  waitFor(match: (m: NtfyMessage) => boolean, timeoutMs?: number): Promise<NtfyMessage>;
  close(): Promise<void>;
}

export async function startFakeNtfy(): Promise<FakeNtfy> {
  const received: NtfyMessage[] = [];
  const listeners = new Set<() => void>();
  let failures = 0;
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      setTimeout(() => {
        if (req.method !== 'POST' || req.url !== '/') return void res.writeHead(404).end();
        if (failures > 0) {
          failures--;
          return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        }
        let message: NtfyMessage;
        try {
          message = JSON.parse(raw) as NtfyMessage;
        } catch {
          return void res.writeHead(400).end('{"error":"invalid json"}');
        }
        if (typeof message.topic !== 'string' || typeof message.message !== 'string') return void res.writeHead(400).end('{"error":"invalid"}');
        received.push(message);
        for (const listener of listeners) listener();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(received.length), event: 'message', ...message }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext: (count) => void (failures = count),
    delay: (ms) => void (delayMs = ms),
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`No ntfy message matched within ${timeoutMs} ms; got ${JSON.stringify(received.map((m) => m.title))}`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

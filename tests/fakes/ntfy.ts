/**
 * A real HTTP server speaking ntfy's JSON publishing: `POST /` with
 * `{topic, title, message, click}`, answered with the message as ntfy does.
 * Tests can make it fail with 5xx for a while or answer slowly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInbox } from './inbox';

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
  const inbox = createInbox<NtfyMessage>('ntfy message', (m) => m.title);
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
        inbox.add(message);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(inbox.received.length), event: 'message', ...message }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: inbox.received,
    failNext: (count) => void (failures = count),
    delay: (ms) => void (delayMs = ms),
    waitFor: inbox.waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

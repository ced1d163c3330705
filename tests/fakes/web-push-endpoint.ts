/**
 * A push service for tests: a real HTTP server that takes Web Push
 * messages as a browser's push service would, and decrypts them as the
 * browser would (RFC 8291 aes128gcm, with `http_ece` and the subscription's
 * own P-256 key and auth secret), so a test sees what the user would see.
 * A subscription can be made to answer 410 Gone (expired).
 */
import { createECDH, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';
import { createInbox } from './inbox';

export interface PushMessage {
  subscription: string;
  /** The decrypted payload, parsed. */
  payload: { title: string; body: string; url: string };
  /** The `k=` of the VAPID Authorization header: the sender's public key. */
  vapidKey: string;
  ttl: string | undefined;
}

export interface FakePushService {
  /** A new browser: its subscription as `PushSubscription.toJSON()` gives it. */
  subscribe(): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** From now on this endpoint answers 410 Gone. */
  expire(endpoint: string): void;
  received: PushMessage[];
  waitFor(match: (m: PushMessage) => boolean, timeoutMs?: number): Promise<PushMessage>;
  close(): Promise<void>;
}

export async function startFakePushService(): Promise<FakePushService> {
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const expired = new Set<string>();
  const inbox = createInbox<PushMessage>('push', (m) => m.payload.title);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
      const browser = id ? browsers.get(id) : undefined;
      if (req.method !== 'POST' || !browser) return void res.writeHead(404).end();
      if (expired.has(id!)) return void res.writeHead(410).end();
      if (req.headers['content-encoding'] !== 'aes128gcm') return void res.writeHead(400).end('content-encoding must be aes128gcm');
      const vapid = /^vapid t=([^,]+),\s*k=(.+)$/.exec(req.headers.authorization ?? '');
      if (!vapid) return void res.writeHead(401).end('VAPID authorization missing');
      try {
        const plain = decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: browser.auth });
        inbox.add({ subscription: id!, payload: JSON.parse(plain.toString('utf8')), vapidKey: vapid[2], ttl: req.headers.ttl as string | undefined });
      } catch (error) {
        return void res.writeHead(400).end(`cannot decrypt: ${String(error)}`);
      }
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    subscribe() {
      const id = randomBytes(8).toString('hex');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(id, { ecdh, auth });
      return { endpoint: `${url}/push/${id}`, keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') } };
    },
    expire: (endpoint) => void expired.add(endpoint.split('/').at(-1)!),
    received: inbox.received,
    waitFor: inbox.waitFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

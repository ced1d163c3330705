/** Outbound requests to user-given URLs reach public addresses only, unless private networks are allowed. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachableAddress, MAX_RESPONSE_BYTES, OutboundRefusedError, postJson } from '@/server/net/outbound';

let server: http.Server;
let base: string;
const received: string[] = [];
/** Bytes the endless answer had written when the client went away. */
let endlessWritten = -1;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(`${req.url} ${body}`);
      if (req.url === '/to-metadata') return res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/hop') return res.writeHead(308, { location: '/final' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/drip') {
        // Never idle, never done: only a deadline on the whole request ends it.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        return void res.on('close', () => clearInterval(timer));
      }
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let written = 0;
        const more = () => {
          while (!res.destroyed) {
            written += 16 * 1024;
            if (!res.write('x'.repeat(16 * 1024))) return;
          }
        };
        res.on('drain', more);
        res.on('close', () => (endlessWritten = written));
        return more();
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK ${req.url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const publicOnly = { allowPrivateAddresses: false, timeoutMs: 2000 };
const homeNetwork = { allowPrivateAddresses: true, timeoutMs: 2000 };

describe('assertReachableAddress', () => {
  it.each(['8.8.8.8', '2606:4700:4700::1111'])('lets the public address %s through', (ip) => {
    expect(() => assertReachableAddress(ip, false)).not.toThrow();
  });

  it.each(['127.0.0.1', '10.1.2.3', '192.168.1.20', '172.16.0.1', '100.64.0.1', '::1', 'fd00::1', '::ffff:127.0.0.1'])(
    'refuses %s unless private networks are allowed',
    (ip) => {
      expect(() => assertReachableAddress(ip, false)).toThrow(OutboundRefusedError);
      expect(() => assertReachableAddress(ip, true)).not.toThrow();
    },
  );

  it.each(['169.254.169.254', 'fe80::1', '0.0.0.0', '224.0.0.1', '255.255.255.255'])('always refuses %s', (ip) => {
    expect(() => assertReachableAddress(ip, true)).toThrow(OutboundRefusedError);
  });
});

describe('postJson', () => {
  it('refuses a loopback IP and a name that resolves to loopback, sending nothing', async () => {
    const before = received.length;
    await expect(postJson(`${base}/x`, { a: 1 }, publicOnly)).rejects.toThrow(/loopback/);
    const byName = base.replace('127.0.0.1', 'localhost');
    await expect(postJson(`${byName}/x`, { a: 1 }, publicOnly)).rejects.toThrow(/loopback/);
    expect(received.length).toBe(before);
  });

  it('posts JSON on a home network when allowed, and follows a redirect', async () => {
    expect(await postJson(`${base}/hook`, { a: 1 }, homeNetwork)).toEqual({ status: 200, body: 'OK /hook' });
    expect(received.at(-1)).toBe('/hook {"a":1}');
    expect(await postJson(`${base}/hop`, { b: 2 }, homeNetwork)).toEqual({ status: 200, body: 'OK /final' });
    expect(received.at(-1)).toBe('/final {"b":2}');
  });

  it('reuses a kept-alive connection only for calls under the same address rule', async () => {
    const byName = base.replace('127.0.0.1', 'localhost');
    const sockets = new Set<unknown>();
    const count = (req: http.IncomingMessage) => sockets.add(req.socket);
    server.on('request', count);
    try {
      await postJson(`${byName}/a`, {}, homeNetwork);
      await postJson(`${byName}/b`, {}, homeNetwork);
      expect(sockets.size).toBe(1);
      // The home-network call left a socket open to loopback: a public-only call must not ride on it.
      await expect(postJson(`${byName}/c`, {}, publicOnly)).rejects.toThrow(/loopback/);
      expect(received.at(-1)).toBe('/b {}');
    } finally {
      server.off('request', count);
    }
  });

  it('refuses a redirect to the cloud metadata address and endless redirects', async () => {
    await expect(postJson(`${base}/to-metadata`, {}, homeNetwork)).rejects.toThrow(/169\.254\.169\.254/);
    await expect(postJson(`${base}/loop`, {}, homeNetwork)).rejects.toThrow(/redirects/);
  });

  it('gives up on an answer that never ends at the deadline of the whole request, however steadily it trickles', async () => {
    await expect(postJson(`${base}/drip`, {}, { allowPrivateAddresses: true, timeoutMs: 500 })).rejects.toThrow(
      /No complete answer within 500 ms/,
    );
  });

  it('reads an endless answer only up to the response cap, then hangs up', async () => {
    const response = await postJson(`${base}/endless`, {}, { allowPrivateAddresses: true, timeoutMs: 60_000 });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^x{2000}$/);
    await expect.poll(() => endlessWritten).toBeGreaterThan(0);
    // What the server got out before it noticed: the cap plus the socket buffers, far from endless.
    expect(endlessWritten).toBeLessThan(MAX_RESPONSE_BYTES + 16 * 1024 * 1024);
  });

  it('refuses other schemes', async () => {
    await expect(postJson('file:///etc/passwd', {}, homeNetwork)).rejects.toThrow(/scheme/);
  });
});

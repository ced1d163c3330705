/**
 * The HTTP edge against a real server: request bodies are capped while they
 * stream (the process never holds an oversized body), text with NUL or
 * unpaired surrogates is refused at validation.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

const MiB = 1024 * 1024;

/** The process's peak resident memory (VmHWM) since `resetPeakRss`, in bytes. */
function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}
function resetPeakRss(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

interface Sent {
  status: number;
  body: any;
  /** Bytes written before the answer came (or the server hung up). */
  sent: number;
  connection?: string;
}

/**
 * POSTs `size` bytes (`prefix`, then filler) chunked, without Content-Length,
 * a MiB at a time as the socket takes them, and stops sending once an answer
 * arrives.
 */
async function postChunked(server: TestServer, path: string, size: number, headers: Record<string, string> = {}, prefix = ''): Promise<Sent> {
  // The server answers 413 and closes while we are still writing; when its close overtakes the answer
  // (the kernel resets a socket closed with unread data), our write fails before the answer is read: send again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await postChunkedOnce(server, path, size, headers, prefix);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt === 3 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

function postChunkedOnce(server: TestServer, path: string, size: number, headers: Record<string, string>, prefix: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, body: JSON.parse(text || 'null'), sent, connection: response.headers.connection }),
      );
    });
    // Once the answer is in, the server may hang up on the rest: not an error of the test.
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const filler = Buffer.alloc(MiB, 'a');
    const more = () => {
      while (!answered && sent < size) {
        const chunk = sent === 0 && prefix ? Buffer.concat([Buffer.from(prefix), filler]).subarray(0, MiB) : filler;
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', more);
      }
      if (!answered) request.end();
    };
    more();
  });
}

describe('request bodies', () => {
  let server: TestServer;
  let account: Account;
  let key: string;

  beforeAll(async () => {
    server = await startServer();
    await signUp(server); // the administrator
    account = await signUp(server);
    key = (await createApiKey(server, account.cookie, 'Home Assistant')).key;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a chunked 64 MiB POST to the Stripe webhook (no login) is refused at the cap, never held in memory', async () => {
    resetPeakRss(server.pid);
    const before = peakRss(server.pid);
    const answer = await postChunked(server, '/api/webhooks/stripe', 64 * MiB);
    expect(answer.status, JSON.stringify(answer.body)).toBe(413);
    expect(answer.body).toMatchObject({ code: 'payload_too_large', detail: expect.any(String) });
    expect(answer.connection).toBe('close'); // the unread rest makes the connection useless
    // Holding the body would have taken 64 MiB at least; the cap is 1 MiB.
    expect(peakRss(server.pid) - before).toBeLessThan(32 * MiB);
    expect((await api(server, '/api/health')).status).toBe(200);
  });

  it('an API key holder’s oversized JSON body is refused at the cap too, and so is the Enode webhook’s', async () => {
    resetPeakRss(server.pid);
    const before = peakRss(server.pid);
    const answer = await postChunked(server, '/api/ha/webhook/register', 64 * MiB, { authorization: `Bearer ${key}` }, '{"webhook_id":"');
    expect(answer.status, JSON.stringify(answer.body)).toBe(413);
    expect(answer.body.code).toBe('payload_too_large');
    expect(peakRss(server.pid) - before).toBeLessThan(32 * MiB);

    const enode = await postChunked(server, '/api/webhooks/enode', 8 * MiB, {}, '[');
    expect(enode.status).toBe(413);
  });

  it('a declared Content-Length over the cap is refused before any of the body is sent', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.url}/api/ha/webhook/register`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': String(50 * MiB) },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode!);
        request.destroy();
      });
      request.on('error', reject);
      request.flushHeaders(); // headers only: the answer must not wait for a body
    });
    expect(status).toBe(413);
  });

  it('bodies under the cap still work', async () => {
    const response = await api(server, '/api/keys', { method: 'POST', cookie: account.cookie, body: { name: 'n'.repeat(50) } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });

  it('a client that never finishes its request headers is answered 408 and cut off, while others are served', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect((await api(server, '/api/health')).status).toBe(200);
    await closed; // Node's default would hold it for 60 s and more, past this test's timeout
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 29_000);
});

describe('text input', () => {
  let server: TestServer;
  let account: Account;

  beforeAll(async () => {
    server = await startServer();
    await signUp(server);
    account = await signUp(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['a NUL character', 'Carport\u0000'],
    ['a lone high surrogate', 'Carport \ud800'],
    ['a lone low surrogate', '\udc00 Carport'],
  ])('refuses a name with %s with 400, not a 500 from the database', async (_, name) => {
    const response = await api(server, '/api/charge-points', { method: 'POST', cookie: account.cookie, body: { identity: `cp-${Date.now()}`, name } });
    const body = expectError(response, 400, 'invalid_text');
    expect(body.detail).toMatch(/body\.name/);
  });

  it('refuses NUL in a query string and in an object key, and takes a proper surrogate pair', async () => {
    expectError(await api(server, '/api/charge-points?x=%00', { cookie: account.cookie }), 400, 'invalid_text');
    const key = await api(server, '/api/charge-points', { method: 'POST', cookie: account.cookie, body: { identity: `cp-${Date.now()}`, name: 'a', 'b\u0000': 1 } });
    expectError(key, 400, 'invalid_text');
    const emoji = await api(server, '/api/charge-points', { method: 'POST', cookie: account.cookie, body: { identity: `cp-${Date.now()}`, name: 'Carport 🚗' } });
    expect(emoji.status, JSON.stringify(emoji.body)).toBe(201);
  });
});

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = async (path: string) => {
    const response = await fetch(server.url + path);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    return { response, policy, nonce, html: await response.text() };
  };

  it('a page runs only scripts that carry its own fresh nonce, and may not be framed', async () => {
    const { response, policy, nonce, html } = await page('/signin');
    expect(nonce, policy).toBeDefined();
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toBeNull(); // plain http
    expect((await page('/signin')).nonce).not.toBe(nonce);
  });

  it('API answers and errors carry the baseline and a policy under which nothing runs', async () => {
    for (const path of ['/api/health', '/api/me', '/api/nothing-here']) {
      const response = await fetch(server.url + path);
      expect(response.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
  });

  it('adds HSTS when the app is served over TLS (APP_URL https)', async () => {
    const tls = await startServer({ env: { APP_URL: 'https://evconduit.example' } });
    try {
      const response = await fetch(`${tls.url}/api/health`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      const signin = await fetch(`${tls.url}/signin`);
      expect(signin.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(signin.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await tls.stop();
    }
  });
});

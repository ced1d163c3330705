/** Security profile 2 without a reverse proxy: TLS_CERT_FILE/TLS_KEY_FILE make the server speak https and wss itself. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPCClient } from 'ocpp-rpc';
import { mailedToken, uniqueEmail, DEFAULT_PASSWORD } from '../helpers/api';
import { bootPayload } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let dir: string;
let ca: string;
let base: string;

/** A JSON request over https that trusts only the test's own certificate. */
function request(method: string, pathname: string, body?: unknown, cookie?: string): Promise<{ status: number; body: any; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${base}${pathname}`, {
      method,
      ca,
      // The server's APP_URL stays the helper's http one; mutations must come from that origin.
      headers: { 'content-type': 'application/json', origin: server.url, ...(cookie && { cookie }) },
    });
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => {
        const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith('evc_session='))?.split(';')[0];
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, cookie: setCookie });
      });
    });
    req.once('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  ca = fs.readFileSync(cert, 'utf8');
  server = await startServer({ env: { TLS_CERT_FILE: cert, TLS_KEY_FILE: key } });
  base = `https://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TLS terminated by the server', () => {
  it('serves the API over https, not plain http', async () => {
    expect((await request('GET', '/api/health')).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
  });

  it.each([
    ['TC_A_04_CSMS', 'ocpp2.0.1'],
    ['TC_086_CSMS', 'ocpp1.6'],
  ] as const)('%s: an %s charge point connects over wss, trusting only the server certificate, with Basic auth and boots', async (_case, protocol) => {
    const email = uniqueEmail('tls');
    expect((await request('POST', '/api/auth/signup', { email, password: DEFAULT_PASSWORD })).status).toBe(202);
    const token = await mailedToken(server, email, '/verify-email');
    expect((await request('POST', '/api/auth/verify-email', { token })).status).toBe(200);
    const signIn = await request('POST', '/api/auth/signin', { email, password: DEFAULT_PASSWORD });
    const identity = `tls-${protocol.replace(/\./g, '')}`;
    const registered = await request('POST', '/api/charge-points', { identity, name: 'TLS' }, signIn.cookie);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);

    const options = {
      endpoint: `wss://127.0.0.1:${server.port}/ocpp`,
      identity,
      password: registered.body.password,
      protocols: [protocol],
      strictMode: true,
      reconnect: false,
      wsOpts: { ca },
    };
    const client = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
    await client.connect();
    const boot = (await client.call('BootNotification', bootPayload[protocol])) as { status: string };
    expect(boot.status).toBe('Accepted');
    await client.close({ force: true });
  });
});

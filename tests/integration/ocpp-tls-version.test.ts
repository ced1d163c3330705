/** TLS terminated by the server refuses protocol versions below 1.2 (OCPP 2.0.1 A00, OCA TC_A_06_CSMS). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let dir: string;
let ca: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-tlsv-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  ca = fs.readFileSync(cert, 'utf8');
  server = await startServer({ env: { TLS_CERT_FILE: cert, TLS_KEY_FILE: key } });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A TLS handshake limited to the given versions: the negotiated version, or the error. */
function handshake(minVersion: tls.SecureVersion, maxVersion: tls.SecureVersion): Promise<{ version: string | null } | { error: string }> {
  return new Promise((resolve) => {
    // Security level 0 lets this client offer the old versions at all; refusing them is then up to the server.
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca, minVersion, maxVersion, ciphers: 'DEFAULT@SECLEVEL=0' });
    socket.once('secureConnect', () => {
      resolve({ version: socket.getProtocol() });
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe('TC_A_06_CSMS: TLS version too low', () => {
  it.each([
    ['TLSv1', 'TLSv1'],
    ['TLSv1.1', 'TLSv1.1'],
  ] as const)('a client offering at most %s is refused with a protocol version alert', async (min, max) => {
    expect(await handshake(min, max)).toEqual({ error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
  });

  it.each([['TLSv1.2'], ['TLSv1.3']] as const)('the same client limited to %s gets through', async (version) => {
    expect(await handshake('TLSv1', version)).toEqual({ version });
  });
});

/** The OCPP-J endpoint /ocpp/<identity>, driven by real WebSocket clients. */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import postgres from 'postgres';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, expectError, signUp, type Account } from '../helpers/api';
import {
  basicAuth,
  bootPayload,
  chargerClient,
  handshakeStatus,
  ocppEndpoint,
  RawCharger,
  registerChargePoint,
  type OcppProtocol,
  type RegisteredChargePoint,
} from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

const MAX_PAYLOAD_BYTES = 4096;

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: { OCPP_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES) } });
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const newIdentity = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const register = (label: string) => registerChargePoint(server, owner.cookie, newIdentity(label));

async function connect(cp: RegisteredChargePoint, protocol: OcppProtocol): Promise<RPCClient> {
  const client = chargerClient(server, cp.identity, cp.password, protocol);
  openClients.push(client);
  await client.connect();
  return client;
}

async function listed(identity: string) {
  const response = await api(server, '/api/charge-points', { cookie: owner.cookie });
  return response.body.charge_points.find((cp: { identity: string }) => cp.identity === identity);
}

/** The status column, readable directly only on PostgreSQL (the server holds PGlite's lock). */
async function storedStatus(identity: string): Promise<string | null> {
  const sql = postgres(server.databaseUrl!, { max: 1 });
  try {
    const [row] = await sql<{ status: string | null }[]>`select status from charge_points where identity = ${identity}`;
    return row.status;
  } finally {
    await sql.end();
  }
}

const closeEvent = (client: RPCClient) =>
  new Promise<{ code: number; reason: string }>((resolve) => client.once('close', resolve));

/** Proves a charge point's connection still answers. */
async function expectHeartbeat(client: RPCClient) {
  const answer = (await client.call('Heartbeat', {})) as { currentTime: string };
  expect(Date.parse(answer.currentTime)).not.toBeNaN();
}

describe('registration', () => {
  it('returns the OCPP URL and a password once', async () => {
    const identity = newIdentity('reg');
    const response = await api(server, '/api/charge-points', { method: 'POST', cookie: owner.cookie, body: { identity, name: 'Garage' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ identity, name: 'Garage', ocpp_url: `${ocppEndpoint(server)}/${identity}`, connected: false });
    expect(response.body.password.length).toBeGreaterThanOrEqual(24);
    expect(await listed(identity)).not.toHaveProperty('password');
  });

  it('refuses a taken identity (409) and an identity that would break the URL or Basic auth (422)', async () => {
    const cp = await register('taken');
    const again = await api(server, '/api/charge-points', { method: 'POST', cookie: owner.cookie, body: { identity: cp.identity, name: 'x' } });
    expectError(again, 409, 'identity_taken');
    for (const identity of ['with:colon', 'with/slash', '', 'x'.repeat(49)]) {
      const bad = await api(server, '/api/charge-points', { method: 'POST', cookie: owner.cookie, body: { identity, name: 'x' } });
      expect(expectError(bad, 422, 'validation_failed').errors[0].path).toBe('body.identity');
    }
  });

  it("puts the charge point on one of the owner's sites; another user's site is 404 and nothing is registered", async () => {
    const site = await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Car park', max_current_a: 32 } });
    expect(site.status).toBe(201);
    const identity = newIdentity('sited');
    const response = await api(server, '/api/charge-points', { method: 'POST', cookie: owner.cookie, body: { identity, name: 'Bay 1', site_id: site.body.id } });
    expect(response.status).toBe(201);
    expect(await listed(identity)).toMatchObject({ site_id: site.body.id });

    const stranger = await signUp(server);
    const foreign = newIdentity('foreign-site');
    const refused = await api(server, '/api/charge-points', { method: 'POST', cookie: stranger.cookie, body: { identity: foreign, name: 'x', site_id: site.body.id } });
    expectError(refused, 404, 'not_found');
    const taken = await api(server, '/api/charge-points', { method: 'POST', cookie: owner.cookie, body: { identity: foreign, name: 'x' } });
    expect(taken.status).toBe(201);
  });
});

describe.each([
  ['ocpp1.6', 'Model-16'],
  ['ocpp2.0.1', 'Model-201'],
] as const)('a %s charge point with Basic auth', (protocol, model) => {
  it('boots (Accepted, interval, currentTime), heartbeats, and shows as connected with its vendor and model', async () => {
    const cp = await register(protocol.replace(/\./g, ''));
    const client = await connect(cp, protocol);
    expect(client.protocol).toBe(protocol);

    const boot = (await client.call('BootNotification', bootPayload[protocol])) as { status: string; interval: number; currentTime: string };
    expect(boot.status).toBe('Accepted');
    expect(boot.interval).toBeGreaterThan(0);
    expect(new Date(boot.currentTime).toISOString()).toBe(boot.currentTime);
    await expectHeartbeat(client);

    expect(await listed(cp.identity)).toMatchObject({
      connected: true,
      ocpp_version: protocol,
      vendor: 'TestVendor',
      model,
      last_boot_at: expect.any(String),
    });

    await client.close();
    await expect.poll(async () => (await listed(cp.identity)).connected).toBe(false);
  });
});

describe('the handshake', () => {
  it('picks a supported subprotocol from a list that also offers unknown ones', async () => {
    const cp = await register('negotiate');
    const socket = new WebSocket(`${ocppEndpoint(server)}/${cp.identity}`, ['ocpp1.5', 'ocpp1.6'], {
      headers: { authorization: basicAuth(cp.identity, cp.password) },
    });
    await once(socket, 'open');
    expect(socket.protocol).toBe('ocpp1.6');
    socket.close();
  });

  it('refuses a client without a subprotocol, or with only unsupported ones (400)', async () => {
    const cp = await register('noproto');
    const url = `${ocppEndpoint(server)}/${cp.identity}`;
    const headers = { authorization: basicAuth(cp.identity, cp.password) };
    expect(await handshakeStatus(url, [], headers)).toBe(400);
    expect(await handshakeStatus(url, ['ocpp1.5'], headers)).toBe(400);
    expect(await handshakeStatus(url, ['ocpp2.1', 'mqtt'], headers)).toBe(400);
  });

  it('refuses an unknown identity, a wrong password and a missing password (401)', async () => {
    const cp = await register('auth');
    const base = ocppEndpoint(server);
    const unknown = newIdentity('unknown');
    expect(await handshakeStatus(`${base}/${unknown}`, ['ocpp1.6'], { authorization: basicAuth(unknown, cp.password) })).toBe(401);
    expect(await handshakeStatus(`${base}/${cp.identity}`, ['ocpp1.6'], { authorization: basicAuth(cp.identity, 'wrong') })).toBe(401);
    expect(await handshakeStatus(`${base}/${cp.identity}`, ['ocpp1.6'])).toBe(401);
    // Basic auth for another identity does not count as this one's password.
    const other = await register('other');
    expect(await handshakeStatus(`${base}/${cp.identity}`, ['ocpp1.6'], { authorization: basicAuth(other.identity, other.password) })).toBe(401);
  });

  it('answers 404 for WebSocket upgrades outside /ocpp/<identity>', async () => {
    const cp = await register('paths');
    const headers = { authorization: basicAuth(cp.identity, cp.password) };
    const ws = server.url.replace(/^http/, 'ws');
    expect(await handshakeStatus(`${ws}/foo`, ['ocpp1.6'], headers)).toBe(404);
    expect(await handshakeStatus(`${ws}/ocpp/extra/${cp.identity}`, ['ocpp1.6'], headers)).toBe(404);
  });
});

describe('robustness', () => {
  it('survives malformed frames: the same and other charge points keep working', async () => {
    const cp = await register('malformed');
    const bystanderCp = await register('bystander');
    const bystander = await connect(bystanderCp, 'ocpp2.0.1');
    const raw = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');

    for (const frame of ['not json', '[2,"1","Heartbeat"', '{"a":1}', '[]', '[9,"x"]']) {
      raw.send(frame);
      const answer = await raw.next();
      expect(answer, `answer to ${frame}`).toEqual([4, expect.any(String), expect.any(String), expect.any(String), expect.anything()]);
    }
    const heartbeat = await raw.call('after-garbage', 'Heartbeat', {});
    expect(heartbeat).toEqual([3, 'after-garbage', { currentTime: expect.any(String) }]);
    await expectHeartbeat(bystander);
    expect((await api(server, '/api/health')).status).toBe(200);
    raw.close();
  });

  it('rejects a payload that fails the OCPP schema with a CALLERROR, and keeps the socket', async () => {
    const cp = await register('schema');
    const raw = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    const answer = await raw.call('bad-boot', 'BootNotification', { chargePointVendor: 42 });
    expect(answer).toEqual([4, 'bad-boot', expect.stringMatching(/Violation/), expect.any(String), expect.anything()]);
    expect(await listed(cp.identity)).toMatchObject({ vendor: null, last_boot_at: null });
    expect(await raw.call('ok', 'Heartbeat', {})).toEqual([3, 'ok', { currentTime: expect.any(String) }]);
    raw.close();
  });

  it('answers an action it does not handle with NotImplemented', async () => {
    const cp = await register('unknown-action');
    const raw = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    expect(await raw.call('u1', 'NoSuchAction', {})).toEqual([4, 'u1', 'NotImplemented', expect.any(String), expect.anything()]);
    raw.close();
  });

  it('closes a socket that sends a frame over OCPP_MAX_PAYLOAD_BYTES (1009); the server and others carry on', async () => {
    const cp = await register('oversize');
    const bystander = await connect(await register('calm'), 'ocpp1.6');
    const raw = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');

    raw.send(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'x'.repeat(MAX_PAYLOAD_BYTES) }]));
    expect((await raw.closed).code).toBe(1009);

    await expectHeartbeat(bystander);
    expect((await api(server, '/api/health')).status).toBe(200);
    const again = await connect(cp, 'ocpp1.6');
    await expectHeartbeat(again);
  });

  it('replaces an older connection of the same identity with the newer one', async () => {
    const cp = await register('twice');
    const first = await connect(cp, 'ocpp1.6');
    const firstClosed = closeEvent(first);
    const second = await connect(cp, 'ocpp1.6');

    await firstClosed;
    expect(first.state).toBe(3); // CLOSED
    await expectHeartbeat(second);
    // The old socket's close must not mark the charge point offline.
    expect((await listed(cp.identity)).connected).toBe(true);
    if (server.databaseUrl) {
      await setTimeout(500); // room for a wrong 'offline' write to land
      expect(await storedStatus(cp.identity)).toBe('online');
      await second.close();
      await expect.poll(() => storedStatus(cp.identity)).toBe('offline');
    }
  });
});

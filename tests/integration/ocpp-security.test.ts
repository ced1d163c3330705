/** OCPP connection security: Basic auth (OCA TC_A_01–03), profile 0, password rotation (TC_A_09/10, 1.6 TC_073), pending identities, pings. */
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
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
  registerChargePoint,
  type OcppProtocol,
  type RegisteredChargePoint,
} from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let admin: Account;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  // A 1 s server-wide ping interval, so "no pings" below can only come from the charge point's own 0.
  server = await startServer({ env: { OCPP_PING_INTERVAL_S: '1' } });
  admin = await signUp(server); // the first account is the administrator
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const newIdentity = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const register = (label: string) => registerChargePoint(server, owner.cookie, newIdentity(label));

async function connect(identity: string, password: string | undefined, protocol: OcppProtocol = 'ocpp1.6'): Promise<RPCClient> {
  const client = chargerClient(server, identity, password as string, protocol);
  openClients.push(client);
  await client.connect();
  return client;
}

const boot = async (client: RPCClient, protocol: OcppProtocol = 'ocpp1.6') =>
  ((await client.call('BootNotification', bootPayload[protocol])) as { status: string }).status;

const url = (identity: string) => `${ocppEndpoint(server)}/${identity}`;

const connection = (cp: { id: string }) => api(server, `/api/charge-points/${cp.id}/connection`, { cookie: owner.cookie });
const setConnection = (cp: { id: string }, body: Record<string, unknown>) =>
  api(server, `/api/charge-points/${cp.id}/connection`, { method: 'PATCH', cookie: owner.cookie, body });
const rotate = (cp: { id: string }) => api(server, `/api/charge-points/${cp.id}/password`, { method: 'POST', cookie: owner.cookie });

describe('Basic authentication (security profile 1)', () => {
  it('TC_A_01_CSMS: the right identity and password are accepted', async () => {
    const cp = await register('a01');
    const client = await connect(cp.identity, cp.password, 'ocpp2.0.1');
    expect(await boot(client, 'ocpp2.0.1')).toBe('Accepted');
    await client.close();
  });

  it('TC_A_02_CSMS: a Basic user name other than the identity is refused (401), also with profile 0 allowed', async () => {
    const cp = await register('a02');
    const other = newIdentity('someone');
    expect(await handshakeStatus(url(cp.identity), ['ocpp2.0.1'], { authorization: basicAuth(other, cp.password) })).toBe(401);
    expect((await setConnection(cp, { allow_no_password: true })).status).toBe(200);
    expect(await handshakeStatus(url(cp.identity), ['ocpp2.0.1'], { authorization: basicAuth(other, cp.password) })).toBe(401);
  });

  it('TC_A_03_CSMS: a wrong password is refused (401)', async () => {
    const cp = await register('a03');
    expect(await handshakeStatus(url(cp.identity), ['ocpp2.0.1'], { authorization: basicAuth(cp.identity, 'not-the-password') })).toBe(401);
  });
});

describe('security profile 0 (no password)', () => {
  it('is refused (401) unless the owner allows it for this charge point; a wrong password stays refused', async () => {
    const cp = await register('profile0');
    expect(await handshakeStatus(url(cp.identity), ['ocpp1.6'])).toBe(401);
    expect((await connection(cp)).body).toMatchObject({ allow_no_password: false });

    const allowed = await setConnection(cp, { allow_no_password: true });
    expect(allowed.body).toMatchObject({ allow_no_password: true });
    const client = await connect(cp.identity, undefined);
    expect(await boot(client)).toBe('Accepted');
    await client.close();
    expect(await handshakeStatus(url(cp.identity), ['ocpp1.6'], { authorization: basicAuth(cp.identity, 'wrong') })).toBe(401);

    await setConnection(cp, { allow_no_password: false });
    expect(await handshakeStatus(url(cp.identity), ['ocpp1.6'])).toBe(401);
  });

  it("is another owner's charge point's setting: 404", async () => {
    const cp = await register('notyours');
    const stranger = await signUp(server);
    const response = await api(server, `/api/charge-points/${cp.id}/connection`, { method: 'PATCH', cookie: stranger.cookie, body: { allow_no_password: true } });
    expectError(response, 404, 'not_found');
  });
});

/** A connected charge point that answers the password change with `status` and reports what it got. */
async function chargerTakingPassword(cp: RegisteredChargePoint, protocol: OcppProtocol, status: string) {
  const client = await connect(cp.identity, cp.password, protocol);
  expect(await boot(client, protocol)).toBe('Accepted');
  const received: string[] = [];
  if (protocol === 'ocpp2.0.1') {
    client.handle('SetVariables', async ({ params }: { params?: any }) => {
      const [data] = params.setVariableData;
      expect(data).toMatchObject({ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } });
      received.push(data.attributeValue);
      return { setVariableResult: [{ attributeStatus: status, component: data.component, variable: data.variable }] };
    });
  } else {
    client.handle('ChangeConfiguration', async ({ params }: { params?: any }) => {
      expect(params.key).toBe('AuthorizationKey');
      received.push(params.value);
      return { status };
    });
  }
  return { client, received };
}

describe('password rotation', () => {
  // 1.6 is OCA TC_073 (security whitepaper: ChangeConfiguration AuthorizationKey).
  it.each([
    ['TC_A_09_CSMS', 'ocpp2.0.1'],
    ['TC_073_CSMS', 'ocpp1.6'],
  ] as const)(
    '%s (%s): the charge point takes the new password; the old one works until it reconnects with the new one',
    async (_case, protocol) => {
      const cp = await register(`a09-${protocol.replace(/\./g, '')}`);
      const { client, received } = await chargerTakingPassword(cp, protocol, 'Accepted');

      const rotated = await rotate(cp);
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body).toMatchObject({ status: 'awaiting_reconnect', answer: 'Accepted' });
      expect(received).toEqual([rotated.body.password]);
      expect(rotated.body.password).toMatch(/^[0-9a-f]{40}$/);
      expect((await connection(cp)).body.password_rotation).toMatchObject({ status: 'awaiting_reconnect' });
      await client.close();

      // Still the old one: the charge point may not have switched yet.
      const old = await connect(cp.identity, cp.password, protocol);
      await old.close();
      const renewed = await connect(cp.identity, rotated.body.password, protocol);
      expect(await boot(renewed, protocol)).toBe('Accepted');
      await renewed.close();

      expect(await handshakeStatus(url(cp.identity), [protocol], { authorization: basicAuth(cp.identity, cp.password) })).toBe(401);
      expect((await connection(cp)).body.password_rotation).toMatchObject({ status: 'completed' });
    },
  );

  it('TC_A_10_CSMS: the charge point rejects the new password; the old one stays the only valid one', async () => {
    const cp = await register('a10');
    const { client, received } = await chargerTakingPassword(cp, 'ocpp2.0.1', 'Rejected');
    const rotated = await rotate(cp);
    expect(rotated.body).toMatchObject({ status: 'rejected', password: null, answer: 'Rejected' });
    expect(received).toHaveLength(1);
    await client.close();

    expect(await handshakeStatus(url(cp.identity), ['ocpp2.0.1'], { authorization: basicAuth(cp.identity, received[0]) })).toBe(401);
    const old = await connect(cp.identity, cp.password, 'ocpp2.0.1');
    await old.close();
    expect((await connection(cp)).body.password_rotation).toMatchObject({ status: 'rejected' });
  });

  it('replaces the password at once for a charge point that is not connected', async () => {
    const cp = await register('offline-rotate');
    const rotated = await rotate(cp);
    expect(rotated.body).toMatchObject({ status: 'completed', answer: null });
    expect(await handshakeStatus(url(cp.identity), ['ocpp1.6'], { authorization: basicAuth(cp.identity, cp.password) })).toBe(401);
    const client = await connect(cp.identity, rotated.body.password);
    await client.close();
  });
});

describe('pending identities', () => {
  const setting = (account: Account, accept: boolean) =>
    api(server, '/api/admin/ocpp', { method: 'PUT', cookie: account.cookie, body: { accept_unknown_identities: accept } });
  const pendingList = async (account: Account) => (await api(server, '/api/charge-points/pending', { cookie: account.cookie })).body.pending as any[];

  it('are refused by default; only an admin can change the setting', async () => {
    expect((await api(server, '/api/admin/ocpp', { cookie: admin.cookie })).body).toEqual({ accept_unknown_identities: false });
    expect(await handshakeStatus(url(newIdentity('stranger')), ['ocpp1.6'])).toBe(401);
    expectError(await setting(owner, true), 403, 'admin_required');
  });

  it.each([['ocpp1.6'], ['ocpp2.0.1']] as const)(
    'when accepted: %s boots Pending, is listed with first and last seen, and after a claim boots Accepted with its new password',
    async (protocol) => {
      expect((await setting(admin, true)).body).toEqual({ accept_unknown_identities: true });
      const identity = newIdentity('unknown');
      const client = await connect(identity, undefined, protocol);
      expect(await boot(client, protocol)).toBe('Pending');
      const offered: string[] = [];
      client.handle(protocol === 'ocpp1.6' ? 'ChangeConfiguration' : 'SetVariables', async ({ params }: { params?: any }) => {
        if (protocol === 'ocpp1.6') {
          offered.push(params.value);
          return { status: 'Accepted' };
        }
        const [data] = params.setVariableData;
        offered.push(data.attributeValue);
        return { setVariableResult: [{ attributeStatus: 'Accepted', component: data.component, variable: data.variable }] };
      });

      const listed = (await pendingList(owner)).find((p) => p.identity === identity);
      expect(listed).toMatchObject({ connected: true, vendor: 'TestVendor', ocpp_version: protocol, first_seen_at: expect.any(String), last_seen_at: expect.any(String) });
      // Not anyone's charge point yet.
      expect((await api(server, `/api/charge-points/${listed.id}`, { cookie: owner.cookie })).status).toBe(404);

      // The serial number on its label is the proof of a claim (lower case and spaces allowed).
      const serial = protocol === 'ocpp1.6' ? ' sn-16 ' : 'sn-201';
      const claimed = await api(server, `/api/charge-points/pending/${listed.id}/claim`, { method: 'POST', cookie: owner.cookie, body: { name: 'Found one', serial_number: serial } });
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      expect(claimed.body).toMatchObject({ identity, name: 'Found one', registration_status: 'accepted', password_offer: { outcome: 'accepted' } });
      expect(offered).toEqual([claimed.body.password]);
      expect(await boot(client, protocol)).toBe('Accepted');
      expect((await pendingList(owner)).some((p) => p.identity === identity)).toBe(false);
      // Claimed once only.
      expectError(await api(server, `/api/charge-points/pending/${listed.id}/claim`, { method: 'POST', cookie: admin.cookie, body: {} }), 404, 'not_found');
      await client.close();

      expect(await handshakeStatus(url(identity), [protocol])).toBe(401);
      const renewed = await connect(identity, claimed.body.password, protocol);
      expect(await boot(renewed, protocol)).toBe('Accepted');
      await renewed.close();
    },
  );

  it('junk identities cannot fill the pending list: a new one evicts the longest unseen', async () => {
    await setting(admin, true);
    /** Connects as an unknown identity (admitted as pending) and hangs up at once, like a probe would. */
    const touch = (identity: string) =>
      new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url(identity), ['ocpp1.6']);
        socket.once('open', () => {
          socket.terminate();
          resolve();
        });
        socket.once('error', reject);
      });
    expect(await pendingList(admin)).toEqual([]); // the tests before claimed theirs
    const first = newIdentity('junk-first');
    await touch(first);
    for (let i = 1; i < 200; i++) await touch(newIdentity('junk'));
    expect((await pendingList(admin)).length).toBe(200);

    const newcomer = newIdentity('real-one');
    const client = await connect(newcomer, undefined);
    expect(await boot(client)).toBe('Pending');
    const after = await pendingList(admin);
    expect(after.length).toBe(200);
    expect(after.some((p) => p.identity === newcomer)).toBe(true);
    expect(after.some((p) => p.identity === first)).toBe(false);
    await client.close();
  });

  describe('a claim needs proof', () => {
    const claim = (account: Account, id: string, body: Record<string, unknown>) =>
      api(server, `/api/charge-points/pending/${id}/claim`, { method: 'POST', cookie: account.cookie, body });
    async function pendingBooted(serial: string, identity = newIdentity('proof')) {
      await setting(admin, true);
      const client = await connect(identity, undefined);
      const answer = (await client.call('BootNotification', { ...bootPayload['ocpp1.6'], chargePointSerialNumber: serial })) as { status: string };
      expect(answer.status).toBe('Pending');
      const listedToAdmin = (await pendingList(admin)).find((p) => p.identity === identity);
      const listedToOwner = (await pendingList(owner)).find((p) => p.identity === identity);
      return { client, listedToAdmin, listedToOwner };
    }

    it('only administrators see the serial number; without it or with a wrong one a user cannot claim', async () => {
      const { client, listedToAdmin, listedToOwner } = await pendingBooted('SN-PROOF-1');
      expect(listedToAdmin.serial_number).toBe('SN-PROOF-1');
      expect(listedToOwner.serial_number).toBeUndefined();
      expectError(await claim(owner, listedToOwner.id, {}), 403, 'claim_proof_required');
      expectError(await claim(owner, listedToOwner.id, { serial_number: 'SN-PROOF-2' }), 403, 'claim_proof_invalid');
      // Still pending, and its socket untouched.
      expect((await pendingList(owner)).some((p) => p.id === listedToOwner.id)).toBe(true);
      expect(await boot(client)).toBe('Pending');
    });

    it('after five wrong serial numbers only an administrator can claim it, without one', async () => {
      const { listedToOwner } = await pendingBooted('SN-PROOF-3');
      for (let attempt = 0; attempt < 5; attempt++) {
        expectError(await claim(owner, listedToOwner.id, { serial_number: `GUESS-${attempt}` }), 403, 'claim_proof_invalid');
      }
      expectError(await claim(owner, listedToOwner.id, { serial_number: 'SN-PROOF-3' }), 403, 'claim_needs_admin');
      const claimed = await claim(admin, listedToOwner.id, {});
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      expect(claimed.body).toMatchObject({ registration_status: 'accepted', password: expect.any(String) });
    });

    it('a serial number that is also the identity proves nothing', async () => {
      const identity = newIdentity('SERIALID');
      const { listedToOwner } = await pendingBooted(identity, identity);
      expectError(await claim(owner, listedToOwner.id, { serial_number: identity }), 403, 'claim_needs_admin');
    });
  });

  it('turning the setting off refuses unclaimed identities again and hides the list', async () => {
    await setting(admin, true);
    const identity = newIdentity('later');
    const client = await connect(identity, undefined);
    await client.close();
    await setting(admin, false);
    expect(await handshakeStatus(url(identity), ['ocpp1.6'])).toBe(401);
    expect(await pendingList(owner)).toEqual([]);
  });
});

describe('WebSocket ping interval per charge point', () => {
  /** Pings the server sends a raw charge point within `ms`; a talking one sends a Heartbeat every 300 ms meanwhile. */
  async function pingsWithin(cp: RegisteredChargePoint, ms: number, { talking = false } = {}): Promise<number> {
    const socket = new WebSocket(url(cp.identity), ['ocpp1.6'], { headers: { authorization: basicAuth(cp.identity, cp.password) } });
    let pings = 0;
    let answers = 0;
    socket.on('ping', () => pings++);
    socket.on('message', () => answers++);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    for (let elapsed = 0, n = 0; elapsed < ms; elapsed += 300) {
      if (talking) socket.send(JSON.stringify([2, `hb-${n++}`, 'Heartbeat', {}]));
      await setTimeout(300);
    }
    socket.close();
    if (talking) expect(answers).toBeGreaterThan(0);
    return pings;
  }

  it('0 turns pings off; without its own interval the server default applies', async () => {
    const cp = await register('ping');
    expect(await pingsWithin(cp, 2500)).toBeGreaterThanOrEqual(1);
    expect((await setConnection(cp, { ping_interval_s: 0 })).body).toMatchObject({ ping_interval_s: 0 });
    expect(await pingsWithin(cp, 2500)).toBe(0);
    await setConnection(cp, { ping_interval_s: 1 });
    expect(await pingsWithin(cp, 2500)).toBeGreaterThanOrEqual(1);
  });

  it('pings only a quiet charge point: its own messages show the socket is alive', async () => {
    const cp = await register('ping-talking');
    await setConnection(cp, { ping_interval_s: 1 });
    expect(await pingsWithin(cp, 2700, { talking: true })).toBe(0);
    expect(await pingsWithin(cp, 2700)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a negative or too long interval (422)', async () => {
    const cp = await register('ping-bad');
    expectError(await setConnection(cp, { ping_interval_s: -1 }), 422, 'validation_failed');
    expectError(await setConnection(cp, { ping_interval_s: 99999 }), 422, 'validation_failed');
  });
});

/**
 * The OCPP endpoint under hostile input (issue 20, findings 1, 7 and 11):
 * every upgrade ends, bad identities are refused at the handshake, pending
 * handshakes are capped and have a deadline, one connection's calls are rate
 * limited without slowing the others, stored payloads are capped, and
 * CALLERRORs tell a charge point nothing of our internals.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, handshakeStatus, ocppEndpoint, RawCharger, registerChargePoint } from '../helpers/ocpp';
import { startServer, usingPostgres, type TestServer } from '../helpers/server';

const RATE_PER_S = 2;
const BURST = 10;

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer({
    env: { OCPP_RATE_LIMIT_PER_S: String(RATE_PER_S), OCPP_RATE_LIMIT_BURST: String(BURST), OCPP_MAX_PENDING_HANDSHAKES: '3', OCPP_HANDSHAKE_TIMEOUT_MS: '2000' },
  });
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const newIdentity = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const register = (label: string) => registerChargePoint(server, owner.cookie, newIdentity(label));
const openFds = () => fs.readdirSync(`/proc/${server.pid}/fd`).length;

/** Sends a WebSocket upgrade by hand; resolves with the status line once the server has answered and closed the socket. */
function rawUpgrade(path: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`The upgrade to ${path} was neither answered nor closed within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => {}); // a reset after the answer still counts as closed
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received.split('\r\n')[0]);
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n`,
    );
  });
}

async function untilFdsBelow(limit: number) {
  for (let i = 0; i < 100 && openFds() > limit; i++) await sleep(100);
  return openFds();
}

async function stillServing() {
  expect((await api(server, '/api/health')).status).toBe(200);
  const cp = await register('after');
  const client = await bootedCharger(server, cp, 'ocpp1.6');
  openClients.push(client);
  expect(await client.call('Heartbeat', {})).toHaveProperty('currentTime');
}

describe('upgrades (finding 1)', () => {
  it('answers every upgrade with a bad percent-encoding 400 and closes it; file descriptors return to where they were', async () => {
    const baseline = openFds();
    const paths = Array.from({ length: 400 }, (_, i) => `/ocpp/%ZZ${i}`);
    const answers: string[] = [];
    // 50 at a time: more than the pending-handshake cap, so a leak or a hang would show
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let path = paths.pop(); path; path = paths.pop()) answers.push(await rawUpgrade(path));
      }),
    );
    expect(answers).toHaveLength(400);
    expect(new Set(answers)).toEqual(new Set(['HTTP/1.1 400 Bad Request']));
    expect(await untilFdsBelow(baseline + 5)).toBeLessThanOrEqual(baseline + 5);
    await stillServing();
  });

  it('refuses identities with NUL or control characters, over 48 characters, or empty, with 400', async () => {
    for (const identity of ['a%00b', 'a%0Db', 'a%7Fb', 'x'.repeat(49), '']) {
      expect(await handshakeStatus(`${ocppEndpoint(server)}/${identity}`, ['ocpp1.6']), identity).toBe(400);
    }
  });

  it('answers upgrades nobody serves (such as /_next/ in production) 404 and closes them', async () => {
    expect(await rawUpgrade('/_next/webpack-hmr')).toBe('HTTP/1.1 404 Not Found');
    expect(await rawUpgrade('/api/health')).toBe('HTTP/1.1 404 Not Found');
  });

  // Only PostgreSQL lets the test hold the charge point table so that handshakes hang in the database.
  it.runIf(usingPostgres)('a handshake stuck in the database gets 503 at its deadline; beyond the pending cap 503 at once', async () => {
    const sql = postgres(server.databaseUrl as string, { max: 1, onnotice: () => {} });
    let release!: () => void;
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const held = sql.begin(async (tx) => {
      await tx`lock table charge_points in access exclusive mode`;
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await lockTaken;
      const baseline = openFds();
      const stuck = Array.from({ length: 3 }, (_, i) => rawUpgrade(`/ocpp/stuck-${i}`));
      const monitor = postgres(server.databaseUrl as string, { max: 1, onnotice: () => {} });
      try {
        for (let i = 0; i < 100; i++) {
          const [{ waiting }] = await monitor`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
          if (waiting >= 3) break;
          await sleep(100);
        }
      } finally {
        await monitor.end({ timeout: 5 });
      }
      expect(await rawUpgrade('/ocpp/one-too-many')).toBe('HTTP/1.1 503 Service Unavailable');
      expect(await Promise.all(stuck)).toEqual(Array(3).fill('HTTP/1.1 503 Service Unavailable'));
      expect(await untilFdsBelow(baseline + 5)).toBeLessThanOrEqual(baseline + 5);
    } finally {
      release?.();
      await held;
      await sql.end({ timeout: 5 });
    }
    await stillServing();
  });
});

type Frame = [number, string, ...unknown[]];

/** Pipelines `count` StatusNotifications on one socket; collects the answers until all came or the server closed it. */
async function pipeline(charger: RawCharger, count: number) {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    charger.send(JSON.stringify([2, `s${i}`, 'StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError' }]));
  }
  const answers: Frame[] = [];
  const closed = charger.closed.then(() => 'closed' as const);
  while (answers.length < count) {
    const frame = await Promise.race([charger.next(20_000), closed]);
    if (frame === 'closed') break;
    answers.push(frame as Frame);
  }
  const seconds = (performance.now() - started) / 1000;
  const results = answers.filter((f) => f[0] === 3).length;
  const refusals = answers.filter((f) => f[0] === 4);
  return { seconds, results, refusals };
}

describe('calls per connection (finding 7)', () => {
  it('answers a pipelined burst in full, the excess late, and refuses beyond the queue with a CALLERROR', async () => {
    const cp = await register('burst');
    const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    expect((await charger.call('boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }))[0]).toBe(3);
    const { seconds, results, refusals } = await pipeline(charger, 4 * BURST);
    // The burst (less the boot's turn), as many again queued, and what the rate refilled meanwhile: never more.
    expect(results).toBeGreaterThanOrEqual(2 * BURST - 1);
    expect(results).toBeLessThanOrEqual(2 * BURST + Math.ceil(seconds * RATE_PER_S) + 1);
    expect(results + refusals.length).toBe(4 * BURST);
    for (const refusal of refusals) expect(refusal.slice(2, 4)).toEqual(['GenericError', 'Rate limited: too many calls, retry later']);
    charger.close();
  });

  it('a flooding charge point is held to its rate and closed, while another keeps being answered and health keeps answering', async () => {
    const calm = await bootedCharger(server, await register('calm'), 'ocpp2.0.1');
    openClients.push(calm);
    const cp = await register('flood');
    const flooder = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    expect((await flooder.call('boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }))[0]).toBe(3);

    // Each DataTransfer the server handles is stored: the stored count is what it processed.
    const started = performance.now();
    for (let i = 0; i < 3000; i++) flooder.send(JSON.stringify([2, `d${i}`, 'DataTransfer', { vendorId: 'com.example', data: String(i) }]));
    const heartbeats = [];
    for (let i = 0; i < 5; i++) heartbeats.push(await calm.call('Heartbeat', {}));
    expect(heartbeats).toHaveLength(5);
    expect((await api(server, '/api/health')).status).toBe(200);
    await flooder.closed; // a connection that keeps flooding is closed
    const seconds = (performance.now() - started) / 1000;

    const events = await api(server, `/api/charge-points/${cp.id}/events?action=DataTransfer&limit=500`, { cookie: owner.cookie });
    expect(events.status).toBe(200);
    expect(events.body.events.length).toBeGreaterThan(0);
    expect(events.body.events.length).toBeLessThanOrEqual(2 * BURST + Math.ceil(seconds * RATE_PER_S) + 1);
    await server.waitForLog((e) => e.msg === 'charge point over its call rate limit: calls refused' && e.identity === cp.identity);
    await server.waitForLog((e) => e.msg === 'charge point keeps flooding calls; closing the connection' && e.identity === cp.identity);
  });

  it('closes a connection flooding frames that never reach a handler (invalid calls, unknown actions, stray results)', async () => {
    const cp = await register('junk');
    const flooder = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    for (let i = 0; i < 1000; i++) {
      flooder.send(JSON.stringify([2, `j${i}`, 'StatusNotification', {}])); // fails schema validation
      flooder.send(JSON.stringify([2, `u${i}`, 'NoSuchAction', {}]));
      flooder.send(JSON.stringify([3, `r${i}`, {}]));
    }
    expect(await flooder.closed).toBeDefined();
    await server.waitForLog((e) => e.msg === 'charge point floods frames; closing the connection' && e.identity === cp.identity);
    await stillServing();
  });

  it('stores a large DataTransfer as a capped marker, not the whole blob', async () => {
    const cp = await register('blob');
    const client = await bootedCharger(server, cp, 'ocpp1.6');
    openClients.push(client);
    const data = 'x'.repeat(200 * 1024);
    expect(await client.call('DataTransfer', { vendorId: 'com.example', messageId: 'dump', data })).toEqual({ status: 'UnknownVendorId' });
    const events = await api(server, `/api/charge-points/${cp.id}/events?action=DataTransfer`, { cookie: owner.cookie });
    expect(events.status).toBe(200);
    const [stored] = events.body.events as { payload: Record<string, unknown> }[];
    expect(stored.payload).toMatchObject({ truncated: true, chars: JSON.stringify({ vendorId: 'com.example', messageId: 'dump', data }).length });
    expect(JSON.stringify(stored.payload).length).toBeLessThan(8192);
  });
});

describe('what a charge point is told (finding 11)', () => {
  it('refuses text with NUL or unpaired surrogates at validation, with no database text in the CALLERROR', async () => {
    const cp = await register('nul');
    const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    expect((await charger.call('boot', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }))[0]).toBe(3);
    for (const data of ['a\u0000b', 'a\ud800b']) {
      const answer = await charger.call(`dt-${data.length}-${data.charCodeAt(1)}`, 'DataTransfer', { vendorId: 'com.example', data });
      expect(answer.slice(0, 1)).toEqual([4]);
      expect(answer[2]).toBe('PropertyConstraintViolation');
      expect(answer[3]).toBe('Text with NUL or unpaired surrogate characters');
      expect(answer[4]).toEqual({});
    }
    charger.close();
  });

  // A real failure inside the server: the database refuses the write (a trigger stands in for an outage or a bug).
  it.runIf(usingPostgres)('a call that fails inside the server gets InternalError with a reference id, never SQL text or ids; the log has the error', async () => {
    const cp = await register('dbfail');
    const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp2.0.1');
    const boot = { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } };
    expect((await charger.call('boot', 'BootNotification', boot))[0]).toBe(3);
    const sql = postgres(server.databaseUrl as string, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`create function evc_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'connectors write refused by the test'; end $$`);
      await sql.unsafe('create trigger evc_test_refuse before insert or update on connectors for each row execute function evc_test_refuse()');
      const status = { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 };
      const answer = await charger.call('failing', 'StatusNotification', status);
      expect(answer[0]).toBe(4);
      expect(answer[2]).toBe('InternalError');
      const text = JSON.stringify(answer);
      expect(text).not.toMatch(/insert|select|connectors|refused|query|\$\d/i);
      expect(text).not.toContain(cp.id);
      const reference = /^Internal error \(reference ([0-9a-f-]{36})\)$/.exec(answer[3] as string)?.[1];
      expect(reference).toBeDefined();
      expect(answer[4]).toEqual({});
      const logged = await server.waitForLog((e) => e.msg === 'OCPP call failed' && e.reference === reference);
      expect(logged).toMatchObject({ identity: cp.identity, action: 'StatusNotification' });
      expect(JSON.stringify(logged.err)).toMatch(/connectors write refused by the test/);
    } finally {
      await sql.unsafe('drop trigger if exists evc_test_refuse on connectors');
      await sql.unsafe('drop function if exists evc_test_refuse()');
      await sql.end();
      charger.close();
    }
  });
});

/**
 * Liveness and fault history: a charge point that stops talking is offline
 * even though its socket is open, and its faults stay queryable.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, api, type Account } from '../helpers/api';
import { chargePointDetail, RawCharger, bootPayload, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;

beforeAll(async () => {
  // Offline after 2 × 10 s of silence.
  server = await startServer({ env: { OCPP_HEARTBEAT_INTERVAL_S: '10', OCPP_HEARTBEAT_GRACE_S: '0' } });
  owner = await signUp(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('liveness and faults', () => {
  it('a silent charge point goes offline and its socket is closed; faults are kept as history', { timeout: 60_000 }, async () => {
    const cp = await registerChargePoint(server, owner.cookie, `silent-${randomBytes(4).toString('hex')}`);
    // A raw socket: ws answers pings, so only the missing OCPP traffic tells it is hung.
    const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    expect((await charger.call('1', 'BootNotification', bootPayload['ocpp1.6']))[2]).toMatchObject({ status: 'Accepted', interval: 10 });
    await charger.call('2', 'StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', info: 'RCD', status: 'Faulted' });
    await charger.call('3', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await charger.call('4', 'StatusNotification', { connectorId: 1, errorCode: 'OverCurrentFailure', status: 'Faulted' });
    expect((await chargePointDetail(server, owner.cookie, cp.id)).connected).toBe(true);

    const faults = await api(server, `/api/charge-points/${cp.id}/events?action=StatusNotification`, { cookie: owner.cookie });
    expect(faults.status).toBe(200);
    expect(faults.body.events.map((e: { payload: { errorCode: string } }) => e.payload.errorCode)).toEqual(['OverCurrentFailure', 'GroundFailure']);

    // Offline once the sweep (every 10 s) finds it silent for 20 s, or, read from last_seen_at, 20 s + the 7 s flush slack (presence.ts).
    await expect.poll(async () => (await chargePointDetail(server, owner.cookie, cp.id)).connected, { timeout: 35_000, interval: 1000 }).toBe(false);
    // Closed without a handshake: a hung charge point would not answer one.
    await charger.closed;
  });
});

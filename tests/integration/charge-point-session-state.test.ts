/**
 * A charge point's state across sessions, with real ocpp-rpc charge points:
 * live power belongs to the running session (never one left from the one
 * before), and a remote start on a connector that already charges is refused
 * (409) before anything is sent to the charge point.
 */
import { randomBytes } from 'node:crypto';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { chargePointDetail, registerChargePoint, ScriptedCharger, type OcppProtocol, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let haKey: string;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  haKey = (await createApiKey(server, owner.cookie, 'Home Assistant')).key;
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${randomBytes(4).toString('hex')}`);

async function connect(cp: RegisteredChargePoint, protocol: OcppProtocol, actions: string[] = []) {
  const charger = await ScriptedCharger.connect(server, cp, protocol, actions);
  openClients.push(charger.client);
  return charger;
}

const detail = (cp: RegisteredChargePoint) => chargePointDetail(server, owner.cookie, cp.id);
const listed = async (cp: RegisteredChargePoint) => {
  const response = await api(server, '/api/charge-points', { cookie: owner.cookie });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.charge_points as Record<string, any>[]).find((c) => c.id === cp.id);
};
const haStatus = async (cp: RegisteredChargePoint) => (await api(server, `/api/ha/charge-points/${cp.id}`, { key: haKey })).body;
const command = (cp: RegisteredChargePoint, action: string, payload: Record<string, unknown>) =>
  api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action, payload } });

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const power16 = (w: number, timestamp: string) => ({ timestamp, sampledValue: [{ value: String(w), measurand: 'Power.Active.Import', unit: 'W' }] });

describe('live power', () => {
  it('1.6: a new session without readings shows no power, not the 10.7 kW of the session before; its own first reading shows', async () => {
    const cp = await register('stale16');
    const { client } = await connect(cp, 'ocpp1.6');
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    const first = (await client.call('StartTransaction', { connectorId: 1, idTag: 'STALE', meterStart: 0, timestamp: at(30) })) as { transactionId: number };
    await client.call('MeterValues', { connectorId: 1, transactionId: first.transactionId, meterValue: [power16(10_700, at(20))] });
    expect((await detail(cp)).connectors[0].power_w).toBe(10_700);
    await client.call('StopTransaction', { transactionId: first.transactionId, meterStop: 5000, timestamp: at(10), reason: 'Local' });

    const second = (await client.call('StartTransaction', { connectorId: 1, idTag: 'STALE', meterStart: 5000, timestamp: at(5) })) as { transactionId: number };
    const during = await detail(cp);
    expect(during.active_transaction).toMatchObject({ transaction_id: String(second.transactionId) });
    expect(during.connectors[0]).toMatchObject({ status: 'Charging', power_w: null });
    expect(during.power_w).toBeNull();
    expect(await listed(cp)).toMatchObject({ active_sessions: 1, power_w: null, connectors: [{ power_w: null }] });
    // Home Assistant's power sensor wants a number: 0 until the session's first reading.
    expect(await haStatus(cp)).toMatchObject({ is_charging: true, power_w: 0, connectors: [{ power_w: null }] });

    // A connector-level reading without a transactionId counts once it is from this session.
    await client.call('MeterValues', { connectorId: 1, meterValue: [power16(3_600, at(1))] });
    expect((await detail(cp)).connectors[0].power_w).toBe(3_600);
    expect(await listed(cp)).toMatchObject({ power_w: 3_600 });
    expect(await haStatus(cp)).toMatchObject({ power_w: 3_600, connectors: [{ power_w: 3_600 }] });
  });

  it('2.0.1: a new transaction on the EVSE starts without power until it reports some', async () => {
    const cp = await register('stale201');
    const { client } = await connect(cp, 'ocpp2.0.1');
    await client.call('StatusNotification', { timestamp: at(31), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 });
    const event = (eventType: string, transactionId: string, seqNo: number, timestamp: string, watts?: number) =>
      client.call('TransactionEvent', {
        eventType,
        timestamp,
        triggerReason: eventType === 'Ended' ? 'StopAuthorized' : eventType === 'Started' ? 'CablePluggedIn' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId, ...(eventType === 'Ended' && { stoppedReason: 'Local' }) },
        evse: { id: 1, connectorId: 1 },
        ...(watts !== undefined && { meterValue: [{ timestamp, sampledValue: [{ value: watts, measurand: 'Power.Active.Import' }] }] }),
      });
    await event('Started', 'tx-a', 0, at(30));
    await event('Updated', 'tx-a', 1, at(20), 10_700);
    expect((await detail(cp)).connectors[0].power_w).toBe(10_700);
    await event('Ended', 'tx-a', 2, at(10));
    await event('Started', 'tx-b', 0, at(5));
    expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: 'tx-b' });
    expect((await detail(cp)).connectors[0].power_w).toBeNull();
    await event('Updated', 'tx-b', 1, at(1), 2_300);
    expect((await detail(cp)).connectors[0].power_w).toBe(2_300);
  });
});

describe('remote start on a busy connector', () => {
  it('1.6: 409 while a session runs on the connector (nothing sent); sent for a free one, for none named and once the session has ended', async () => {
    const cp = await register('busy16');
    const charger = await connect(cp, 'ocpp1.6', ['RemoteStartTransaction']);
    charger.answer('RemoteStartTransaction', { status: 'Accepted' });
    const { client } = charger;
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await client.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });
    const { transactionId } = (await client.call('StartTransaction', { connectorId: 1, idTag: 'BUSY', meterStart: 0, timestamp: at(5) })) as { transactionId: number };

    const refused = expectError(await command(cp, 'RemoteStartTransaction', { connectorId: 1 }), 409, 'session_running');
    expect(refused.detail).toBe('A session is already running on connector 1; stop it before starting another');
    expect(charger.received).toEqual([]);

    // The other connector is free; without a connector the charge point picks a free one itself.
    expect((await command(cp, 'RemoteStartTransaction', { connectorId: 2 })).status).toBe(200);
    expect((await command(cp, 'RemoteStartTransaction', {})).status).toBe(200);
    expect(charger.received).toHaveLength(2);

    await client.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: at(1), reason: 'Local' });
    expect((await command(cp, 'RemoteStartTransaction', { connectorId: 1 })).status).toBe(200);
    expect(charger.received.at(-1)).toMatchObject({ action: 'RemoteStartTransaction', params: { connectorId: 1 } });
  });

  it('Home Assistant’s START on a charging connector gets the same 409', async () => {
    const cp = await register('ha16');
    const charger = await connect(cp, 'ocpp1.6', ['RemoteStartTransaction']);
    charger.answer('RemoteStartTransaction', { status: 'Accepted' });
    await charger.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger.client.call('StartTransaction', { connectorId: 1, idTag: 'HA', meterStart: 0, timestamp: at(5) });

    const ha = await api(server, `/api/ha/charge-points/${cp.id}/charging`, { method: 'POST', key: haKey, body: { action: 'START', connector_id: 1 } });
    expectError(ha, 409, 'session_running');
    expect(charger.received).toEqual([]);
  });

  it('2.0.1: RequestStartTransaction on an EVSE with an open transaction is 409', async () => {
    const cp = await register('busy201');
    const charger = await connect(cp, 'ocpp2.0.1', ['RequestStartTransaction']);
    charger.answer('RequestStartTransaction', { status: 'Accepted' });
    await charger.client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: at(5),
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: 'busy-1' },
      evse: { id: 1, connectorId: 1 },
    });
    expectError(await command(cp, 'RequestStartTransaction', { evseId: 1 }), 409, 'session_running');
    expect(charger.received).toEqual([]);
    expect((await command(cp, 'RequestStartTransaction', { evseId: 2 })).status).toBe(200);
  });
});

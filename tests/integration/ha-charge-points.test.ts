/**
 * Charge points in the Home Assistant API, with real ocpp-rpc charge points:
 * state with connectors, live power and the open session; start/stop with the
 * owner's tag; a current limit sent as a charging profile; sessions; owner
 * isolation and metering.
 */
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let key: string;
let otherKey: string;
let cp16: RegisteredChargePoint;
let cp201: RegisteredChargePoint;
let charger16: RPCClient;
let charger201: RPCClient;
const received: { identity: string; method: string; params: any }[] = [];

function answerCalls(client: RPCClient, identity: string) {
  for (const method of ['RemoteStartTransaction', 'RemoteStopTransaction', 'RequestStartTransaction', 'RequestStopTransaction', 'SetChargingProfile']) {
    client.handle(method, async ({ params }: { params?: any }) => {
      received.push({ identity, method, params });
      return { status: 'Accepted' };
    });
  }
}

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  key = (await createApiKey(server, owner.cookie, 'Home Assistant')).key;
  const other = await signUp(server);
  otherKey = (await createApiKey(server, other.cookie, 'other')).key;
  cp16 = await registerChargePoint(server, owner.cookie, `ha-16-${Date.now()}`, 'Garage');
  cp201 = await registerChargePoint(server, owner.cookie, `ha-201-${Date.now()}`, 'Drive');
  charger16 = await bootedCharger(server, cp16, 'ocpp1.6');
  charger201 = await bootedCharger(server, cp201, 'ocpp2.0.1');
  answerCalls(charger16, cp16.identity);
  answerCalls(charger201, cp201.identity);
  await charger16.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
});
afterAll(async () => {
  await charger16?.close({ force: true });
  await charger201?.close({ force: true });
  await server?.stop();
});

describe('charge points for Home Assistant', () => {
  it('lists the owner’s charge points with connectors, and none of another user', async () => {
    const list = await api(server, '/api/ha/charge-points', { key });
    expect(list.status).toBe(200);
    expect(list.body.map((c: any) => c.name).sort()).toEqual(['Drive', 'Garage']);
    const garage = list.body.find((c: any) => c.id === cp16.id);
    expect(garage).toMatchObject({ connected: true, is_charging: false, power_w: 0, active_session: null });
    expect(garage.connectors).toEqual([expect.objectContaining({ evse_id: 1, status: 'Available' })]);
    expect((await api(server, '/api/ha/charge-points', { key: otherKey })).body).toEqual([]);
    expectError(await api(server, `/api/ha/charge-points/${cp16.id}`, { key: otherKey }), 404, 'not_found');
  });

  it('starts a 1.6 session with the owner’s tag, then shows it charging with live power, and stops it', async () => {
    const started = await api(server, `/api/ha/charge-points/${cp16.id}/charging`, { method: 'POST', key, body: { action: 'START', connector_id: 1 } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ status: 'success', action: 'RemoteStartTransaction', answer: { status: 'Accepted' } });
    expect(started.headers.get('x-ratelimit-limit')).not.toBeNull();
    const idTag = received.at(-1)!.params.idTag;
    expect(idTag).toEqual(expect.any(String));

    const at = Date.now();
    const { transactionId } = (await charger16.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1000, timestamp: new Date(at).toISOString() })) as any;
    await charger16.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await charger16.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: new Date(at + 60_000).toISOString(),
          sampledValue: [
            { value: '7400', measurand: 'Power.Active.Import', unit: 'W' },
            { value: '1.5', measurand: 'Energy.Active.Import.Register', unit: 'kWh' },
          ],
        },
      ],
    });
    const status = await api(server, `/api/ha/charge-points/${cp16.id}`, { key });
    expect(status.body).toMatchObject({ is_charging: true, power_w: 7400, active_session: { id_tag: idTag, transaction_id: String(transactionId) } });
    expect(status.body.session_energy_kwh).toBeCloseTo(0.5, 5);
    expect(status.body.connectors[0]).toMatchObject({ status: 'Charging', power_w: 7400 });

    const stopped = await api(server, `/api/ha/charge-points/${cp16.id}/charging`, { method: 'POST', key, body: { action: 'STOP' } });
    expect(stopped.body).toMatchObject({ action: 'RemoteStopTransaction', answer: { status: 'Accepted' } });
    expect(received.at(-1)).toMatchObject({ identity: cp16.identity, method: 'RemoteStopTransaction', params: { transactionId } });
    await charger16.call('StopTransaction', { transactionId, meterStop: 1500, timestamp: new Date(at + 120_000).toISOString(), reason: 'Remote' });

    const sessions = await api(server, `/api/ha/charge-points/${cp16.id}/sessions`, { key });
    expect(sessions.body.sessions[0]).toMatchObject({ transaction_id: String(transactionId), energy_wh: 500, stop_reason: 'Remote' });
    expectError(await api(server, `/api/ha/charge-points/${cp16.id}/charging`, { method: 'POST', key, body: { action: 'STOP' } }), 409, 'no_active_session');
  });

  it('uses RequestStartTransaction on a 2.0.1 charge point', async () => {
    const started = await api(server, `/api/ha/charge-points/${cp201.id}/charging`, { method: 'POST', key, body: { action: 'START', connector_id: 1 } });
    expect(started.body).toMatchObject({ action: 'RequestStartTransaction', answer: { status: 'Accepted' } });
    expect(received.at(-1)).toMatchObject({ identity: cp201.identity, params: { evseId: 1, idToken: { type: 'Central' } } });
  });

  it('sets a current limit as a charging profile and keeps it as the connector maximum', async () => {
    const limited = await api(server, `/api/ha/charge-points/${cp16.id}/current-limit`, { method: 'POST', key, body: { amps: 10, connector_id: 1 } });
    expect(limited.status, JSON.stringify(limited.body)).toBe(200);
    expect(limited.body).toMatchObject({ status: 'success', amps: 10, applied: true });
    expect(received.at(-1)).toMatchObject({
      method: 'SetChargingProfile',
      params: { connectorId: 1, csChargingProfiles: { chargingProfilePurpose: 'TxDefaultProfile', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } } },
    });
    const status = await api(server, `/api/ha/charge-points/${cp16.id}`, { key });
    expect(status.body.connectors[0].max_current_a).toBe(10);

    const v201 = await api(server, `/api/ha/charge-points/${cp201.id}/current-limit`, { method: 'POST', key, body: { amps: 16 } });
    expect(v201.body.applied).toBe(true);
    expect(received.at(-1)!.params.chargingProfile.chargingSchedule[0].chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 16 }]);
  });

  it('validates the limit and the action (422)', async () => {
    const tooLow = await api(server, `/api/ha/charge-points/${cp16.id}/current-limit`, { method: 'POST', key, body: { amps: 2 } });
    expect(expectError(tooLow, 422, 'validation_failed').errors[0].path).toBe('body.amps');
    expectError(await api(server, `/api/ha/charge-points/${cp16.id}/charging`, { method: 'POST', key, body: { action: 'GO' } }), 422, 'validation_failed');
    expectError(await api(server, '/api/ha/charge-points/not-a-uuid', { key }), 422, 'validation_failed');
  });
});

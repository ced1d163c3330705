/**
 * Commands to charge points through POST /api/charge-points/{id}/commands:
 * a real server, ocpp-rpc clients as the charge points. Conformance cases are
 * named after the OCA CSMS test case ids.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { registerChargePoint, ScriptedCharger, type OcppProtocol, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

const CALL_TIMEOUT_MS = 1000;

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: { OCPP_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) } });
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const hex = () => randomBytes(4).toString('hex');
const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${hex()}`);

type Answer = Record<string, unknown>;

/** A scripted charge point, closed after the file. */
async function connectScripted(cp: RegisteredChargePoint, protocol: OcppProtocol, actions: string[]): Promise<ScriptedCharger> {
  const charger = await ScriptedCharger.connect(server, cp, protocol, actions);
  openClients.push(charger.client);
  return charger;
}

const command = (cp: { id: string }, action: string, payload?: Answer, account: Account = owner) =>
  api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: account.cookie, body: { action, payload } });

/** Sends a command and checks that the charge point got exactly `payload` and that its answer came back. */
async function roundTrip(charger: ScriptedCharger, cp: RegisteredChargePoint, action: string, payload: Answer, answer: Answer) {
  charger.answer(action, answer);
  const response = await command(cp, action, payload);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body).toEqual({ action, answer });
  expect(charger.last()).toEqual({ action, params: payload });
}

const profile16 = {
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};
const profile201 = {
  id: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Relative',
  chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
};

const COMMANDS_16 = [
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'Reset',
  'UnlockConnector',
  'ChangeAvailability',
  'TriggerMessage',
  'GetConfiguration',
  'ChangeConfiguration',
  'ClearCache',
  'SetChargingProfile',
  'ClearChargingProfile',
];

describe('OCPP 1.6 commands', () => {
  let cp: RegisteredChargePoint;
  let charger: ScriptedCharger;
  beforeAll(async () => {
    cp = await register('cmd16');
    charger = await connectScripted(cp, 'ocpp1.6', COMMANDS_16);
  });

  it.each([
    ['TC_013_CSMS', 'Reset', { type: 'Hard' }, { status: 'Accepted' }],
    ['TC_014_CSMS', 'Reset', { type: 'Soft' }, { status: 'Rejected' }],
    ['TC_017_1_CSMS', 'UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
    ['TC_030_CSMS', 'UnlockConnector', { connectorId: 1 }, { status: 'UnlockFailed' }],
    ['TC_019_1_CSMS', 'GetConfiguration', {}, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }],
    ['TC_019_2_CSMS', 'GetConfiguration', { key: ['Nope'] }, { configurationKey: [], unknownKey: ['Nope'] }],
    ['TC_021_CSMS', 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' }, { status: 'Accepted' }],
    ['TC_061_CSMS', 'ClearCache', {}, { status: 'Accepted' }],
    ['TC_054_CSMS', 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 }, { status: 'Accepted' }],
    ['TC_055_CSMS', 'TriggerMessage', { requestedMessage: 'MeterValues' }, { status: 'Rejected' }],
    ['TC_056_CSMS', 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile16 }, { status: 'Accepted' }],
    ['TC_067_CSMS', 'ClearChargingProfile', { id: 1 }, { status: 'Accepted' }],
    ['TC_012_CSMS', 'RemoteStopTransaction', { transactionId: 42 }, { status: 'Accepted' }],
    ['TC_028_CSMS', 'RemoteStopTransaction', { transactionId: 43 }, { status: 'Rejected' }],
    ['TC_026_CSMS', 'RemoteStartTransaction', { connectorId: 1, idTag: 'GIVEN' }, { status: 'Rejected' }],
    ['ChangeAvailability', 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' }, { status: 'Scheduled' }],
  ])('%s: %s is sent as given and the answer returned', async (_case, action, payload, answer) => {
    await roundTrip(charger, cp, action, payload, answer);
  });

  it("TC_010_CSMS, TC_011_1_CSMS: a remote start without idTag uses the user's own tag, which the charge point can then use", async () => {
    charger.answer('RemoteStartTransaction', { status: 'Accepted' });
    const first = await command(cp, 'RemoteStartTransaction', { connectorId: 1 });
    expect(first.body).toEqual({ action: 'RemoteStartTransaction', answer: { status: 'Accepted' } });
    const idTag = charger.last()!.params.idTag as string;
    const tags = (await api(server, '/api/id-tags', { cookie: owner.cookie })).body.id_tags.map((t: { tag: string }) => t.tag);
    expect(tags).toContain(idTag);

    // The charge point authorizes and starts with it while the session runs.
    expect(await charger.client.call('Authorize', { idTag })).toEqual({ idTagInfo: { status: 'Accepted' } });
    const start = (await charger.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp: new Date().toISOString() })) as {
      idTagInfo: { status: string };
    };
    expect(start.idTagInfo.status).toBe('Accepted');

    await command(cp, 'RemoteStartTransaction', {});
    expect(charger.last()!.params).toEqual({ idTag });
  });

  it('refuses payloads that do not fit the action (422) before anything is sent', async () => {
    const sent = charger.received.length;
    expect(expectError(await command(cp, 'Reset', { type: 'Sideways' }), 422, 'validation_failed').errors[0].path).toBe('body.payload.type');
    expectError(await command(cp, 'FlyToTheMoon', {}), 422, 'validation_failed');
    // A 2.0.1 action on a 1.6 charge point.
    expectError(await command(cp, 'GetVariables', { getVariableData: [{ component: { name: 'A' }, variable: { name: 'B' } }] }), 422, 'validation_failed');
    // Passes our shape check but not the OCPP schema (no charging schedule).
    const noSchedule: Answer = { ...profile16 };
    delete noSchedule.chargingSchedule;
    expectError(await command(cp, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: noSchedule }), 422, 'invalid_command');
    expect(charger.received.length).toBe(sent);
  });

  it('reports a CALLERROR from the charge point as 502', async () => {
    charger.answers.set('ClearCache', () => {
      throw new Error('broken');
    });
    expectError(await command(cp, 'ClearCache', {}), 502, 'charge_point_error');
  });

  it('works with a full-access API key; a Home Assistant key has its own charging endpoints', async () => {
    const key = await createApiKey(server, owner.cookie, 'script', 'full');
    charger.answer('ClearCache', { status: 'Accepted' });
    const response = await api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', key: key.key, body: { action: 'ClearCache' }, origin: null });
    expect(response.body).toEqual({ action: 'ClearCache', answer: { status: 'Accepted' } });
    const haKey = await createApiKey(server, owner.cookie, 'ha');
    const refused = await api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', key: haKey.key, body: { action: 'ClearCache' }, origin: null });
    expectError(refused, 403, 'insufficient_scope');
  });
});

const COMMANDS_201 = [
  'RequestStartTransaction',
  'RequestStopTransaction',
  'Reset',
  'UnlockConnector',
  'ChangeAvailability',
  'TriggerMessage',
  'GetVariables',
  'SetVariables',
  'GetBaseReport',
  'ClearCache',
  'SetChargingProfile',
];

describe('OCPP 2.0.1 commands', () => {
  let cp: RegisteredChargePoint;
  let charger: ScriptedCharger;
  beforeAll(async () => {
    cp = await register('cmd201');
    charger = await connectScripted(cp, 'ocpp2.0.1', COMMANDS_201);
  });

  const component = { name: 'OCPPCommCtrlr' };
  const variable = { name: 'HeartbeatInterval' };

  it.each([
    ['TC_B_20_CSMS', 'Reset', { type: 'OnIdle' }, { status: 'Accepted' }],
    ['TC_B_22_CSMS', 'Reset', { type: 'Immediate' }, { status: 'Accepted' }],
    ['TC_B_25_CSMS', 'Reset', { type: 'OnIdle', evseId: 1 }, { status: 'Scheduled' }],
    ['TC_F_06_CSMS', 'UnlockConnector', { evseId: 1, connectorId: 1 }, { status: 'Unlocked' }],
    ['TC_G_03_CSMS', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }, { status: 'Accepted' }],
    ['TC_G_04_CSMS', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } }, { status: 'Accepted' }],
    ['TC_G_05_CSMS', 'ChangeAvailability', { operationalStatus: 'Inoperative' }, { status: 'Scheduled' }],
    ['TC_G_07_CSMS', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } }, { status: 'Accepted' }],
    ['TC_F_20_CSMS', 'TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }],
    ['TC_F_11_CSMS', 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } }, { status: 'Accepted' }],
    ['TC_F_27_CSMS', 'TriggerMessage', { requestedMessage: 'SignV2GCertificate' }, { status: 'NotImplemented' }],
    ['TC_B_06_CSMS', 'GetVariables', { getVariableData: [{ component, variable }] }, { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', component, variable }] }],
    ['TC_B_09_CSMS', 'SetVariables', { setVariableData: [{ component, variable, attributeValue: '60' }] }, { setVariableResult: [{ attributeStatus: 'Accepted', component, variable }] }],
    ['TC_B_12_CSMS', 'GetBaseReport', { requestId: 3, reportBase: 'ConfigurationInventory' }, { status: 'Accepted' }],
    ['TC_B_13_CSMS', 'GetBaseReport', { requestId: 4, reportBase: 'FullInventory' }, { status: 'Accepted' }],
    ['TC_C_37_CSMS', 'ClearCache', {}, { status: 'Accepted' }],
    ['TC_C_38_CSMS', 'ClearCache', {}, { status: 'Rejected' }],
    ['TC_E_21_CSMS', 'RequestStopTransaction', { transactionId: 'tx-1' }, { status: 'Accepted' }],
    ['SetChargingProfile', 'SetChargingProfile', { evseId: 0, chargingProfile: profile201 }, { status: 'Accepted' }],
  ])('%s: %s is sent as given and the answer returned', async (_case, action, payload, answer) => {
    await roundTrip(charger, cp, action, payload, answer);
  });

  it("TC_F_01_CSMS, TC_F_02_CSMS: a remote start without idToken sends the user's own tag and a remoteStartId", async () => {
    charger.answer('RequestStartTransaction', { status: 'Accepted', transactionId: 'remote-1' });
    const response = await command(cp, 'RequestStartTransaction', { evseId: 1 });
    expect(response.body).toEqual({ action: 'RequestStartTransaction', answer: { status: 'Accepted', transactionId: 'remote-1' } });
    const sent = charger.last()!.params as { idToken: { idToken: string; type: string }; remoteStartId: number; evseId: number };
    expect(sent).toMatchObject({ evseId: 1, idToken: { type: 'Central' }, remoteStartId: expect.any(Number) });

    const event = await charger.client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'RemoteStart',
      seqNo: 0,
      transactionInfo: { transactionId: 'remote-1', remoteStartId: sent.remoteStartId },
      idToken: sent.idToken,
      evse: { id: 1, connectorId: 1 },
    });
    expect(event).toEqual({ idTokenInfo: { status: 'Accepted' } });
  });

  it('a GetBaseReport without requestId gets one (the OCPP schema requires it)', async () => {
    charger.answer('GetBaseReport', { status: 'Accepted' });
    expect((await command(cp, 'GetBaseReport', { reportBase: 'ConfigurationInventory' })).status).toBe(200);
    expect(charger.last()!.params).toEqual({ reportBase: 'ConfigurationInventory', requestId: expect.any(Number) });
  });
});

describe('delivery', () => {
  it('TC_011_2_CSMS: a charge point that never answers gives 504; its own calls and other charge points carry on', async () => {
    const silentCp = await register('silent');
    const silent = await connectScripted(silentCp, 'ocpp1.6', ['Reset', 'ClearCache']);
    silent.answers.set('Reset', () => new Promise<Answer>(() => {}));
    silent.answer('ClearCache', { status: 'Accepted' });
    const otherCp = await register('other');
    const other = await connectScripted(otherCp, 'ocpp2.0.1', ['ClearCache']);
    other.answer('ClearCache', { status: 'Accepted' });

    const started = Date.now();
    let settled = false;
    const pending = command(silentCp, 'Reset', { type: 'Soft' }).finally(() => (settled = true));
    await expect.poll(() => silent.received.length).toBe(1);
    // While our call hangs: the silent charge point's own calls are answered, another one gets commands.
    expect(await silent.client.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
    expect(await silent.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })).toEqual({});
    expect((await command(otherCp, 'ClearCache', {})).body).toEqual({ action: 'ClearCache', answer: { status: 'Accepted' } });
    expect(settled).toBe(false);

    // Queued behind the hanging call: its own deadline still holds, it does not wait a second full timeout.
    const queuedAt = Date.now();
    const queued = command(silentCp, 'Reset', { type: 'Hard' });

    expectError(await pending, 504, 'charge_point_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(CALL_TIMEOUT_MS - 50);
    expectError(await queued, 504, 'charge_point_timeout');
    expect(Date.now() - queuedAt).toBeLessThan(CALL_TIMEOUT_MS * 1.5);
    // The queue moves on after the timeout.
    expect((await command(silentCp, 'ClearCache', {})).body).toEqual({ action: 'ClearCache', answer: { status: 'Accepted' } });
  });

  it('sends at most one call at a time to a charge point', async () => {
    const cp = await register('serial');
    const charger = await connectScripted(cp, 'ocpp1.6', ['GetConfiguration']);
    let inFlight = 0;
    let maxInFlight = 0;
    charger.answers.set('GetConfiguration', async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await sleep(100);
      inFlight--;
      return { configurationKey: [] };
    });
    const responses = await Promise.all([1, 2, 3].map(() => command(cp, 'GetConfiguration', {})));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(charger.received).toHaveLength(3);
    expect(maxInFlight).toBe(1);
  });

  it('answers 409 for a charge point that is not connected', async () => {
    const cp = await register('offline');
    const body = expectError(await command(cp, 'Reset', { type: 'Hard' }), 409, 'charge_point_offline');
    expect(body.detail).toMatch(/not connected/);
  });
});

describe('ownership', () => {
  it("another user's charge point is 404 for commands, detail and transactions; nothing is sent", async () => {
    const cp = await register('mine');
    const charger = await connectScripted(cp, 'ocpp1.6', ['Reset']);
    charger.answer('Reset', { status: 'Accepted' });
    const stranger = await signUp(server);

    expectError(await command(cp, 'Reset', { type: 'Hard' }, stranger), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cp.id}`, { cookie: stranger.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cp.id}/transactions`, { cookie: stranger.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cp.id}/transactions/${randomUUID()}`, { cookie: owner.cookie }), 404, 'not_found');
    expectError(await command({ id: randomUUID() }, 'Reset', { type: 'Hard' }), 404, 'not_found');
    expect(charger.received).toHaveLength(0);
    expect((await api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', body: { action: 'Reset' } })).status).toBe(401);
  });
});

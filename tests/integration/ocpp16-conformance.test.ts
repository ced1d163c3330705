/**
 * OCPP 1.6 CSMS conformance scenarios (OCA test cases for Core, Cache, Unlock,
 * Offline, Configuration keys, Smart charging, Security): a real server,
 * ocpp-rpc clients as the charge points, and assertions on what the CSMS
 * answers, stores and sends.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { api, expectError, signUp, type Account } from '../helpers/api';
import {
  basicAuth,
  bootedCharger,
  chargePointDetail,
  chargePointTransactions,
  chargerClient,
  handshakeStatus,
  ocppEndpoint,
  registerChargePoint,
  ScriptedCharger,
  type RegisteredChargePoint,
} from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: { OCPP_CALL_TIMEOUT_MS: '5000' } });
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

type Answer = Record<string, unknown>;
interface Started {
  transactionId: number;
  idTagInfo: { status: string };
}

const hex = () => randomBytes(4).toString('hex');
const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${hex()}`);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function charger(cp: RegisteredChargePoint): Promise<RPCClient> {
  const client = await bootedCharger(server, cp, 'ocpp1.6');
  openClients.push(client);
  return client;
}

async function scripted(cp: RegisteredChargePoint, actions: string[]): Promise<ScriptedCharger> {
  const connected = await ScriptedCharger.connect(server, cp, 'ocpp1.6', actions);
  openClients.push(connected.client);
  return connected;
}

/** A new Accepted id tag of the owner. */
async function validTag(): Promise<string> {
  const tag = `T${hex()}`;
  const response = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return tag;
}

const command = (cp: { id: string }, action: string, payload?: Answer) =>
  api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action, payload } });
const detail = (cp: RegisteredChargePoint) => chargePointDetail(server, owner.cookie, cp.id);
const txs = (cp: RegisteredChargePoint) => chargePointTransactions(server, owner.cookie, cp.id);
const status = (client: RPCClient, connectorId: number, s: string, errorCode = 'NoError') =>
  client.call('StatusNotification', { connectorId, errorCode, status: s });
const start = (client: RPCClient, idTag: string, meterStart = 0, timestamp = new Date().toISOString()) =>
  client.call('StartTransaction', { connectorId: 1, idTag, meterStart, timestamp }) as Promise<Started>;

/** A charge point with a session on connector 1, running for five minutes (a stop dated before its start would be taken at the start). */
async function charging(cp: RegisteredChargePoint, client: RPCClient, idTag: string) {
  await status(client, 1, 'Preparing');
  const started = await start(client, idTag, 1000, minutesAgo(5));
  expect(started.idTagInfo.status).toBe('Accepted');
  await status(client, 1, 'Charging');
  expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: String(started.transactionId) });
  return started.transactionId;
}

const profile = (purpose: string, extra: Answer = {}) => ({
  chargingProfileId: 7,
  stackLevel: 1,
  chargingProfilePurpose: purpose,
  chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
  ...extra,
});

describe('Start charging session and cache', () => {
  it('TC_004_1_CSMS: identification first: Authorize, then StartTransaction gets Accepted and a transaction id; the session runs', async () => {
    const tag = await validTag();
    const cp = await register('tc004-1');
    const client = await charger(cp);

    expect(await client.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(client, 1, 'Preparing');
    const started = await start(client, tag, 250);
    expect(started.idTagInfo).toEqual({ status: 'Accepted' });
    expect(Number.isInteger(started.transactionId)).toBe(true);
    await status(client, 1, 'Charging');

    expect(await detail(cp)).toMatchObject({
      active_transaction: { transaction_id: String(started.transactionId), id_tag: tag, meter_start_wh: 250, stopped_at: null },
      connectors: [{ connector_id: 1, status: 'Charging' }],
    });
  });

  it('TC_004_2_CSMS: identification first, no cable within ConnectionTimeOut: the connector is Available again and no transaction exists', async () => {
    const tag = await validTag();
    const cp = await register('tc004-2');
    const client = await charger(cp);

    expect(await client.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(client, 1, 'Preparing');
    expect((await detail(cp)).connectors).toEqual([expect.objectContaining({ status: 'Preparing' })]);
    expect(await status(client, 1, 'Available')).toEqual({});

    expect(await detail(cp)).toMatchObject({ active_transaction: null, connectors: [{ connector_id: 1, status: 'Available' }] });
    expect(await txs(cp)).toEqual([]);
  });

  it('TC_005_1_CSMS: EV side disconnected during a remote-started session: StopTransaction EVDisconnected is recorded, the connector ends Available', async () => {
    const cp = await register('tc005-1');
    const cs = await scripted(cp, ['RemoteStartTransaction']);
    cs.answer('RemoteStartTransaction', { status: 'Accepted' });
    const remote = await command(cp, 'RemoteStartTransaction', { connectorId: 1 });
    expect(remote.body).toEqual({ action: 'RemoteStartTransaction', answer: { status: 'Accepted' } });
    const idTag = cs.last()!.params.idTag as string;

    const transactionId = await charging(cp, cs.client, idTag);
    const stop = await cs.client.call('StopTransaction', { transactionId, idTag, meterStop: 4200, timestamp: new Date().toISOString(), reason: 'EVDisconnected' });
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(cs.client, 1, 'Finishing');
    await status(cs.client, 1, 'Available');

    const [tx] = await txs(cp);
    expect(tx).toMatchObject({ transaction_id: String(transactionId), id_tag: idTag, stop_reason: 'EVDisconnected', energy_wh: 3200, meter_stop_wh: 4200 });
    expect(tx.stopped_at).not.toBeNull();
    expect(await detail(cp)).toMatchObject({ active_transaction: null, connectors: [{ status: 'Available' }] });
  });

  it('TC_007_CSMS: a start with a cached id (no Authorize) is checked against the current id tags: Accepted, or Blocked once blocked', async () => {
    const tag = await validTag();
    const cp = await register('tc007');
    const client = await charger(cp);
    await status(client, 1, 'Preparing');
    const started = await start(client, tag);
    expect(started.idTagInfo).toEqual({ status: 'Accepted' });
    await status(client, 1, 'Charging');
    expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: String(started.transactionId), id_tag: tag });

    // The charge point's cache still says Accepted, but the owner has blocked the tag since.
    const { id } = (await api(server, '/api/id-tags', { cookie: owner.cookie })).body.id_tags.find((t: { tag: string }) => t.tag === tag);
    expect((await api(server, `/api/id-tags/${id}`, { method: 'PATCH', cookie: owner.cookie, body: { status: 'Blocked' } })).status).toBe(200);
    const other = await charger(await register('tc007-b'));
    expect(((await start(other, tag)) as Started).idTagInfo).toEqual({ status: 'Blocked' });
  });
});

describe('Unlock connector', () => {
  it.each([
    ['TC_017_2_CSMS', 'a fixed cable', 1],
    ['TC_031_CSMS', 'an unknown connector', 9765],
  ])('%s: %s: the charge point answers NotSupported and the caller gets that answer', async (_case, _what, connectorId) => {
    const cp = await register('unlock');
    const cs = await scripted(cp, ['UnlockConnector']);
    cs.answer('UnlockConnector', { status: 'NotSupported' });
    const response = await command(cp, 'UnlockConnector', { connectorId });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ action: 'UnlockConnector', answer: { status: 'NotSupported' } });
    expect(cs.received).toEqual([{ action: 'UnlockConnector', params: { connectorId } }]);
  });

  it('TC_018_1_CSMS: with a session running, the charge point stops it (UnlockCommand) while our unlock waits; both are answered', async () => {
    const tag = await validTag();
    const cp = await register('tc018-1');
    const cs = await scripted(cp, ['UnlockConnector']);
    const transactionId = await charging(cp, cs.client, tag);

    // The charge point finishes the transaction before it answers the unlock: the CSMS must answer its calls meanwhile.
    let stopAnswer: unknown;
    cs.answers.set('UnlockConnector', async () => {
      stopAnswer = await cs.client.call('StopTransaction', { transactionId, idTag: tag, meterStop: 1800, timestamp: new Date().toISOString(), reason: 'UnlockCommand' });
      await status(cs.client, 1, 'Finishing');
      return { status: 'Unlocked' };
    });
    const response = await command(cp, 'UnlockConnector', { connectorId: 1 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ action: 'UnlockConnector', answer: { status: 'Unlocked' } });
    expect(stopAnswer).toEqual({ idTagInfo: { status: 'Accepted' } });

    const [tx] = await txs(cp);
    expect(tx).toMatchObject({ transaction_id: String(transactionId), stop_reason: 'UnlockCommand', energy_wh: 800 });
    expect(await detail(cp)).toMatchObject({ active_transaction: null, connectors: [{ status: 'Finishing' }] });
  });
});

describe('Non-happy flows: lock failure, power failure, offline', () => {
  it('TC_024_CSMS: a connector lock failure (Faulted, ConnectorLockFailure) is shown and kept in the fault history; no transaction', async () => {
    const tag = await validTag();
    const cp = await register('tc024');
    const client = await charger(cp);
    expect(await client.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted' } });
    await status(client, 1, 'Preparing');
    expect(await status(client, 1, 'Faulted', 'ConnectorLockFailure')).toEqual({});

    expect(await detail(cp)).toMatchObject({ active_transaction: null, connectors: [{ status: 'Faulted', error_code: 'ConnectorLockFailure' }] });
    const faults = await api(server, `/api/charge-points/${cp.id}/events?action=StatusNotification`, { cookie: owner.cookie });
    expect(faults.body.events).toEqual([
      expect.objectContaining({ action: 'StatusNotification', payload: expect.objectContaining({ connectorId: 1, status: 'Faulted', errorCode: 'ConnectorLockFailure' }) }),
    ]);
    expect(await txs(cp)).toEqual([]);
  });

  it('TC_032_1_CSMS: after a power failure the charge point boots (Accepted) and stops the open session with PowerLoss', async () => {
    const tag = await validTag();
    const cp = await register('tc032-1');
    const before = await charger(cp);
    const transactionId = await charging(cp, before, tag);
    await before.close({ force: true });

    const after = await charger(cp); // BootNotification Accepted
    await status(after, 0, 'Available');
    await status(after, 1, 'Finishing');
    const stoppedAt = minutesAgo(2);
    const stop = await after.call('StopTransaction', { transactionId, idTag: tag, meterStop: 1500, timestamp: stoppedAt, reason: 'PowerLoss' });
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted' } });

    const [tx] = await txs(cp);
    expect(tx).toMatchObject({ transaction_id: String(transactionId), stop_reason: 'PowerLoss', stopped_at: stoppedAt, energy_wh: 500 });
    expect(await detail(cp)).toMatchObject({ connected: true, status: 'Available', active_transaction: null, connectors: [{ status: 'Finishing' }] });
  });

  it('TC_037_1_CSMS: a start queued while offline (old timestamp) is Accepted and the session starts at that time', async () => {
    const tag = await validTag();
    const cp = await register('tc037-1');
    const client = await charger(cp);
    const startedAt = minutesAgo(25);
    const started = await start(client, tag, 3000, startedAt);
    expect(started.idTagInfo).toEqual({ status: 'Accepted' });
    await status(client, 1, 'Charging');

    expect(await detail(cp)).toMatchObject({
      active_transaction: { transaction_id: String(started.transactionId), id_tag: tag, started_at: startedAt, meter_start_wh: 3000, stopped_at: null },
      connectors: [{ status: 'Charging' }],
    });
  });

  it('TC_037_3_CSMS: an offline start with an invalid tag is answered Invalid; the DeAuthorized stop that follows is recorded', async () => {
    const unknown = `U${hex()}`;
    const cp = await register('tc037-3');
    const client = await charger(cp);
    const started = await start(client, unknown, 100, minutesAgo(10));
    expect(started.idTagInfo).toEqual({ status: 'Invalid' });
    // The charge point still needs an id to stop the transaction with.
    expect(Number.isInteger(started.transactionId)).toBe(true);

    const stoppedAt = minutesAgo(9);
    expect(await client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 160, timestamp: stoppedAt, reason: 'DeAuthorized' })).toEqual({});
    await status(client, 1, 'Finishing');

    const [tx] = await txs(cp);
    expect(tx).toMatchObject({ transaction_id: String(started.transactionId), id_tag: unknown, stop_reason: 'DeAuthorized', stopped_at: stoppedAt, energy_wh: 60 });
    expect((await detail(cp)).active_transaction).toBeNull();
  });
});

describe('Configuration keys', () => {
  it('TC_040_1_CSMS: an unsupported key: ChangeConfiguration NotSupported and GetConfiguration unknownKey reach the caller', async () => {
    const cp = await register('tc040-1');
    const cs = await scripted(cp, ['ChangeConfiguration', 'GetConfiguration']);
    cs.answer('ChangeConfiguration', { status: 'NotSupported' });
    cs.answer('GetConfiguration', { configurationKey: [], unknownKey: ['Testing'] });

    const change = await command(cp, 'ChangeConfiguration', { key: 'Testing', value: 'true' });
    expect(change.body).toEqual({ action: 'ChangeConfiguration', answer: { status: 'NotSupported' } });
    const get = await command(cp, 'GetConfiguration', { key: ['Testing'] });
    expect(get.body).toEqual({ action: 'GetConfiguration', answer: { configurationKey: [], unknownKey: ['Testing'] } });
    expect(cs.received).toEqual([
      { action: 'ChangeConfiguration', params: { key: 'Testing', value: 'true' } },
      { action: 'GetConfiguration', params: { key: ['Testing'] } },
    ]);
  });

  it('TC_040_2_CSMS: an invalid value: Rejected reaches the caller; a PropertyConstraintViolation CALLERROR is a 502 naming it', async () => {
    const cp = await register('tc040-2');
    const cs = await scripted(cp, ['ChangeConfiguration']);
    cs.answer('ChangeConfiguration', { status: 'Rejected' });
    const rejected = await command(cp, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '-1' });
    expect(rejected.body).toEqual({ action: 'ChangeConfiguration', answer: { status: 'Rejected' } });
    expect(cs.last()).toEqual({ action: 'ChangeConfiguration', params: { key: 'MeterValueSampleInterval', value: '-1' } });

    // The other answer the case allows: a CALLERROR PropertyConstraintViolation.
    cs.answers.set('ChangeConfiguration', () => {
      throw createRPCError('PropertyConstraintViolation', 'MeterValueSampleInterval must be >= 0');
    });
    const refused = expectError(await command(cp, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '-1' }), 502, 'charge_point_error');
    expect(refused.detail).toContain('PropertyConstraintViolation');
  });
});

describe('Smart charging', () => {
  it('TC_057_CSMS: a TxProfile for the running session carries its transactionId (filled in when left out)', async () => {
    const tag = await validTag();
    const cp = await register('tc057');
    const cs = await scripted(cp, ['SetChargingProfile']);
    const transactionId = await charging(cp, cs.client, tag);
    cs.answer('SetChargingProfile', { status: 'Accepted' });

    const filled = await command(cp, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile('TxProfile') });
    expect(filled.body).toEqual({ action: 'SetChargingProfile', answer: { status: 'Accepted' } });
    expect(cs.last()!.params).toEqual({ connectorId: 1, csChargingProfiles: profile('TxProfile', { transactionId }) });

    const given = { connectorId: 1, csChargingProfiles: profile('TxProfile', { transactionId, chargingProfileId: 8 }) };
    expect((await command(cp, 'SetChargingProfile', given)).status).toBe(200);
    expect(cs.last()!.params).toEqual(given);
  });

  it('refuses charging profiles that break the 1.6 rules, without sending them', async () => {
    const cp = await register('profiles');
    const cs = await scripted(cp, ['SetChargingProfile', 'RemoteStartTransaction']);
    // A TxProfile needs a running session on its connector.
    expectError(await command(cp, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile('TxProfile') }), 409, 'no_running_transaction');
    const invalid: [string, Answer][] = [
      ['SetChargingProfile', { connectorId: 0, csChargingProfiles: profile('TxProfile', { transactionId: 1 }) }],
      ['SetChargingProfile', { connectorId: 1, csChargingProfiles: profile('ChargePointMaxProfile') }],
      ['SetChargingProfile', { connectorId: 1, csChargingProfiles: profile('TxDefaultProfile', { transactionId: 1 }) }],
      ['RemoteStartTransaction', { connectorId: 1, chargingProfile: profile('TxDefaultProfile') }],
      ['RemoteStartTransaction', { connectorId: 1, chargingProfile: profile('TxProfile', { transactionId: 1 }) }],
    ];
    for (const [action, payload] of invalid) expectError(await command(cp, action, payload), 422, 'validation_failed');
    expect(cs.received).toEqual([]);
  });

  it('TC_059_CSMS: a remote start with a TxProfile sends the profile with the start', async () => {
    const cp = await register('tc059');
    const cs = await scripted(cp, ['RemoteStartTransaction']);
    cs.answer('RemoteStartTransaction', { status: 'Accepted' });
    const tag = await validTag();
    const payload = { connectorId: 1, idTag: tag, chargingProfile: profile('TxProfile') };

    const response = await command(cp, 'RemoteStartTransaction', payload);
    expect(response.body).toEqual({ action: 'RemoteStartTransaction', answer: { status: 'Accepted' } });
    expect(cs.received).toEqual([{ action: 'RemoteStartTransaction', params: payload }]);
    // The charge point starts the session the profile is for.
    const started = await start(cs.client, tag);
    expect(started.idTagInfo).toEqual({ status: 'Accepted' });
  });

  it('TC_066_CSMS: GetCompositeSchedule goes out as asked and the composite schedule comes back to the caller', async () => {
    const cp = await register('tc066');
    const cs = await scripted(cp, ['GetCompositeSchedule']);
    const schedule = {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: new Date().toISOString(),
      chargingSchedule: {
        duration: 3600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 1800, limit: 10, numberPhases: 3 },
        ],
      },
    };
    cs.answer('GetCompositeSchedule', schedule);
    const response = await command(cp, 'GetCompositeSchedule', { connectorId: 1, duration: 3600, chargingRateUnit: 'A' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ action: 'GetCompositeSchedule', answer: schedule });
    expect(cs.received).toEqual([{ action: 'GetCompositeSchedule', params: { connectorId: 1, duration: 3600, chargingRateUnit: 'A' } }]);

    cs.answer('GetCompositeSchedule', { status: 'Rejected' });
    expect((await command(cp, 'GetCompositeSchedule', { connectorId: 0, duration: 60 })).body).toEqual({ action: 'GetCompositeSchedule', answer: { status: 'Rejected' } });
    expectError(await command(cp, 'GetCompositeSchedule', { connectorId: 1, duration: 0 }), 422, 'validation_failed');
    expect(cs.received).toHaveLength(2);
  });
});

describe('Security', () => {
  it('TC_085_CSMS: a 1.6 charge point with its identity and password in HTTP Basic auth is accepted; without them it is not', async () => {
    const cp = await register('tc085');
    const url = `${ocppEndpoint(server)}/${cp.identity}`;
    expect(await handshakeStatus(url, ['ocpp1.6'])).toBe(401);
    expect(await handshakeStatus(url, ['ocpp1.6'], { authorization: basicAuth(cp.identity, `${cp.password}x`) })).toBe(401);

    const client = chargerClient(server, cp.identity, cp.password, 'ocpp1.6');
    openClients.push(client);
    await client.connect();
    expect(client.protocol).toBe('ocpp1.6');
    expect(await client.call('BootNotification', { chargePointVendor: 'TestVendor', chargePointModel: 'Model-16' })).toMatchObject({ status: 'Accepted' });
    expect(await detail(cp)).toMatchObject({ connected: true, ocpp_version: 'ocpp1.6' });
  });
});

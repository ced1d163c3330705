/**
 * Messages from charge points (OCPP 1.6 and 2.0.1): status, authorization,
 * transactions and meter values, driven by ocpp-rpc clients against a real
 * server. Conformance cases are named after the OCA CSMS test case ids.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import {
  bootedCharger,
  chargePointDetail,
  chargePointTransactions,
  registerChargePoint,
  type OcppProtocol,
  type RegisteredChargePoint,
} from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const hex = () => randomBytes(4).toString('hex');
const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${hex()}`);

async function charger(cp: RegisteredChargePoint, protocol: OcppProtocol) {
  const client = await bootedCharger(server, cp, protocol);
  openClients.push(client);
  return client;
}

async function createTag(body: Record<string, unknown>) {
  const response = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const detail = (cp: RegisteredChargePoint) => chargePointDetail(server, owner.cookie, cp.id);
const txs = (cp: RegisteredChargePoint) => chargePointTransactions(server, owner.cookie, cp.id);

/** Rows in a table for one charge point, readable only on PostgreSQL (the server holds PGlite's lock). */
async function countRows(table: 'meter_values' | 'transactions' | 'charge_point_events', chargePointId: string): Promise<number> {
  const sql = postgres(server.databaseUrl!, { max: 1 });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where charge_point_id = ${chargePointId}`;
    return row.n;
  } finally {
    await sql.end();
  }
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const energy16 = (wh: number, timestamp: string, context = 'Sample.Periodic') => ({
  timestamp,
  sampledValue: [{ value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

describe('OCPP 1.6 core', () => {
  it('TC_001_CSMS: a cold boot with StatusNotifications shows the charge point (connector 0) and its connectors', async () => {
    const cp = await register('boot16');
    const client = await charger(cp, 'ocpp1.6');
    expect(await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: minutesAgo(1) })).toEqual({});
    expect(
      await client.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', info: 'RCD tripped', status: 'Faulted', timestamp: minutesAgo(1) }),
    ).toEqual({});
    await client.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });

    const body = await detail(cp);
    expect(body).toMatchObject({ connected: true, status: 'Available', error_code: 'NoError', active_transaction: null });
    expect(body.connectors).toEqual([
      expect.objectContaining({ connector_id: 1, status: 'Faulted', error_code: 'GroundFailure', info: 'RCD tripped' }),
      expect.objectContaining({ connector_id: 2, status: 'Available', error_code: 'NoError' }),
    ]);
  });

  it('keeps the newer status when an older StatusNotification arrives late', async () => {
    const cp = await register('late16');
    const client = await charger(cp, 'ocpp1.6');
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: minutesAgo(1) });
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: minutesAgo(5) });
    expect((await detail(cp)).connectors[0]).toMatchObject({ status: 'Charging' });
  });

  it('TC_003_CSMS: a plug-in-first session: authorize, start, meter values, stop; energy = meterStop − meterStart', async () => {
    const tag = `T${hex()}`;
    await createTag({ tag, parent_tag: 'FLEET' });
    const cp = await register('session16');
    const client = await charger(cp, 'ocpp1.6');
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });

    expect(await client.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    // An odd offset is normalised to UTC.
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag: tag, meterStart: 1000, timestamp: '2026-03-01T12:00:00+02:00' })) as {
      transactionId: number;
      idTagInfo: { status: string };
    };
    expect(start.idTagInfo.status).toBe('Accepted');
    expect(Number.isInteger(start.transactionId)).toBe(true);
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [energy16(1500, '2026-03-01T10:30:00Z'), { timestamp: '2026-03-01T10:30:00Z', sampledValue: [{ value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' }] }],
    });

    const during = await detail(cp);
    expect(during.active_transaction).toMatchObject({
      transaction_id: String(start.transactionId),
      id_tag: tag,
      started_at: '2026-03-01T10:00:00.000Z',
      meter_start_wh: 1000,
      energy_wh: 500,
      stopped_at: null,
    });
    expect(during.connectors[0]).toMatchObject({ status: 'Charging', power_w: 7400 });

    const stop = await client.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: tag,
      meterStop: 3250,
      timestamp: '2026-03-01T11:00:00Z',
      reason: 'EVDisconnected',
      transactionData: [energy16(3250, '2026-03-01T11:00:00Z', 'Transaction.End')],
    });
    expect(stop).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } });
    const [tx] = await txs(cp);
    expect(tx).toMatchObject({ meter_stop_wh: 3250, energy_wh: 2250, stop_reason: 'EVDisconnected', stopped_at: '2026-03-01T11:00:00.000Z' });
    // The last reading is not live once the session is over.
    expect(await detail(cp)).toMatchObject({ active_transaction: null, connectors: [{ power_w: 0 }] });
    const stranger = await signUp(server);
    expect((await api(server, `/api/charge-points/${cp.id}/transactions/${tx.id}`, { cookie: stranger.cookie })).status).toBe(404);
  });

  it('TC_023_1_CSMS, TC_023_2_CSMS, TC_023_3_CSMS: unknown tags are Invalid, expired ones Expired, blocked ones Blocked', async () => {
    const expired = `E${hex()}`;
    const blocked = `B${hex()}`;
    await createTag({ tag: expired, expires_at: minutesAgo(60) });
    await createTag({ tag: blocked, status: 'Blocked' });
    const client = await charger(await register('auth16'), 'ocpp1.6');

    expect(await client.call('Authorize', { idTag: `U${hex()}` })).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await client.call('Authorize', { idTag: expired })).toMatchObject({ idTagInfo: { status: 'Expired' } });
    expect(await client.call('Authorize', { idTag: blocked })).toEqual({ idTagInfo: { status: 'Blocked' } });
    // A start with a blocked tag still gets a transaction id (the charge point then stops it) but not Accepted.
    const start = (await client.call('StartTransaction', { connectorId: 1, idTag: blocked, meterStart: 0, timestamp: minutesAgo(1) })) as {
      idTagInfo: { status: string };
    };
    expect(start.idTagInfo.status).toBe('Blocked');
  });

  it("does not accept another user's id tag", async () => {
    const stranger = await signUp(server);
    const tag = `S${hex()}`;
    const created = await api(server, '/api/id-tags', { method: 'POST', cookie: stranger.cookie, body: { tag } });
    expect(created.status).toBe(201);
    const client = await charger(await register('foreign'), 'ocpp1.6');
    expect(await client.call('Authorize', { idTag: tag })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('TC_039_CSMS: a session replayed twice after an outage is one transaction with the exact energy', async () => {
    const tag = `R${hex()}`;
    await createTag({ tag });
    const cp = await register('replay16');
    const [startedAt, sampledAt, stoppedAt] = [minutesAgo(90), minutesAgo(60), minutesAgo(30)];
    const start = { connectorId: 1, idTag: tag, meterStart: 52_000, timestamp: startedAt };

    const ids: number[] = [];
    for (let delivery = 0; delivery < 2; delivery++) {
      // Each delivery on a fresh connection, as after a reconnect.
      const client = await charger(cp, 'ocpp1.6');
      const { transactionId } = (await client.call('StartTransaction', start)) as { transactionId: number };
      ids.push(transactionId);
      await client.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [energy16(53_000, sampledAt), { timestamp: sampledAt, sampledValue: [{ value: '11.2', measurand: 'Power.Active.Import', unit: 'kW' }] }],
      });
      await client.call('StopTransaction', { transactionId, meterStop: 55_500, timestamp: stoppedAt, reason: 'Local' });
      await client.close();
    }

    expect(ids[1]).toBe(ids[0]);
    const list = await txs(cp);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ transaction_id: String(ids[0]), energy_wh: 3500, meter_start_wh: 52_000, meter_stop_wh: 55_500 });
    const stored = await api(server, `/api/charge-points/${cp.id}/transactions/${list[0].id}`, { cookie: owner.cookie });
    expect(stored.body.meter_values).toEqual([
      expect.objectContaining({ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 53_000, sampled_at: sampledAt }),
      expect.objectContaining({ measurand: 'Power.Active.Import', unit: 'W', value: 11_200, sampled_at: sampledAt }),
    ]);
    if (server.databaseUrl) expect(await countRows('meter_values', cp.id)).toBe(2);
  });

  it('TC_064_CSMS: DataTransfer is stored and answered Accepted for our vendor id, UnknownVendorId otherwise', async () => {
    const cp = await register('data16');
    const client = await charger(cp, 'ocpp1.6');
    expect(await client.call('DataTransfer', { vendorId: 'org.evconduit', messageId: 'ping', data: '{}' })).toEqual({ status: 'Accepted' });
    expect(await client.call('DataTransfer', { vendorId: 'com.example', data: 'x' })).toEqual({ status: 'UnknownVendorId' });
    if (server.databaseUrl) expect(await countRows('charge_point_events', cp.id)).toBe(2);
  });

  it('records firmware and diagnostics status notifications on the charge point', async () => {
    const cp = await register('fw16');
    const client = await charger(cp, 'ocpp1.6');
    expect(await client.call('FirmwareStatusNotification', { status: 'Downloading' })).toEqual({});
    expect(await client.call('DiagnosticsStatusNotification', { status: 'Uploaded' })).toEqual({});
    expect(await detail(cp)).toMatchObject({ firmware_status: 'Downloading', diagnostics_status: 'Uploaded' });
  });
});

describe('OCPP 2.0.1', () => {
  const energy201 = (wh: number, timestamp: string, context = 'Sample.Periodic') => ({
    timestamp,
    sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
  });

  it('TC_B_01_CSMS: a cold boot with StatusNotifications shows the station and its EVSE connectors', async () => {
    const cp = await register('boot201');
    const client = await charger(cp, 'ocpp2.0.1');
    for (const evseId of [2, 1]) {
      expect(await client.call('StatusNotification', { timestamp: minutesAgo(1), connectorStatus: 'Available', evseId, connectorId: 1 })).toEqual({});
    }
    const body = await detail(cp);
    expect(body).toMatchObject({ connected: true, ocpp_version: 'ocpp2.0.1', active_transaction: null });
    expect(body.connectors.map((c: { evse_id: number; status: string }) => [c.evse_id, c.status])).toEqual([
      [1, 'Available'],
      [2, 'Available'],
    ]);
  });

  it('TC_C_02_CSMS, TC_C_06_CSMS, TC_C_07_CSMS, TC_C_39_CSMS: Authorize answers Unknown, Blocked, Expired, and Accepted with the group id', async () => {
    const ok = `A${hex()}`;
    const blocked = `B${hex()}`;
    const expired = `E${hex()}`;
    await createTag({ tag: ok, parent_tag: 'GROUP1' });
    await createTag({ tag: blocked, status: 'Blocked' });
    await createTag({ tag: expired, expires_at: minutesAgo(1) });
    const client = await charger(await register('auth201'), 'ocpp2.0.1');
    const authorize = (idToken: string) => client.call('Authorize', { idToken: { idToken, type: 'ISO14443' } });

    expect(await authorize(`U${hex()}`)).toEqual({ idTokenInfo: { status: 'Unknown' } });
    expect(await authorize(blocked)).toEqual({ idTokenInfo: { status: 'Blocked' } });
    expect(await authorize(expired)).toMatchObject({ idTokenInfo: { status: 'Expired' } });
    expect(await authorize(ok)).toEqual({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'GROUP1', type: 'Central' } } });
  });

  it('TC_E_03_CSMS, TC_E_53_CSMS, TC_J_07_CSMS, TC_J_09_CSMS, TC_J_10_CSMS: a local session from seqNo 0; energy from the register', async () => {
    const tag = `L${hex()}`;
    await createTag({ tag });
    const cp = await register('session201');
    const client = await charger(cp, 'ocpp2.0.1');
    const transactionId = `tx-${hex()}`;
    const base = { transactionInfo: { transactionId }, evse: { id: 1, connectorId: 1 } };

    expect(
      await client.call('StatusNotification', { timestamp: minutesAgo(10), connectorStatus: 'Occupied', evseId: 1, connectorId: 1 }),
    ).toEqual({});
    const started = await client.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      timestamp: '2026-03-01T10:00:00Z',
      triggerReason: 'Authorized',
      seqNo: 0,
      idToken: { idToken: tag, type: 'ISO14443' },
      meterValue: [energy201(10_000, '2026-03-01T10:00:00Z', 'Transaction.Begin')],
    });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    await client.call('TransactionEvent', {
      ...base,
      eventType: 'Updated',
      timestamp: '2026-03-01T10:15:00Z',
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      // kWh with a multiplier: 11.5 kWh = 11,500 Wh
      meterValue: [{ timestamp: '2026-03-01T10:15:00Z', sampledValue: [{ value: 1.15, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh', multiplier: 1 } }] }],
    });
    expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: transactionId, id_tag: tag, energy_wh: 1500, evse_id: 1 });

    expect(
      await client.call('TransactionEvent', {
        transactionInfo: { transactionId, stoppedReason: 'EVDisconnected' },
        eventType: 'Ended',
        timestamp: '2026-03-01T10:30:00Z',
        triggerReason: 'EVCommunicationLost',
        seqNo: 2,
        meterValue: [energy201(12_750, '2026-03-01T10:30:00Z', 'Transaction.End')],
      }),
    ).toEqual({});
    const [tx] = await txs(cp);
    expect(tx).toMatchObject({
      started_at: '2026-03-01T10:00:00.000Z',
      stopped_at: '2026-03-01T10:30:00.000Z',
      meter_start_wh: 10_000,
      meter_stop_wh: 12_750,
      energy_wh: 2750,
      stop_reason: 'EVDisconnected',
      offline: false,
    });
  });

  it('replays of offline TransactionEvents (twice, out of order) give one transaction with the exact energy', async () => {
    const cp = await register('replay201');
    const transactionId = `off-${hex()}`;
    const events = [
      { eventType: 'Started', seqNo: 0, timestamp: minutesAgo(120), triggerReason: 'CablePluggedIn', wh: 0 },
      { eventType: 'Updated', seqNo: 1, timestamp: minutesAgo(90), triggerReason: 'MeterValuePeriodic', wh: 4000 },
      { eventType: 'Ended', seqNo: 2, timestamp: minutesAgo(60), triggerReason: 'EVDeparted', wh: 7200 },
    ].map(({ wh, ...e }) => ({
      ...e,
      offline: true,
      evse: { id: 1, connectorId: 1 },
      transactionInfo: { transactionId, ...(e.eventType === 'Ended' && { stoppedReason: 'EVDisconnected' }) },
      meterValue: [energy201(wh, e.timestamp)],
    }));

    for (const order of [events, [events[1], events[2], events[0]]]) {
      const client = await charger(cp, 'ocpp2.0.1');
      for (const event of order) expect(await client.call('TransactionEvent', event)).toEqual({});
      await client.close();
    }
    const list = await txs(cp);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ transaction_id: transactionId, energy_wh: 7200, offline: true, started_at: events[0].timestamp });
    const stored = await api(server, `/api/charge-points/${cp.id}/transactions/${list[0].id}`, { cookie: owner.cookie });
    expect(stored.body.meter_values.map((m: { value: number }) => m.value)).toEqual([0, 4000, 7200]);
  });

  it('TC_J_01_CSMS: meter values outside a transaction are accepted; a resent sample is stored once', async () => {
    const cp = await register('meter201');
    const client = await charger(cp, 'ocpp2.0.1');
    const at = minutesAgo(15);
    const payload = {
      evseId: 0,
      meterValue: [
        { timestamp: at, sampledValue: [{ value: 230.1, measurand: 'Voltage', phase: 'L1-N', context: 'Sample.Clock', unitOfMeasure: { unit: 'V' } }, { value: 99_000, context: 'Sample.Clock' }] },
      ],
    };
    expect(await client.call('MeterValues', payload)).toEqual({});
    expect(await client.call('MeterValues', payload)).toEqual({});
    if (server.databaseUrl) expect(await countRows('meter_values', cp.id)).toBe(2);
  });

  it('accepts and records NotifyReport, NotifyEvent, SecurityEventNotification, firmware and log status notifications', async () => {
    const cp = await register('notify201');
    const client = await charger(cp, 'ocpp2.0.1');
    const at = minutesAgo(1);
    const calls: [string, Record<string, unknown>][] = [
      ['NotifyReport', { requestId: 1, generatedAt: at, seqNo: 0, reportData: [{ component: { name: 'ChargingStation' }, variable: { name: 'Model' }, variableAttribute: [{ value: 'X' }] }] }],
      ['NotifyEvent', { generatedAt: at, seqNo: 0, eventData: [{ eventId: 1, timestamp: at, trigger: 'Alerting', actualValue: 'Faulted', eventNotificationType: 'HardWiredNotification', component: { name: 'EVSE' }, variable: { name: 'Problem' } }] }],
      ['SecurityEventNotification', { type: 'SettingSystemTime', timestamp: at }],
      ['FirmwareStatusNotification', { status: 'Installed' }],
      ['LogStatusNotification', { status: 'Uploading', requestId: 7 }],
    ];
    for (const [action, payload] of calls) expect(await client.call(action, payload), action).toEqual({});
    expect(await client.call('DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
    expect(await detail(cp)).toMatchObject({ firmware_status: 'Installed', diagnostics_status: 'Uploading' });
    if (server.databaseUrl) expect(await countRows('charge_point_events', cp.id)).toBe(4);
  });
});

describe('id tags API', () => {
  it("creates, lists, updates and deletes the user's own tags; another user's are 404", async () => {
    const tag = `C${hex()}`;
    const created = await createTag({ tag, label: 'Card' });
    expect(created).toMatchObject({ tag, label: 'Card', status: 'Accepted', expires_at: null, parent_tag: null });
    const dup = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag } });
    expect(dup.status).toBe(409);
    expect((await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag: 'x'.repeat(21) } })).status).toBe(422);

    const patched = await api(server, `/api/id-tags/${created.id}`, { method: 'PATCH', cookie: owner.cookie, body: { status: 'Blocked' } });
    expect(patched.body).toMatchObject({ tag, status: 'Blocked', label: 'Card' });

    const stranger = await signUp(server);
    expect((await api(server, `/api/id-tags/${created.id}`, { method: 'PATCH', cookie: stranger.cookie, body: { label: 'mine' } })).status).toBe(404);
    expect((await api(server, `/api/id-tags/${created.id}`, { method: 'DELETE', cookie: stranger.cookie })).status).toBe(404);
    expect((await api(server, '/api/id-tags', { cookie: stranger.cookie })).body.id_tags).toEqual([]);

    expect((await api(server, `/api/id-tags/${created.id}`, { method: 'DELETE', cookie: owner.cookie })).status).toBe(204);
    const list = await api(server, '/api/id-tags', { cookie: owner.cookie });
    expect(list.body.id_tags.map((t: { tag: string }) => t.tag)).not.toContain(tag);
  });
});

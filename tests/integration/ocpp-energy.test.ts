/**
 * 15-minute energy intervals as CSV, sites, tariffs and transaction cost,
 * driven by ocpp-rpc charge points against a real server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, chargePointTransactions, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let stranger: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
  [owner, stranger] = await Promise.all([signUp(server), signUp(server)]);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const hex = () => randomBytes(4).toString('hex');

async function post(path: string, body: unknown, account = owner) {
  const response = await api(server, path, { method: 'POST', cookie: account.cookie, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function csvRows(path: string) {
  const response = await api(server, path, { cookie: owner.cookie });
  expect(response.status, String(response.body)).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  const [header, ...rows] = (response.body as string).trim().split('\r\n');
  expect(header).toBe('interval_start,interval_end,charge_point,evse_id,connector_id,id_tag,energy_kwh,interval_start_local');
  return rows.map((r) => r.split(',')).map((cells) => {
    // Without a site the local time is UTC: the same instant with +00:00.
    expect(cells[7]).toBe(cells[0].replace('.000Z', '+00:00'));
    return cells.slice(0, 7);
  });
}

const energy16 = (wh: number, timestamp: string) => ({
  timestamp,
  sampledValue: [{ value: String(wh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});
const energy201 = (wh: number, timestamp: string) => ({
  timestamp,
  sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
});

describe('energy intervals, tariffs and cost', () => {
  let tag: { id: string; tag: string };
  let cp16: RegisteredChargePoint;
  let cp201: RegisteredChargePoint;

  beforeAll(async () => {
    tag = await post('/api/id-tags', { tag: `T${hex()}` });
    cp16 = await registerChargePoint(server, owner.cookie, `energy16-${hex()}`);
    cp201 = await registerChargePoint(server, owner.cookie, `energy201-${hex()}`);
  });

  it('a 1.6 session across a month boundary: split by time, resent samples counted once, priced per interval', async () => {
    // Night block 00:00–06:00 at 0.10, otherwise 0.30.
    const tariff = await post('/api/tariffs', {
      name: 'Night',
      price_per_kwh: 0.3,
      currency: 'CHF',
      time_blocks: [{ from: '00:00', to: '06:00', price_per_kwh: 0.1 }],
    });
    const patched = await api(server, `/api/charge-points/${cp16.id}`, { method: 'PATCH', cookie: owner.cookie, body: { tariff_id: tariff.id } });
    expect(patched.status).toBe(200);
    expect(patched.body.tariff_id).toBe(tariff.id);

    const client = await bootedCharger(server, cp16, 'ocpp1.6');
    openClients.push(client);
    const started = (await client.call('StartTransaction', { connectorId: 1, idTag: tag.tag, meterStart: 1000, timestamp: '2026-01-31T23:50:00Z' })) as {
      transactionId: number;
    };
    const sample = { connectorId: 1, transactionId: started.transactionId };
    await client.call('MeterValues', { ...sample, meterValue: [energy16(1200, '2026-02-01T00:00:00Z')] });
    await client.call('MeterValues', { ...sample, meterValue: [energy16(1200, '2026-02-01T00:00:00Z')] });
    await client.call('MeterValues', { ...sample, meterValue: [energy16(1800, '2026-02-01T00:20:00Z')] });
    await client.call('StopTransaction', {
      transactionId: started.transactionId,
      meterStop: 2000,
      timestamp: '2026-02-01T00:30:00Z',
      transactionData: [energy16(1800, '2026-02-01T00:20:00Z')],
    });

    const rows = (month: string) => csvRows(`/api/charge-points/${cp16.id}/energy.csv?month=${month}`);
    // 23:50–00:00: 200 Wh; 00:00–00:20: 600 Wh (450 + 150); 00:20–00:30: 200 Wh.
    expect(await rows('2026-01')).toEqual([['2026-01-31T23:45:00.000Z', '2026-02-01T00:00:00.000Z', cp16.identity, '1', '1', tag.tag, '0.200']]);
    expect(await rows('2026-02')).toEqual([
      ['2026-02-01T00:00:00.000Z', '2026-02-01T00:15:00.000Z', cp16.identity, '1', '1', tag.tag, '0.450'],
      ['2026-02-01T00:15:00.000Z', '2026-02-01T00:30:00.000Z', cp16.identity, '1', '1', tag.tag, '0.350'],
    ]);
    expect(await rows('2026-03')).toEqual([]);

    const [tx] = await chargePointTransactions(server, owner.cookie, cp16.id);
    // 0.2 kWh at 0.30 + 0.8 kWh at 0.10
    expect(tx).toMatchObject({ energy_wh: 1000, cost: 0.14, currency: 'CHF' });
    // A replayed stop changes nothing.
    await client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 2000, timestamp: '2026-02-01T00:30:00Z' });
    expect((await chargePointTransactions(server, owner.cookie, cp16.id))[0]).toMatchObject({ cost: 0.14 });
  });

  it('a 2.0.1 session with a resent event; the id tag export covers both charge points', async () => {
    const client = await bootedCharger(server, cp201, 'ocpp2.0.1');
    openClients.push(client);
    const transactionId = `tx-${hex()}`;
    const base = { transactionInfo: { transactionId }, evse: { id: 2, connectorId: 1 } };
    const updated = { ...base, eventType: 'Updated', timestamp: '2026-02-10T12:15:00Z', triggerReason: 'MeterValuePeriodic', seqNo: 1, meterValue: [energy201(5500, '2026-02-10T12:15:00Z')] };
    await client.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      timestamp: '2026-02-10T12:00:00Z',
      triggerReason: 'Authorized',
      seqNo: 0,
      idToken: { idToken: tag.tag, type: 'ISO14443' },
      meterValue: [energy201(5000, '2026-02-10T12:00:00Z')],
    });
    await client.call('TransactionEvent', updated);
    await client.call('TransactionEvent', updated);
    await client.call('TransactionEvent', { ...base, eventType: 'Ended', timestamp: '2026-02-10T12:30:00Z', triggerReason: 'EVDeparted', seqNo: 2, meterValue: [energy201(6000, '2026-02-10T12:30:00Z')] });

    const rows = await csvRows(`/api/id-tags/${tag.id}/energy.csv?month=2026-02`);
    expect(rows.map((r) => [r[0], r[2], r[3], r[6]])).toEqual([
      ['2026-02-01T00:00:00.000Z', cp16.identity, '1', '0.450'],
      ['2026-02-01T00:15:00.000Z', cp16.identity, '1', '0.350'],
      ['2026-02-10T12:00:00.000Z', cp201.identity, '2', '0.500'],
      ['2026-02-10T12:15:00.000Z', cp201.identity, '2', '0.500'],
    ]);
    // No tariff on this charge point: no cost.
    expect((await chargePointTransactions(server, owner.cookie, cp201.id))[0]).toMatchObject({ energy_wh: 1000, cost: null });
  });

  it('exports are the owner\'s only and need a valid month', async () => {
    expect((await api(server, `/api/charge-points/${cp16.id}/energy.csv?month=2026-02`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await api(server, `/api/id-tags/${tag.id}/energy.csv?month=2026-02`, { cookie: stranger.cookie })).status).toBe(404);
    const bad = await api(server, `/api/charge-points/${cp16.id}/energy.csv?month=2026-13`, { cookie: owner.cookie });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBeTypeOf('string');
  });
});

describe('sites and tariffs', () => {
  it('CRUD, assignment to a charge point, and another user\'s rows are 404', async () => {
    const site = await post('/api/sites', { name: 'Garage', max_current_a: 32 });
    expect(site).toMatchObject({ name: 'Garage', max_current_a: 32, phases: 3, min_current_per_session_a: 6 });
    const renamed = await api(server, `/api/sites/${site.id}`, { method: 'PATCH', cookie: owner.cookie, body: { name: 'Lot B', phases: 1 } });
    expect(renamed.body).toMatchObject({ name: 'Lot B', phases: 1, max_current_a: 32 });
    expect((await api(server, '/api/sites', { cookie: owner.cookie })).body.sites.map((s: { id: string }) => s.id)).toContain(site.id);

    const cp = await registerChargePoint(server, owner.cookie, `site-${hex()}`);
    const assigned = await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: site.id } });
    expect(assigned.body.site_id).toBe(site.id);

    const foreignSite = await post('/api/sites', { name: 'Theirs' }, stranger);
    const foreignTariff = await post('/api/tariffs', { name: 'Theirs', price_per_kwh: 1, currency: 'EUR' }, stranger);
    for (const body of [{ site_id: foreignSite.id }, { tariff_id: foreignTariff.id }]) {
      expect((await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body })).status).toBe(404);
    }
    expect((await api(server, `/api/sites/${site.id}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await api(server, `/api/tariffs/${foreignTariff.id}`, { method: 'PATCH', cookie: owner.cookie, body: { name: 'x' } })).status).toBe(404);
    expect((await api(server, `/api/tariffs/${foreignTariff.id}`, { method: 'DELETE', cookie: owner.cookie })).status).toBe(404);
    expect((await api(server, '/api/tariffs', { method: 'POST', cookie: owner.cookie, body: { name: 'x', price_per_kwh: -1, currency: 'chf' } })).status).toBe(422);

    expect((await api(server, `/api/sites/${site.id}`, { method: 'DELETE', cookie: owner.cookie })).status).toBe(204);
    expect((await api(server, `/api/charge-points/${cp.id}`, { cookie: owner.cookie })).body.site_id).toBe(null);
  });
});

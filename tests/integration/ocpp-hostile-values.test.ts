/**
 * Issue 20 #2: a charge point claiming decades between start and stop, a
 * flood of late 2.0.1 events after Ended, and meter values no meter gives.
 * Each message is answered while the server keeps answering others, nothing
 * absurd is stored, and the month's export still answers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, chargePointTransactions, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let tariffId: string;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  const tariff = await api(server, '/api/tariffs', {
    method: 'POST',
    cookie: owner.cookie,
    body: { name: 'Night', price_per_kwh: 0.3, currency: 'CHF', time_blocks: [{ from: '22:00', to: '06:00', price_per_kwh: 0.1 }] },
  });
  expect(tariff.status, JSON.stringify(tariff.body)).toBe(201);
  tariffId = tariff.body.id;
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const hex = () => randomBytes(4).toString('hex');
const refused = (call: Promise<unknown>) => expect(call).rejects.toMatchObject({ rpcErrorCode: 'PropertyConstraintViolation' });
const thisMonth = () => new Date().toISOString().slice(0, 7);
const received = () => ({ from: Date.now() - 3_600_000, to: Date.now() + 3_600_000 });
const within = (iso: string, { from, to }: { from: number; to: number }) => Date.parse(iso) >= from && Date.parse(iso) <= to;

async function chargerWithTariff(label: string, protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<{ cp: RegisteredChargePoint; client: RPCClient }> {
  const cp = await registerChargePoint(server, owner.cookie, `${label}-${hex()}`);
  const patched = await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { tariff_id: tariffId } });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const client = await bootedCharger(server, cp, protocol);
  openClients.push(client);
  return { cp, client };
}

/** The call's answer, with a health check sent while it was being processed. */
async function withHealthCheck<T>(call: Promise<T>): Promise<{ answer: T; health: number }> {
  const [answer, health] = await Promise.all([call, api(server, '/api/health').then((r) => r.status)]);
  return { answer, health };
}

async function transactionDetail(cp: RegisteredChargePoint, id: string) {
  const response = await api(server, `/api/charge-points/${cp.id}/transactions/${id}`, { cookie: owner.cookie });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function exportStatus(cp: RegisteredChargePoint) {
  return (await api(server, `/api/charge-points/${cp.id}/energy.csv?month=${thisMonth()}`, { cookie: owner.cookie })).status;
}

const energy16 = (wh: number | string, timestamp: string) => ({
  timestamp,
  sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});
const energy201 = (wh: number, timestamp: string) => ({ timestamp, sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Register' }] });

describe('1.6: a clock decades off', () => {
  it('a start dated 2000 and a stop in 9999 are taken at their receive time; the stop is answered, priced and exported', async () => {
    const { cp, client } = await chargerWithTariff('decades16', 'ocpp1.6');
    const window = received();
    const started = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 1000, timestamp: '2000-01-01T00:00:00Z' })) as {
      transactionId: number;
    };
    // A replay of the same start is the same transaction, though its time was replaced.
    expect(await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 1000, timestamp: '2000-01-01T00:00:00Z' })).toMatchObject({
      transactionId: started.transactionId,
    });
    const { answer, health } = await withHealthCheck(
      client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 4000, timestamp: '9999-12-31T23:59:59Z' }),
    );
    expect(answer).toEqual({});
    expect(health).toBe(200);

    const [tx] = await chargePointTransactions(server, owner.cookie, cp.id);
    expect(within(tx.started_at, window) && within(tx.stopped_at, window), JSON.stringify(tx)).toBe(true);
    expect(Date.parse(tx.stopped_at)).toBeGreaterThanOrEqual(Date.parse(tx.started_at));
    expect(tx).toMatchObject({ energy_wh: 3000, currency: 'CHF' });
    // 3 kWh at 0.10 or 0.30 a kWh, whichever block the receive time falls in.
    expect([0.3, 0.9]).toContain(tx.cost);
    expect(await exportStatus(cp)).toBe(200);
    expect(server.entries().some((e) => e.msg?.includes('outside the accepted window') && e.claimed?.includes('9999-12-31T23:59:59.000Z'))).toBe(true);
  });

  it('a stop dated before its start is the start', async () => {
    const { cp, client } = await chargerWithTariff('backwards16', 'ocpp1.6');
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const { transactionId } = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: start })) as { transactionId: number };
    await client.call('StopTransaction', { transactionId, meterStop: 500, timestamp: new Date(Date.now() - 7_200_000).toISOString() });
    const [tx] = await chargePointTransactions(server, owner.cookie, cp.id);
    expect(tx).toMatchObject({ started_at: start, stopped_at: start, energy_wh: 500 });
    expect(await exportStatus(cp)).toBe(200);
  });
});

describe('1.6: values no meter gives', () => {
  it('meterStop below meterStart, a meterStart of 1e308 and readings of 1e308 or below zero are refused and never stored', async () => {
    const { cp, client } = await chargerWithTariff('absurd16', 'ocpp1.6');
    const now = () => new Date().toISOString();
    await refused(client.call('StartTransaction', { connectorId: 2, idTag: 'TAG', meterStart: 1e308, timestamp: now() }));
    expect(await chargePointTransactions(server, owner.cookie, cp.id)).toEqual([]);

    await refused(client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 2e16, timestamp: now() }));
    await refused(client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: -1, timestamp: now() }));

    const started = (await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 5000, timestamp: now() })) as { transactionId: number };
    const sample = { connectorId: 1, transactionId: started.transactionId };
    await refused(client.call('MeterValues', { ...sample, meterValue: [energy16('1e308', now())] }));
    await refused(client.call('MeterValues', { ...sample, meterValue: [energy16(-10, now())] }));
    await refused(client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 5100, timestamp: now(), transactionData: [energy16('1e308', now())] }));
    await refused(client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 1, timestamp: now() }));

    const [tx] = await chargePointTransactions(server, owner.cookie, cp.id);
    expect(tx).toMatchObject({ meter_start_wh: 5000, stopped_at: null, meter_stop_wh: null });
    expect(tx.energy_wh ?? 0).toBeGreaterThanOrEqual(0);
    expect((await transactionDetail(cp, tx.id)).meter_values).toEqual([]);

    // A sane stop is still taken.
    expect(await client.call('StopTransaction', { transactionId: started.transactionId, meterStop: 5600, timestamp: now() })).toEqual({});
    expect((await chargePointTransactions(server, owner.cookie, cp.id))[0]).toMatchObject({ energy_wh: 600 });
    expect(await exportStatus(cp)).toBe(200);
  });
});

describe('2.0.1: decades and late events', () => {
  it('Started in 2000 and Ended in 9999 take the receive time; a burst of late events after Ended is answered and priced once more for all of them', async () => {
    const { cp, client } = await chargerWithTariff('decades201', 'ocpp2.0.1');
    const window = received();
    const transactionId = `tx-${hex()}`;
    const base = { transactionInfo: { transactionId }, evse: { id: 1, connectorId: 1 } };
    await client.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      timestamp: '2000-01-01T00:00:00Z',
      triggerReason: 'Authorized',
      seqNo: 0,
      meterValue: [energy201(1000, '2000-01-01T00:00:00Z')],
    });
    const { answer, health } = await withHealthCheck(
      client.call('TransactionEvent', {
        ...base,
        eventType: 'Ended',
        timestamp: '9999-12-31T23:59:59Z',
        triggerReason: 'EVDeparted',
        seqNo: 1,
        meterValue: [energy201(2000, '9999-12-31T23:59:59Z')],
      }),
    );
    expect(answer).toEqual({});
    expect(health).toBe(200);

    // Readings the station sends after Ended, all at once: each adds 100 Wh.
    const endedAt = Date.now();
    const at = (i: number) => new Date(endedAt + (i + 1) * 1000).toISOString();
    const late = Array.from({ length: 20 }, (_, i) =>
      client.call('TransactionEvent', {
        ...base,
        eventType: 'Updated',
        timestamp: at(i),
        triggerReason: 'MeterValuePeriodic',
        seqNo: 2 + i,
        offline: true,
        meterValue: [energy201(2000 + 100 * (i + 1), at(i))],
      }),
    );
    const health2 = api(server, '/api/health');
    expect(await Promise.all(late)).toEqual(late.map(() => ({})));
    expect((await health2).status).toBe(200);

    const [tx] = await chargePointTransactions(server, owner.cookie, cp.id);
    expect(within(tx.started_at, window) && within(tx.stopped_at, window), JSON.stringify(tx)).toBe(true);
    // 1000 → 4000 Wh: every late reading counted, and all 3 kWh priced at 0.10 or 0.30 a kWh (the block of the moment).
    expect(tx).toMatchObject({ energy_wh: 3000, meter_stop_wh: 4000, currency: 'CHF' });
    expect([0.3, 0.9]).toContain(tx.cost);
    expect(await exportStatus(cp)).toBe(200);
  });

  it('a reading beyond 1e12 Wh or below zero is refused and never stored', async () => {
    const { cp, client } = await chargerWithTariff('absurd201', 'ocpp2.0.1');
    const transactionId = `tx-${hex()}`;
    const event = (seqNo: number, meterValue: unknown[]) =>
      client.call('TransactionEvent', {
        transactionInfo: { transactionId },
        evse: { id: 1, connectorId: 1 },
        eventType: seqNo === 0 ? 'Started' : 'Updated',
        timestamp: new Date().toISOString(),
        triggerReason: seqNo === 0 ? 'Authorized' : 'MeterValuePeriodic',
        seqNo,
        meterValue,
      });
    const now = new Date().toISOString();
    await refused(event(0, [energy201(1e308, now)]));
    await refused(event(0, [{ timestamp: now, sampledValue: [{ value: 1, unitOfMeasure: { multiplier: 13 } }] }]));
    await refused(event(0, [energy201(-5, now)]));
    expect(await chargePointTransactions(server, owner.cookie, cp.id)).toEqual([]);
    await refused(client.call('MeterValues', { evseId: 1, meterValue: [energy201(1e308, now)] }));
    expect(await exportStatus(cp)).toBe(200);
  });
});

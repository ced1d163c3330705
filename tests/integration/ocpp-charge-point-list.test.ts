/**
 * The charge point list with live state (GET /api/charge-points): connector
 * statuses, running sessions and power, from real ocpp-rpc charge points.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint } from '../helpers/ocpp';
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
const power16 = (w: number) => ({ timestamp: new Date().toISOString(), sampledValue: [{ value: String(w), measurand: 'Power.Active.Import', unit: 'W' }] });
const power201 = (w: number, timestamp: string) => ({ timestamp, sampledValue: [{ value: w, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } }] });

async function list(account: Account) {
  const response = await api(server, '/api/charge-points', { cookie: account.cookie });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { charge_points: Record<string, unknown>[] }).charge_points;
}

describe('charge point list with live state', () => {
  it('shows connector statuses, running sessions and their power; a finished session’s last reading is not live; only the owner’s', async () => {
    const charging = await registerChargePoint(server, owner.cookie, `list16-${hex()}`, 'A charging');
    const finished = await registerChargePoint(server, owner.cookie, `list201-${hex()}`, 'B finished');
    const silent = await registerChargePoint(server, owner.cookie, `listnone-${hex()}`, 'C never seen');
    await registerChargePoint(server, stranger.cookie, `liststranger-${hex()}`);

    const c16 = await bootedCharger(server, charging, 'ocpp1.6');
    openClients.push(c16);
    await c16.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    await c16.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await c16.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Faulted' });
    const { transactionId } = (await c16.call('StartTransaction', { connectorId: 1, idTag: 'LIST1', meterStart: 0, timestamp: new Date().toISOString() })) as { transactionId: number };
    expect((await list(owner)).find((cp) => cp.id === charging.id)).toMatchObject({ active_sessions: 1, power_w: null });
    await c16.call('MeterValues', { connectorId: 1, transactionId, meterValue: [power16(7400)] });

    const c201 = await bootedCharger(server, finished, 'ocpp2.0.1');
    openClients.push(c201);
    await c201.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    const base = { transactionInfo: { transactionId: `tx-${hex()}` }, evse: { id: 1, connectorId: 1 } };
    const t0 = new Date(Date.now() - 120_000).toISOString();
    const t1 = new Date(Date.now() - 60_000).toISOString();
    await c201.call('TransactionEvent', { ...base, eventType: 'Started', timestamp: t0, triggerReason: 'Authorized', seqNo: 0, meterValue: [power201(11000, t0)] });
    await c201.call('TransactionEvent', { ...base, eventType: 'Ended', timestamp: t1, triggerReason: 'EVDeparted', seqNo: 1 });

    const mine = await list(owner);
    expect(mine.map((cp) => cp.name)).toEqual(['A charging', 'B finished', 'C never seen']);
    expect(mine[0]).toMatchObject({
      connected: true,
      status: 'Available',
      active_sessions: 1,
      power_w: 7400,
      connectors: [
        { evse_id: 1, connector_id: 1, status: 'Charging', error_code: 'NoError', power_w: 7400 },
        { evse_id: 2, connector_id: 2, status: 'Faulted', error_code: 'NoError', power_w: 0 },
      ],
    });
    expect(mine[1]).toMatchObject({ connected: true, active_sessions: 0, power_w: 0, connectors: [{ evse_id: 1, connector_id: 1, status: 'Available', power_w: 0 }] });
    expect(mine[2]).toMatchObject({ connected: false, status: null, active_sessions: 0, power_w: 0, connectors: [] });
    expect((await list(stranger)).map((cp) => cp.id)).not.toContain(charging.id);
    expect(await list(stranger)).toHaveLength(1);
    expect(silent.id).toBe(mine[2].id);
  });
});

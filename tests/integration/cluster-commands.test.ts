/**
 * Presence and routed commands with several instances on one PostgreSQL:
 * a command through an instance that does not hold the charge point's socket
 * reaches it (1.6 and 2.0.1, answers larger than a NOTIFY), every instance
 * shows the same online state, a newer connection on another instance takes
 * over, and a kill -9 of the holder loses nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, createApiKey, signUp, type Account } from '../helpers/api';
import { clusterAvailable, startCluster, type Cluster } from '../helpers/cluster';
import { bootPayload, chargerClient, RawCharger, registerChargePoint, ScriptedCharger, type RegisteredChargePoint } from '../helpers/ocpp';
import type { TestServer } from '../helpers/server';

const CALL_TIMEOUT_MS = 5000;
const ENERGY = 'Energy.Active.Import.Register';

const hex = () => randomBytes(4).toString('hex');

describe.skipIf(!clusterAvailable)('presence and commands across instances', { timeout: 120_000 }, () => {
  let cluster: Cluster;
  let s0: TestServer;
  let s1: TestServer;
  let s2: TestServer;
  let owner: Account;
  let haKey: string;
  const openClients: RPCClient[] = [];

  beforeAll(async () => {
    cluster = await startCluster(3, { env: { OCPP_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS) } });
    [s0, s1, s2] = cluster.servers;
    owner = await signUp(s0);
    haKey = (await createApiKey(s0, owner.cookie, 'ha')).key;
  }, 300_000);
  afterAll(async () => {
    await Promise.all(openClients.map((c) => c.close({ force: true }).catch(() => undefined)));
    await cluster?.close();
  });

  const register = (label: string) => registerChargePoint(s0, owner.cookie, `${label}-${hex()}`);
  const command = (server: TestServer, cp: { id: string }, action: string, payload: Record<string, unknown>) =>
    api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action, payload } });
  const scripted = async (server: TestServer, cp: RegisteredChargePoint, protocol: 'ocpp1.6' | 'ocpp2.0.1', actions: string[]) => {
    const charger = await ScriptedCharger.connect(server, cp, protocol, actions);
    openClients.push(charger.client);
    return charger;
  };

  /** What each instance says about the charge point: the list, the detail and the Home Assistant API. */
  async function onlineEverywhere(cp: { id: string }): Promise<boolean[]> {
    const seen: boolean[] = [];
    for (const server of [s0, s1, s2].filter((s) => cluster.servers.includes(s))) {
      const list = await api(server, '/api/charge-points', { cookie: owner.cookie });
      const detail = await api(server, `/api/charge-points/${cp.id}`, { cookie: owner.cookie });
      const ha = await api(server, '/api/ha/charge-points', { key: haKey });
      const haOne = await api(server, `/api/ha/charge-points/${cp.id}`, { key: haKey });
      seen.push(
        list.body.charge_points.find((c: { id: string }) => c.id === cp.id).connected,
        detail.body.connected,
        ha.body.find((c: { id: string }) => c.id === cp.id).connected,
        haOne.body.connected,
      );
    }
    return seen;
  }

  it('a command through a non-holding instance reaches a 1.6 charge point, large answers included', async () => {
    const cp = await register('route16');
    const charger = await scripted(s0, cp, 'ocpp1.6', ['ChangeConfiguration', 'GetConfiguration', 'Reset', 'SendLocalList']);

    charger.answer('ChangeConfiguration', { status: 'Accepted' });
    const changed = await command(s1, cp, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ action: 'ChangeConfiguration', answer: { status: 'Accepted' } });
    expect(charger.last()).toEqual({ action: 'ChangeConfiguration', params: { key: 'HeartbeatInterval', value: '120' } });

    // Far beyond NOTIFY's 8000 bytes: the answer crosses the bus by reference.
    const configurationKey = Array.from({ length: 150 }, (_, i) => ({ key: `Key${i}`, readonly: false, value: `${i}-${'v'.repeat(100)}` }));
    expect(JSON.stringify(configurationKey).length).toBeGreaterThan(8000);
    charger.answer('GetConfiguration', { configurationKey });
    const config = await command(s2, cp, 'GetConfiguration', {});
    expect(config.status, JSON.stringify(config.body).slice(0, 500)).toBe(200);
    expect(config.body.answer).toEqual({ configurationKey });

    charger.answer('Reset', { status: 'Accepted' });
    expect((await command(s2, cp, 'Reset', { type: 'Soft' })).body).toEqual({ action: 'Reset', answer: { status: 'Accepted' } });
    // Checked against the holder's protocol, also where the socket is not.
    const invalid = await command(s1, cp, 'Reset', { type: 'Sideways' });
    expect(invalid.status).toBe(422);
    expect(charger.received.filter((r) => r.action === 'Reset')).toHaveLength(1);

    // The local list is built and sent on the holder (its list lock is the one lock): versions 1 then 2, whoever asks.
    charger.answer('SendLocalList', { status: 'Accepted' });
    expect((await command(s1, cp, 'SendLocalList', { updateType: 'Full' })).status).toBe(200);
    expect((await command(s2, cp, 'SendLocalList', { updateType: 'Full' })).status).toBe(200);
    expect(charger.received.filter((r) => r.action === 'SendLocalList').map((r) => r.params.listVersion)).toEqual([1, 2]);
  });

  it('a command through a non-holding instance reaches a 2.0.1 charge point', async () => {
    const cp = await register('route201');
    const charger = await scripted(s1, cp, 'ocpp2.0.1', ['GetVariables', 'Reset']);
    const component = { name: 'OCPPCommCtrlr' };
    const variable = { name: 'HeartbeatInterval' };
    charger.answer('GetVariables', { getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', component, variable }] });
    const got = await command(s0, cp, 'GetVariables', { getVariableData: [{ component, variable }] });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body.answer).toEqual({ getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '300', component, variable }] });

    charger.answer('Reset', { status: 'Scheduled' });
    expect((await command(s2, cp, 'Reset', { type: 'OnIdle' })).body).toEqual({ action: 'Reset', answer: { status: 'Scheduled' } });
    expect(charger.last()).toEqual({ action: 'Reset', params: { type: 'OnIdle' } });
  });

  it('every instance shows the same online state, and a charge point connected nowhere is 409 through any', async () => {
    const cp = await register('online');
    const charger = await scripted(s2, cp, 'ocpp1.6', []);
    expect(await onlineEverywhere(cp)).toEqual(Array(12).fill(true));

    await charger.client.close({ code: 1000 });
    await expect.poll(() => onlineEverywhere(cp), { timeout: 10_000, interval: 250 }).toEqual(Array(12).fill(false));
    for (const server of [s0, s1, s2]) {
      const refused = await command(server, cp, 'Reset', { type: 'Soft' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('charge_point_offline');
    }
  });

  it('a newer connection on another instance takes over: the old socket is closed, commands reach the new one', async () => {
    const cp = await register('takeover');
    const old = chargerClient(s0, cp.identity, cp.password, 'ocpp1.6');
    openClients.push(old);
    const oldClosed = new Promise<{ code: number; reason: string }>((resolve) => old.once('close', resolve));
    await old.connect();
    await old.call('BootNotification', bootPayload['ocpp1.6']);

    const replacement = await scripted(s1, cp, 'ocpp1.6', ['ChangeConfiguration']);
    expect(await oldClosed).toMatchObject({ code: 1000, reason: 'Replaced by a newer connection' });
    // The old instance has seen its socket close: that must not have cleared the new holder's presence.
    await s0.waitForLog((e) => e.msg === 'charge point disconnected' && e.identity === cp.identity);
    expect(await onlineEverywhere(cp)).toEqual(Array(12).fill(true));

    replacement.answer('ChangeConfiguration', { status: 'Accepted' });
    for (const server of [s0, s1, s2]) {
      const changed = await command(server, cp, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '60' });
      expect(changed.body).toEqual({ action: 'ChangeConfiguration', answer: { status: 'Accepted' } });
    }
    expect(replacement.received).toHaveLength(3);
  });

  // Last: it kills an instance.
  it('kill -9 of the holding instance mid-session: the charge point reconnects elsewhere and finishes, nothing lost', async () => {
    const cp = await register('killed');
    const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();
    const meter = (s: number, wh: number) => [{ timestamp: at(s), sampledValue: [{ value: String(wh), measurand: ENERGY, unit: 'Wh' }] }];

    const first = await RawCharger.connect(s2, cp.identity, cp.password, 'ocpp1.6');
    expect((await first.call('1', 'BootNotification', bootPayload['ocpp1.6']))[2]).toMatchObject({ status: 'Accepted' });
    const [, , started] = (await first.call('2', 'StartTransaction', { connectorId: 1, idTag: 'KILL9', meterStart: 1000, timestamp: at(0) })) as [
      number,
      string,
      { transactionId: number },
    ];
    expect((await first.call('3', 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: meter(10, 1200) }))[0]).toBe(3);
    expect((await first.call('4', 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: meter(20, 1500) }))[0]).toBe(3);

    await cluster.kill(s2);
    // Its holder is gone: a clear 409 (lease lapsed) or 504 (not yet), within the call timeout, never a hang.
    const begun = performance.now();
    const orphaned = await command(s0, cp, 'Reset', { type: 'Soft' });
    expect([409, 504]).toContain(orphaned.status);
    expect(['charge_point_offline', 'charge_point_timeout']).toContain(orphaned.body.code);
    expect(performance.now() - begun).toBeLessThan(CALL_TIMEOUT_MS + 3000);

    // The charge point notices the dead socket and reconnects, through the balancer, to one of the others.
    const balancer = await cluster.balancer();
    const second = await RawCharger.connect({ url: balancer.url } as TestServer, cp.identity, cp.password, 'ocpp1.6');
    expect((await second.call('5', 'BootNotification', bootPayload['ocpp1.6']))[2]).toMatchObject({ status: 'Accepted' });
    expect(await onlineEverywhere(cp)).toEqual(Array(8).fill(true));

    expect((await second.call('6', 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: meter(30, 1800) }))[0]).toBe(3);
    expect((await second.call('7', 'StopTransaction', { transactionId: started.transactionId, meterStop: 2000, timestamp: at(40) }))[0]).toBe(3);

    // A command through the instance that does not hold the new socket reaches it.
    const reset = command(s0, cp, 'Reset', { type: 'Soft' });
    const frame = (await second.next(CALL_TIMEOUT_MS)) as [number, string, string, Record<string, unknown>];
    expect(frame.slice(2)).toEqual(['Reset', { type: 'Soft' }]);
    second.send(JSON.stringify([3, frame[1], { status: 'Accepted' }]));
    expect((await reset).body).toEqual({ action: 'Reset', answer: { status: 'Accepted' } });

    const transactions = await api(s1, `/api/charge-points/${cp.id}/transactions`, { cookie: owner.cookie });
    const [tx] = transactions.body.transactions;
    expect(tx).toMatchObject({ transaction_id: String(started.transactionId), meter_start_wh: 1000, meter_stop_wh: 2000, energy_wh: 1000 });
    const detail = await api(s0, `/api/charge-points/${cp.id}/transactions/${tx.id}`, { cookie: owner.cookie });
    const energyValues = detail.body.meter_values.filter((m: { measurand: string }) => m.measurand === ENERGY).map((m: { value: number }) => m.value);
    expect(energyValues).toEqual(expect.arrayContaining([1200, 1500, 1800]));
    second.close();
  });
});

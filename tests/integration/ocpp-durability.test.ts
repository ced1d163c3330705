/**
 * What the OCPP hot paths keep under load: an answered MeterValues or
 * TransactionEvent is committed before its answer (a SIGKILL right after
 * loses nothing), and heartbeats, written in batches, still reach
 * last_seen_at.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { api, sessionCookie, signIn, signUp } from '../helpers/api';
import { bootPayload, chargePointDetail, chargePointTransactions, RawCharger, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;
const ENERGY = 'Energy.Active.Import.Register';

describe('OCPP durability', () => {
  it('a heartbeat reaches last_seen_at within the flush interval, with the time it was answered', { timeout: 60_000 }, async () => {
    const server = await startServer();
    try {
      const owner = await signUp(server);
      const cp = await registerChargePoint(server, owner.cookie, unique('hb'));
      const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
      await charger.call('1', 'BootNotification', bootPayload['ocpp1.6']);
      const booted = (await chargePointDetail(server, owner.cookie, cp.id)).last_seen_at as string;
      await sleep(20);
      const [, , answer] = (await charger.call('2', 'Heartbeat', {})) as [number, string, { currentTime: string }];
      expect(answer.currentTime > booted).toBe(true);
      await expect
        .poll(async () => (await chargePointDetail(server, owner.cookie, cp.id)).last_seen_at, { timeout: 10_000, interval: 250 })
        .toBe(answer.currentTime);
      charger.close();
    } finally {
      await server.stop();
    }
  });

  it('meter values and transaction events answered before a SIGKILL are all there after the restart', { timeout: 120_000 }, async () => {
    const server = await startServer();
    let killed = false;
    let restarted: TestServer | undefined;
    try {
      const owner = await signUp(server);
      const cp16 = await registerChargePoint(server, owner.cookie, unique('kill16'));
      const cp201 = await registerChargePoint(server, owner.cookie, unique('kill201'));
      const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();

      const c16 = await RawCharger.connect(server, cp16.identity, cp16.password, 'ocpp1.6');
      await c16.call('1', 'BootNotification', bootPayload['ocpp1.6']);
      const [, , started] = (await c16.call('2', 'StartTransaction', { connectorId: 1, idTag: 'KILL', meterStart: 1000, timestamp: at(0) })) as [
        number,
        string,
        { transactionId: number },
      ];
      const meter16 = (s: number, wh: number) => [{ timestamp: at(s), sampledValue: [{ value: String(wh), measurand: ENERGY, unit: 'Wh' }, { value: '7000', measurand: 'Power.Active.Import', unit: 'W' }] }];
      await c16.call('3', 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: meter16(10, 1200) });
      const [kind] = await c16.call('4', 'MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: meter16(20, 1500) });
      expect(kind).toBe(3);

      const c201 = await RawCharger.connect(server, cp201.identity, cp201.password, 'ocpp2.0.1');
      await c201.call('1', 'BootNotification', bootPayload['ocpp2.0.1']);
      const event = (seqNo: number, eventType: string, s: number, wh: number) => ({
        eventType,
        timestamp: at(s),
        triggerReason: eventType === 'Started' ? 'CablePluggedIn' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId: 'killed-1' },
        evse: { id: 1, connectorId: 1 },
        meterValue: [{ timestamp: at(s), sampledValue: [{ value: wh, measurand: ENERGY }] }],
      });
      await c201.call('2', 'TransactionEvent', event(0, 'Started', 0, 200));
      const [kind201] = await c201.call('3', 'TransactionEvent', event(1, 'Updated', 10, 650));
      expect(kind201).toBe(3);

      // A crash right after the answers: nothing answered may be missing.
      killed = true;
      await server.kill({ keepData: true });
      restarted = await startServer({ dataFrom: server });
      const cookie = sessionCookie(await signIn(restarted, owner.email, owner.password));

      const [tx16] = await chargePointTransactions(restarted, cookie, cp16.id);
      expect(tx16).toMatchObject({ transaction_id: String(started.transactionId), meter_start_wh: 1000, energy_wh: 500 });
      const detail16 = await api(restarted, `/api/charge-points/${cp16.id}/transactions/${tx16.id}`, { cookie });
      expect(detail16.body.meter_values).toHaveLength(4);
      const [tx201] = await chargePointTransactions(restarted, cookie, cp201.id);
      expect(tx201).toMatchObject({ transaction_id: 'killed-1', meter_start_wh: 200, energy_wh: 450 });
      const detail201 = await api(restarted, `/api/charge-points/${cp201.id}/transactions/${tx201.id}`, { cookie });
      expect(detail201.body.meter_values.map((m: { value: number }) => m.value)).toEqual([200, 650]);
    } finally {
      if (!killed) await server.stop();
      await restarted?.stop();
    }
  });
});

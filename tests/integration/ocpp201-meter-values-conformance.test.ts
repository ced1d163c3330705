/**
 * OCPP 2.0.1 blocks J (Meter values) and P (Data transfer), CSMS side:
 * clock-aligned and signed readings in TransactionEvents, a transaction whose
 * EVSE becomes known later, DataTransfer from the station and customData on
 * any message, played by an ocpp-rpc station against the real server. Every
 * sampled value must come back from the API as sent (measurand, phase, unit,
 * context, location, signature) and the energy must be exact.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { chargePointDetail, chargePointTransactions, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';
import { bootStation201, ENERGY, energy, Station201, storedTransaction201, type Answer, type MeterValue } from '../helpers/station201';

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];
const hex = () => randomBytes(4).toString('hex');
let valid: { idToken: string; type: string };

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  valid = { idToken: `V${hex()}`, type: 'ISO14443' };
  const created = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag: valid.idToken } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const accepted = { idTokenInfo: { status: 'Accepted' } };

async function station(label: string, start: string): Promise<{ cp: RegisteredChargePoint; s: Station201 }> {
  const booted = await bootStation201(server, owner, label, start);
  openClients.push(booted.s.client);
  return booted;
}

const storedTransaction = (cp: RegisteredChargePoint) => storedTransaction201(server, owner, cp);

const signature = (n: number) => ({
  signedMeterData: Buffer.from(`OCMF|{"RD":[{"RV":${n}}]}`).toString('base64'),
  signingMethod: 'ECDSA-secp256r1-SHA256',
  encodingMethod: 'OCMF',
  publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
});

/** Base units the server stores: kWh and kW become Wh and W (value × 10^multiplier × 1000). */
const BASE: Record<string, [string, number]> = { kWh: ['Wh', 1000], kW: ['W', 1000] };

/** The API's view of sampled values as sent, order-free (sorted on both sides). */
function asStored(values: MeterValue[]) {
  return values.flatMap((mv) =>
    mv.sampledValue.map((v) => {
      const unitOfMeasure = (v.unitOfMeasure ?? {}) as { unit?: string; multiplier?: number };
      const [unit, factor] = BASE[unitOfMeasure.unit ?? 'Wh'] ?? [unitOfMeasure.unit, 1];
      const signed = v.signedMeterValue as Answer | undefined;
      return {
        sampled_at: new Date(mv.timestamp).toISOString(),
        measurand: (v.measurand as string | undefined) ?? ENERGY,
        phase: (v.phase as string | undefined) ?? null,
        location: (v.location as string | undefined) ?? null,
        context: (v.context as string | undefined) ?? null,
        unit,
        value: (v.value as number) * 10 ** (unitOfMeasure.multiplier ?? 0) * factor,
        signed_meter_value: signed
          ? { signed_meter_data: signed.signedMeterData, signing_method: signed.signingMethod, encoding_method: signed.encodingMethod, public_key: signed.publicKey }
          : null,
      };
    }),
  );
}

const key = (v: { sampled_at: string; measurand: string; phase: string | null; location: string | null }) => `${v.sampled_at} ${v.measurand} ${v.phase} ${v.location}`;
const sorted = <T extends Parameters<typeof key>[0]>(values: T[]) => [...values].sort((a, b) => (key(a) < key(b) ? -1 : 1));

/** Every meter value of every TransactionEvent the station sent, stored exactly once. */
async function expectAllStored(cp: RegisteredChargePoint, s: Station201) {
  const sent = s.events.flatMap(({ payload }) => (payload.meterValue as MeterValue[] | undefined) ?? []);
  const stored = await storedTransaction(cp);
  expect(sorted(stored.meter_values)).toEqual(sorted(asStored(sent)));
  return stored;
}

/** One clock-aligned sample of a three-phase EVSE: whole-meter and per-phase readings, the EV's SoC. */
function clockSample(timestamp: string, kwh: number, context = 'Sample.Clock', signed = false): MeterValue {
  const sign = (n: number) => (signed ? { signedMeterValue: signature(n) } : {});
  return {
    timestamp,
    sampledValue: [
      { value: kwh, context, measurand: ENERGY, location: 'Outlet', unitOfMeasure: { unit: 'kWh' }, ...sign(kwh) },
      // A phase register must not count as the transaction's energy.
      { value: kwh / 3, context, measurand: ENERGY, phase: 'L1', location: 'Outlet', unitOfMeasure: { unit: 'kWh' } },
      { value: 11, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
      ...['L1', 'L2', 'L3'].map((phase, i) => ({ value: 15.5 + i, context, measurand: 'Current.Import', phase, unitOfMeasure: { unit: 'A' } })),
      { value: 230.4, context, measurand: 'Voltage', phase: 'L1-N', unitOfMeasure: { unit: 'V' } },
      { value: 61, context, measurand: 'SoC', location: 'EV', unitOfMeasure: { unit: 'Percent' } },
    ],
  };
}

/** Authorized, plugged in and charging from `kwh` (reusable state EnergyTransferStarted). */
async function energyTransferStarted(s: Station201, kwh: number, signed = false) {
  expect((await s.authorized(valid)).event).toEqual(accepted);
  const at = s.tick();
  expect(await s.evConnectedPreSession({ timestamp: at, meterValue: [clockSample(at, kwh, 'Transaction.Begin', signed)] })).toEqual({});
  expect(await s.energyTransferStarted()).toEqual({});
}

describe('OCPP 2.0.1 meter values', () => {
  it('TC_J_02_CSMS: clock-aligned values in a transaction (MeterValueClock) are stored in full; the main meter is no part of it', async () => {
    const { cp, s } = await station('j02', '2026-04-01T09:50:00Z');
    await energyTransferStarted(s, 20);
    for (const [at, kwh] of [
      ['2026-04-01T10:15:00Z', 22.25],
      ['2026-04-01T10:30:00Z', 25.75],
    ] as const) {
      expect(await s.event('MeterValueClock', { timestamp: at, meterValue: [clockSample(at, kwh)] })).toEqual({});
      // The station's main meter (evse 0) reports at the same instants, outside any transaction.
      expect(await s.client.call('MeterValues', { evseId: 0, meterValue: [energy(9_000_000, at, 'Sample.Clock')] })).toEqual({});
    }
    const stored = await expectAllStored(cp, s);
    expect(stored).toMatchObject({ meter_start_wh: 20_000, energy_wh: 5750, stopped_at: null, evse_id: 1 });
  });

  it('TC_J_03_CSMS: clock-aligned values collected during the transaction come in the Ended event, the last one Transaction.End', async () => {
    const { cp, s } = await station('j03', '2026-04-02T09:55:00Z');
    await energyTransferStarted(s, 1.5);
    const ended = await s.event('EVCommunicationLost', {
      eventType: 'Ended',
      timestamp: '2026-04-02T10:52:10Z',
      chargingState: 'Idle',
      stoppedReason: 'EVDisconnected',
      meterValue: [
        clockSample('2026-04-02T10:15:00Z', 3.5),
        clockSample('2026-04-02T10:30:00Z', 6.25),
        clockSample('2026-04-02T10:45:00Z', 8.5),
        clockSample('2026-04-02T10:52:10Z', 9.125, 'Transaction.End'),
      ],
    });
    expect(ended).toEqual({});
    const stored = await expectAllStored(cp, s);
    expect(stored).toMatchObject({ meter_start_wh: 1500, meter_stop_wh: 9125, energy_wh: 7625, stopped_at: '2026-04-02T10:52:10.000Z', stop_reason: 'EVDisconnected' });
    // The queue resends the end: nothing doubles.
    await s.replay();
    expect(await expectAllStored(cp, s)).toEqual(stored);
  });

  it('TC_J_04_CSMS: signed clock-aligned values in the Ended event are stored with their signatures', async () => {
    const { cp, s } = await station('j04', '2026-04-03T09:55:00Z');
    await energyTransferStarted(s, 40, true);
    expect(
      await s.event('EVDeparted', {
        eventType: 'Ended',
        timestamp: '2026-04-03T10:40:00Z',
        stoppedReason: 'Local',
        meterValue: [clockSample('2026-04-03T10:15:00Z', 42, 'Sample.Clock', true), clockSample('2026-04-03T10:30:00Z', 44.5, 'Sample.Clock', true), clockSample('2026-04-03T10:40:00Z', 45, 'Transaction.End', true)],
      }),
    ).toEqual({});
    const stored = await expectAllStored(cp, s);
    expect(stored.meter_values.filter((v: Answer) => v.signed_meter_value)).toHaveLength(4);
    expect(stored).toMatchObject({ energy_wh: 5000, stop_reason: 'Local' });
  });

  it('TC_J_08_CSMS: a transaction started before its EVSE is known gets the EVSE and its Transaction.Begin values later', async () => {
    const { cp, s } = await station('j08', '2026-04-04T10:00:00Z');
    const { event } = await s.authorized(valid);
    expect(event).toEqual(accepted);
    expect(s.events[0].payload.evse).toBeUndefined();
    const at = s.tick();
    expect(await s.evConnectedPreSession({ timestamp: at, meterValue: [clockSample(at, 7, 'Transaction.Begin')] })).toEqual({});
    expect(await s.energyTransferStarted({ wh: 7400 })).toEqual({});

    const stored = await expectAllStored(cp, s);
    expect(stored).toMatchObject({ evse_id: 1, connector_id: 1, meter_start_wh: 7000, energy_wh: 400, id_tag: valid.idToken });
    const cpNow = await chargePointDetail(server, owner.cookie, cp.id);
    expect(cpNow.connectors).toEqual([expect.objectContaining({ evse_id: 1, connector_id: 1, status: 'Occupied' })]);
    expect(cpNow.active_transaction).toMatchObject({ transaction_id: s.transactionId, evse_id: 1 });
  });

  it('TC_J_11_CSMS: signed sampled values at start, during and at the end are stored with their signatures; energy is exact', async () => {
    const { cp, s } = await station('j11', '2026-04-05T10:00:00Z');
    const signedEnergy = (wh: number, at: string, context: string) => energy(wh, at, context, { signedMeterValue: signature(wh) });
    expect(await s.authorize(valid)).toEqual(accepted);
    let at = s.tick();
    expect(await s.event('CablePluggedIn', { timestamp: at, idToken: valid, evse: true, chargingState: 'EVConnected', meterValue: [signedEnergy(100_000, at, 'Transaction.Begin')] })).toEqual(accepted);
    at = s.tick();
    expect(await s.event('MeterValuePeriodic', { timestamp: at, chargingState: 'Charging', meterValue: [signedEnergy(101_111, at, 'Sample.Periodic')] })).toEqual({});
    at = s.tick();
    expect(await s.event('StopAuthorized', { eventType: 'Ended', timestamp: at, idToken: valid, stoppedReason: 'Local', meterValue: [signedEnergy(102_222, at, 'Transaction.End')] })).toEqual(accepted);

    const stored = await expectAllStored(cp, s);
    expect(stored.meter_values.map((v: Answer) => (v.signed_meter_value as Answer).encoding_method)).toEqual(['OCMF', 'OCMF', 'OCMF']);
    expect(stored).toMatchObject({ meter_start_wh: 100_000, meter_stop_wh: 102_222, energy_wh: 2222 });
  });
});

describe('OCPP 2.0.1 data transfer', () => {
  it('TC_P_02_CSMS: a DataTransfer for a vendor we do not know is answered UnknownVendorId and kept', async () => {
    const { cp, s } = await station('p02', '2026-04-06T10:00:00Z');
    const request = { vendorId: 'org.openchargealliance.octt', messageId: `m-${hex()}`, data: { any: ['shape'] } };
    expect(await s.client.call('DataTransfer', request)).toEqual({ status: 'UnknownVendorId' });
    const events = await api(server, `/api/charge-points/${cp.id}/events?action=DataTransfer`, { cookie: owner.cookie });
    expect(events.body.events.map((e: Answer) => e.payload)).toEqual([request]);
  });

  it('TC_P_03_CSMS: customData on a StatusNotification and a TransactionEvent is accepted and the messages take effect', async () => {
    const { cp, s } = await station('p03', '2026-04-07T10:00:00Z');
    const customData = (n: number) => ({ vendorId: 'org.openchargealliance.octt', note: `custom-${n}`, nested: { n } });
    const at = s.tick();
    expect(await s.client.call('StatusNotification', { timestamp: at, connectorStatus: 'Occupied', evseId: 1, connectorId: 1, customData: customData(1) })).toEqual({});
    const started = await s.event('Authorized', {
      timestamp: at,
      idToken: { ...valid, customData: customData(2) } as typeof valid,
      evse: true,
      meterValue: [{ timestamp: at, sampledValue: [{ value: 500, context: 'Transaction.Begin', customData: customData(3) }], customData: customData(4) } as MeterValue],
      extra: { customData: customData(5), transactionInfo: { transactionId: s.transactionId, chargingState: 'EVConnected', customData: customData(6) } },
    });
    expect(started).toEqual(accepted);

    const cpNow = await chargePointDetail(server, owner.cookie, cp.id);
    expect(cpNow.connectors).toEqual([expect.objectContaining({ evse_id: 1, connector_id: 1, status: 'Occupied' })]);
    const [tx] = await chargePointTransactions(server, owner.cookie, cp.id);
    expect(tx).toMatchObject({ transaction_id: s.transactionId, id_tag: valid.idToken, meter_start_wh: 500, energy_wh: 0, stopped_at: null });
  });
});

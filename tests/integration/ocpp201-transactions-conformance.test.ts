/**
 * OCPP 2.0.1 block E (Transactions), CSMS side: each OCA case's message
 * sequence (TxStartPoint / TxStopPoint options, authorization first, suspend,
 * deauthorization, transaction status) played by an ocpp-rpc station against
 * the real server. Besides the answers, every case checks what was stored
 * through the API (one transaction, its times, stop reason, energy and every
 * meter value) and that replaying all its events changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, chargePointDetail, registerChargePoint, ScriptedCharger, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';
import { bootStation201, energy, Station201, storedTransaction201, type Answer } from '../helpers/station201';

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];
const hex = () => randomBytes(4).toString('hex');

let valid: { idToken: string; type: string };
let invalid: { idToken: string; type: string };

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  valid = { idToken: `V${hex()}`, type: 'ISO14443' };
  invalid = { idToken: `I${hex()}`, type: 'ISO14443' };
  for (const [tag, status] of [
    [valid.idToken, 'Accepted'],
    [invalid.idToken, 'Invalid'],
  ]) {
    const created = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag, status } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const accepted = { idTokenInfo: { status: 'Accepted' } };
const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${hex()}`);

async function station(label: string, start: string): Promise<{ cp: RegisteredChargePoint; s: Station201 }> {
  const booted = await bootStation201(server, owner, label, start);
  openClients.push(booted.s.client);
  return booted;
}

const storedTransaction = (cp: RegisteredChargePoint) => storedTransaction201(server, owner, cp);

/** Every energy reading the station sent, as the API shows stored meter values. */
function sentReadings(s: Station201) {
  return s.events
    .flatMap(({ payload }) => (payload.meterValue as { timestamp: string; sampledValue: Answer[] }[] | undefined) ?? [])
    .flatMap((mv) =>
      mv.sampledValue.map((v) => ({
        sampled_at: new Date(mv.timestamp).toISOString(),
        measurand: v.measurand,
        phase: null,
        location: null,
        context: v.context,
        unit: 'Wh',
        value: v.value,
        signed_meter_value: v.signedMeterValue ? expect.objectContaining({ signed_meter_data: (v.signedMeterValue as Answer).signedMeterData }) : null,
      })),
    )
    .sort((a, b) => a.sampled_at.localeCompare(b.sampled_at));
}

interface Expected {
  /** Null while the transaction is still open. */
  stop_reason: string | null;
  energy_wh: number | null;
  id_tag: string | null;
  evse_id: number;
}

/**
 * What every case must leave behind: one transaction, started at its first
 * event, stopped at its Ended event (if any), every reading stored; and a
 * replay of all its events answers the same and changes nothing.
 */
async function checkStored(cp: RegisteredChargePoint, s: Station201, expected: Expected) {
  const timestamps = s.events.map((e) => e.payload.timestamp as string);
  const ended = s.events.find((e) => e.payload.eventType === 'Ended');
  const stored = await storedTransaction(cp);
  expect(stored).toMatchObject({
    transaction_id: s.transactionId,
    started_at: new Date(timestamps.reduce((a, b) => (a < b ? a : b))).toISOString(),
    stopped_at: ended ? new Date(ended.payload.timestamp as string).toISOString() : null,
    ...expected,
  });
  expect(stored.meter_values).toEqual(sentReadings(s));
  const open = (await chargePointDetail(server, owner.cookie, cp.id)).active_transaction;
  expect(open?.transaction_id ?? null).toBe(ended ? null : s.transactionId);

  expect(await s.replay()).toEqual(s.events.map((e) => e.answer));
  expect(await storedTransaction(cp)).toEqual(stored);
}

interface Case {
  id: string;
  title: string;
  run: (s: Station201) => Promise<void>;
  expected: () => Expected;
}

/** The registered charge point a station belongs to, for checks halfway through a case. */
const stations = new Map<Station201, RegisteredChargePoint>();
const cpOf = (s: Station201) => stations.get(s)!;

/** Authorized, plugged in and charging (reusable state EnergyTransferStarted), from `wh`. */
async function charging(s: Station201, wh: number) {
  expect((await s.authorized(valid)).event).toEqual(accepted);
  expect(await s.evConnectedPreSession({ wh })).toEqual({});
  expect(await s.energyTransferStarted({ wh: wh + 500 })).toEqual({});
}

const START_CASES: Case[] = [
  {
    id: 'TC_E_01_CSMS',
    title: 'PowerPathClosed: authorized first, the transaction starts when the cable closes the power path',
    run: async (s) => {
      expect(await s.authorize(valid)).toEqual(accepted);
      expect(await s.connector('Occupied')).toEqual([{}, {}]);
      expect(await s.event('CablePluggedIn', { idToken: valid, evse: true, chargingState: 'EVConnected', wh: 1000 })).toEqual(accepted);
      expect(await s.energyTransferStarted({ wh: 1800 })).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: 800, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_02_CSMS',
    title: 'EnergyTransfer: the transaction starts when energy flows',
    run: async (s) => {
      expect(await s.authorize(valid)).toEqual(accepted);
      expect(await s.connector('Occupied')).toEqual([{}, {}]);
      expect(await s.event('ChargingStateChanged', { idToken: valid, evse: true, chargingState: 'Charging', wh: 2000 })).toEqual(accepted);
      expect(await s.event('MeterValuePeriodic', { wh: 2600 })).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: 600, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_04_CSMS',
    title: 'authorization first: Authorized starts it without an EVSE, plug-in and charging follow',
    run: (s) => charging(s, 3000),
    expected: () => ({ stop_reason: null, energy_wh: 500, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_09_CSMS',
    title: 'EVConnected: the cable starts it, no token yet',
    run: async (s) => {
      expect(await s.connector('Occupied')).toEqual([{}, {}]);
      expect(await s.event('CablePluggedIn', { evse: true, chargingState: 'EVConnected' })).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: null, id_tag: null, evse_id: 1 }),
  },
  {
    id: 'TC_E_10_CSMS',
    title: 'Authorized (local): the token starts it, the EVSE is not known yet',
    run: async (s) => {
      const { authorize, event } = await s.authorized(valid);
      expect(authorize).toEqual(accepted);
      expect(event).toEqual(accepted);
    },
    expected: () => ({ stop_reason: null, energy_wh: null, id_tag: valid.idToken, evse_id: 0 }),
  },
  {
    id: 'TC_E_11_CSMS',
    title: 'DataSigned: started by a signed Transaction.Begin reading, which is stored with its signature',
    run: async (s) => {
      expect(await s.authorize(valid)).toEqual(accepted);
      expect(await s.connector('Occupied')).toEqual([{}, {}]);
      const at = s.tick();
      const signedMeterValue = { signedMeterData: 'T0NNRnx7fQ==', signingMethod: 'ECDSA-secp256r1-SHA256', encodingMethod: 'OCMF', publicKey: 'MFkwEwYH' };
      const started = await s.event('SignedDataReceived', {
        timestamp: at,
        idToken: valid,
        evse: true,
        meterValue: [energy(0, at, 'Transaction.Begin', { signedMeterValue })],
      });
      expect(started).toEqual(accepted);
    },
    expected: () => ({ stop_reason: null, energy_wh: 0, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_12_CSMS',
    title: 'ParkingBayOccupied: the bay detector starts it, no EVSE or token yet',
    run: async (s) => {
      expect(await s.event('EVDetected')).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: null, id_tag: null, evse_id: 0 }),
  },
  {
    id: 'TC_E_38_CSMS',
    title: 'EV not ready: authorized and plugged in, the EV suspends before any energy flows',
    run: async (s) => {
      expect((await s.authorized(valid)).event).toEqual(accepted);
      expect(await s.evConnectedPreSession({ wh: 4000 })).toEqual({});
      expect(await s.energyTransferSuspended({ wh: 4000 })).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: 0, id_tag: valid.idToken, evse_id: 1 }),
  },
];

const STOP_CASES: Case[] = [
  {
    id: 'TC_E_07_CSMS',
    title: 'PowerPathClosed, local stop: Ended with StopAuthorized and the token',
    run: async (s) => {
      await charging(s, 10_000);
      expect(await s.event('StopAuthorized', { eventType: 'Ended', idToken: valid, stoppedReason: 'Local', wh: 12_345 })).toEqual(accepted);
    },
    expected: () => ({ stop_reason: 'Local', energy_wh: 2345, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_08_CSMS',
    title: 'EnergyTransfer stopped after StopAuthorized: Ended by ChargingStateChanged to EVConnected',
    run: async (s) => {
      await charging(s, 20_000);
      expect(await s.stopAuthorized(valid, { wh: 21_000 })).toEqual(accepted);
      expect(await s.event('ChargingStateChanged', { eventType: 'Ended', chargingState: 'EVConnected', stoppedReason: 'Local', wh: 21_000 })).toEqual({});
    },
    expected: () => ({ stop_reason: 'Local', energy_wh: 1000, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_14_CSMS',
    title: 'EVDisconnected at the station side after the session: Ended by EVCommunicationLost',
    run: async (s) => {
      await charging(s, 30_000);
      expect(await s.stopAuthorized(valid, { wh: 30_750 })).toEqual(accepted);
      expect(await s.evDisconnected({ eventType: 'Ended', stoppedReason: 'EVDisconnected', wh: 30_750 })).toEqual({});
    },
    expected: () => ({ stop_reason: 'EVDisconnected', energy_wh: 750, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_15_CSMS',
    title: 'StopAuthorized (local): the token ends it',
    run: async (s) => {
      await charging(s, 40_000);
      expect(await s.authorize(valid)).toEqual(accepted);
      expect(await s.event('StopAuthorized', { eventType: 'Ended', idToken: valid, chargingState: 'EVConnected', stoppedReason: 'Local', wh: 41_200 })).toEqual(accepted);
    },
    expected: () => ({ stop_reason: 'Local', energy_wh: 1200, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_17_CSMS',
    title: 'Deauthorized by an EV-side disconnect while suspended',
    run: async (s) => {
      await charging(s, 50_000);
      expect(await s.energyTransferSuspended({ wh: 50_900 })).toEqual({});
      expect(await s.event('EVCommunicationLost', { eventType: 'Ended', chargingState: 'Idle', stoppedReason: 'EVDisconnected', wh: 50_900 })).toEqual({});
    },
    expected: () => ({ stop_reason: 'EVDisconnected', energy_wh: 900, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_19_CSMS',
    title: 'ParkingBayUnoccupied: unplugging only updates it, the EV leaving the bay ends it',
    run: async (s) => {
      expect(await s.event('EVDetected')).toEqual({});
      expect((await s.authorized(valid)).event).toEqual(accepted);
      expect(await s.evConnectedPreSession({ wh: 60_000 })).toEqual({});
      expect(await s.energyTransferStarted({ wh: 60_100 })).toEqual({});
      expect(await s.stopAuthorized(valid, { wh: 61_500 })).toEqual(accepted);
      expect(await s.evDisconnected()).toEqual({});
      expect((await storedTransaction(cpOf(s))).stopped_at).toBeNull();
      expect(await s.event('EVDeparted', { eventType: 'Ended', stoppedReason: 'Local' })).toEqual({});
    },
    expected: () => ({ stop_reason: 'Local', energy_wh: 1500, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_20_CSMS',
    title: 'EVDisconnected at the EV side (IEC 61851-1 EV) while suspended',
    run: async (s) => {
      await charging(s, 70_000);
      expect(await s.energyTransferSuspended({ wh: 72_000 })).toEqual({});
      expect(await s.evDisconnected({ eventType: 'Ended', stoppedReason: 'EVDisconnected', wh: 72_000 })).toEqual({});
    },
    expected: () => ({ stop_reason: 'EVDisconnected', energy_wh: 2000, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_22_CSMS',
    title: 'EnergyTransfer stopped by the EV: Ended with SuspendedEV and StoppedByEV',
    run: async (s) => {
      await charging(s, 80_000);
      expect(await s.event('ChargingStateChanged', { eventType: 'Ended', chargingState: 'SuspendedEV', stoppedReason: 'StoppedByEV', wh: 80_640 })).toEqual({});
    },
    expected: () => ({ stop_reason: 'StoppedByEV', energy_wh: 640, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_26_CSMS',
    title: 'EV-side disconnect suspends it; after re-plugging it charges on in the same transaction',
    run: async (s) => {
      await charging(s, 90_000);
      expect(await s.energyTransferSuspended({ wh: 90_700 })).toEqual({});
      expect(await s.evDisconnected({ wh: 90_700 })).toEqual({});
      expect((await storedTransaction(cpOf(s))).stopped_at).toBeNull();
      expect(await s.evConnectedPreSession()).toEqual({});
      expect(await s.energyTransferStarted({ wh: 91_000 })).toEqual({});
    },
    expected: () => ({ stop_reason: null, energy_wh: 1000, id_tag: valid.idToken, evse_id: 1 }),
  },
  {
    id: 'TC_E_39_CSMS',
    title: 'Deauthorized by timeout: authorized, but no EV connected in time',
    run: async (s) => {
      expect((await s.authorized(valid)).event).toEqual(accepted);
      expect(await s.event('EVConnectTimeout', { eventType: 'Ended', stoppedReason: 'Timeout' })).toEqual({});
    },
    expected: () => ({ stop_reason: 'Timeout', energy_wh: null, id_tag: valid.idToken, evse_id: 0 }),
  },
];

describe('OCPP 2.0.1 transaction start and stop options', () => {
  it.each([...START_CASES, ...STOP_CASES].map((c) => [c.id, c.title, c] as const))('%s: %s', async (id, _title, { run, expected }) => {
    const { cp, s } = await station(id.toLowerCase(), '2026-03-02T08:00:00Z');
    stations.set(s, cp);
    await run(s);
    await checkStored(cp, s, expected());
  });

  it.each([
    ['an Invalid one', () => invalid, 'Invalid'],
    ['an unknown one', () => ({ idToken: `U${hex()}`, type: 'ISO14443' }), 'Unknown'],
  ])('TC_E_16_CSMS: deauthorized by the answer to a start with %s; the station ends it DeAuthorized', async (_label, token, status) => {
    const idToken = token();
    const { cp, s } = await station('e16', '2026-03-03T08:00:00Z');
    expect(await s.event('Authorized', { idToken, evse: true, wh: 500 })).toEqual({ idTokenInfo: { status } });
    expect(await s.event('Deauthorized', { eventType: 'Ended', stoppedReason: 'DeAuthorized', wh: 500 })).toEqual({});
    await checkStored(cp, s, { stop_reason: 'DeAuthorized', energy_wh: 0, id_tag: idToken.idToken, evse_id: 1 });
  });
});

describe('OCPP 2.0.1 transaction status (E14)', () => {
  /** A station charging with the CSMS, then cut off and back (a new socket) with its queue. */
  async function reconnected(label: string) {
    const cp = await register(label);
    const first = await bootedCharger(server, cp, 'ocpp2.0.1');
    const s = new Station201(first, `${label}-${hex()}`, '2026-03-04T08:00:00Z');
    await charging(s, 5000);
    await first.close({ force: true });
    const scripted = await ScriptedCharger.connect(server, cp, 'ocpp2.0.1', ['GetTransactionStatus']);
    openClients.push(scripted.client);
    s.client = scripted.client;
    return { cp, s, scripted };
  }

  /** POST /commands GetTransactionStatus; checks what the station got and that its answer came back. */
  async function getTransactionStatus(cp: RegisteredChargePoint, scripted: ScriptedCharger, payload: Answer, answer: Answer) {
    scripted.answer('GetTransactionStatus', answer);
    const response = await api(server, `/api/charge-points/${cp.id}/commands`, {
      method: 'POST',
      cookie: owner.cookie,
      body: { action: 'GetTransactionStatus', payload },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ action: 'GetTransactionStatus', answer });
    expect(scripted.last()).toEqual({ action: 'GetTransactionStatus', params: payload });
  }

  it('TC_E_29_CSMS: ongoing with messages queued; the queued offline update is stored', async () => {
    const { cp, s, scripted } = await reconnected('e29');
    await getTransactionStatus(cp, scripted, { transactionId: s.transactionId }, { ongoingIndicator: true, messagesInQueue: true });
    expect(await s.event('MeterValuePeriodic', { offline: true, wh: 7500 })).toEqual({});
    await checkStored(cp, s, { stop_reason: null, energy_wh: 2500, id_tag: valid.idToken, evse_id: 1 });
    expect((await storedTransaction(cp)).offline).toBe(true);
  });

  it('TC_E_30_CSMS: ongoing without messages queued', async () => {
    const { cp, s, scripted } = await reconnected('e30');
    await getTransactionStatus(cp, scripted, { transactionId: s.transactionId }, { ongoingIndicator: true, messagesInQueue: false });
    await checkStored(cp, s, { stop_reason: null, energy_wh: 500, id_tag: valid.idToken, evse_id: 1 });
  });

  it('TC_E_31_CSMS: ended with messages queued; readings that arrive after the end are counted and priced', async () => {
    const tariff = await api(server, '/api/tariffs', { method: 'POST', cookie: owner.cookie, body: { name: `t-${hex()}`, price_per_kwh: 0.5, currency: 'EUR' } });
    expect(tariff.status, JSON.stringify(tariff.body)).toBe(201);
    const { cp, s, scripted } = await reconnected('e31');
    const patched = await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { tariff_id: tariff.body.id } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    // Two messages are still queued when the Ended event goes out: its seqNo skips two.
    const queued = s.reserveSeqNos(2);
    const [periodicAt, stopAt] = [s.tick(), s.tick()];
    expect(await s.event('EVCommunicationLost', { eventType: 'Ended', offline: true, chargingState: 'Idle', stoppedReason: 'EVDisconnected' })).toEqual({});
    expect(await storedTransaction(cp)).toMatchObject({ energy_wh: 500, cost: 0.25 });

    await getTransactionStatus(cp, scripted, { transactionId: s.transactionId }, { ongoingIndicator: false, messagesInQueue: true });
    expect(await s.event('MeterValuePeriodic', { offline: true, seqNo: queued, timestamp: periodicAt, wh: 6000 })).toEqual({});
    expect(await s.event('StopAuthorized', { offline: true, seqNo: queued + 1, timestamp: stopAt, idToken: valid, chargingState: 'EVConnected', wh: 7000 })).toEqual(accepted);

    await checkStored(cp, s, { stop_reason: 'EVDisconnected', energy_wh: 2000, id_tag: valid.idToken, evse_id: 1 });
    expect(await storedTransaction(cp)).toMatchObject({ meter_stop_wh: 7000, cost: 1, currency: 'EUR', offline: true });
  });

  it('TC_E_33_CSMS: without transactionId, messages queued; the queued end is stored', async () => {
    const { cp, s, scripted } = await reconnected('e33');
    await getTransactionStatus(cp, scripted, {}, { messagesInQueue: true });
    expect(await s.event('EVCommunicationLost', { eventType: 'Ended', offline: true, chargingState: 'Idle', stoppedReason: 'EVDisconnected', wh: 5900 })).toEqual({});
    await checkStored(cp, s, { stop_reason: 'EVDisconnected', energy_wh: 900, id_tag: valid.idToken, evse_id: 1 });
  });

  it('TC_E_34_CSMS: without transactionId, nothing queued', async () => {
    const { cp, s, scripted } = await reconnected('e34');
    await getTransactionStatus(cp, scripted, {}, { messagesInQueue: false });
    await checkStored(cp, s, { stop_reason: null, energy_wh: 500, id_tag: valid.idToken, evse_id: 1 });
  });
});

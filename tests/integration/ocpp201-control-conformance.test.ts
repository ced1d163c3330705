/**
 * OCPP 2.0.1 conformance, CSMS side, blocks B (provisioning), C
 * (authorization), F (remote control) and G (availability), plus the
 * smart-charging commands: a real server, ocpp-rpc clients as the stations.
 * Cases are named after the OCA CSMS test case ids; each checks what the CSMS
 * answers, sends or stores.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, expectError, signUp, type Account } from '../helpers/api';
import {
  bootPayload,
  chargePointDetail,
  chargePointTransactions,
  chargerClient,
  registerChargePoint,
  ScriptedCharger,
  type RegisteredChargePoint,
} from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let admin: Account;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: { OCPP_CALL_TIMEOUT_MS: '3000' } });
  admin = await signUp(server); // the first account is the administrator
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

type Answer = Record<string, unknown>;

const hex = () => randomBytes(4).toString('hex');
const register = (label: string) => registerChargePoint(server, owner.cookie, `${label}-${hex()}`);
const detail = (cp: RegisteredChargePoint) => chargePointDetail(server, owner.cookie, cp.id);
const txs = (cp: RegisteredChargePoint) => chargePointTransactions(server, owner.cookie, cp.id);
const txById = async (cp: RegisteredChargePoint, transactionId: string) => (await txs(cp)).find((t) => t.transaction_id === transactionId);
const isoAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const command = (cp: { id: string }, action: string, payload?: Answer) =>
  api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action, payload } });

async function station(cp: RegisteredChargePoint, actions: string[] = []): Promise<ScriptedCharger> {
  const charger = await ScriptedCharger.connect(server, cp, 'ocpp2.0.1', actions);
  openClients.push(charger.client);
  return charger;
}

/** Sends a command through the API and checks that the station got exactly `payload` and the API returned its answer. */
async function roundTrip(charger: ScriptedCharger, cp: RegisteredChargePoint, action: string, payload: Answer, answer: Answer) {
  charger.answer(action, answer);
  const response = await command(cp, action, payload);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body).toEqual({ action, answer });
  expect(charger.last()).toEqual({ action, params: payload });
}

async function createTag(body: Answer) {
  const response = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; tag: string };
}

const token = (idToken: string, type = 'ISO14443') => ({ idToken, type });
const energy = (wh: number, context = 'Sample.Periodic') => [
  { timestamp: new Date().toISOString(), sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register' }] },
];

/** The station's side of one 2.0.1 transaction: each event gets the next seqNo. */
class Tx {
  private seqNo = 0;
  readonly id = `tx-${hex()}`;

  constructor(
    private readonly client: RPCClient,
    readonly evseId: number,
  ) {}

  event(eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, extra: Answer = {}, stoppedReason?: string) {
    return this.client.call('TransactionEvent', {
      eventType,
      timestamp: new Date().toISOString(),
      triggerReason,
      seqNo: this.seqNo++,
      transactionInfo: { transactionId: this.id, ...(stoppedReason && { stoppedReason }) },
      evse: { id: this.evseId, connectorId: 1 },
      ...extra,
    }) as Promise<Answer>;
  }

  start(idToken: string, extra: Answer = {}) {
    return this.event('Started', 'Authorized', { idToken: token(idToken), meterValue: energy(1000, 'Transaction.Begin'), ...extra });
  }

  end(stoppedReason: string, triggerReason = 'StopAuthorized', extra: Answer = {}) {
    return this.event('Ended', triggerReason, { meterValue: energy(2000, 'Transaction.End'), ...extra }, stoppedReason);
  }
}

const status = (client: RPCClient, evseId: number, connectorStatus: string, connectorId = 1) =>
  client.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus, evseId, connectorId });

const connectorStatus = async (cp: RegisteredChargePoint, evseId: number) =>
  (await detail(cp)).connectors.find((c: { evse_id: number }) => c.evse_id === evseId)?.status;

describe('B Provisioning', () => {
  const setPending = (accept: boolean) => api(server, '/api/admin/ocpp', { method: 'PUT', cookie: admin.cookie, body: { accept_unknown_identities: accept } });
  afterAll(async () => {
    await setPending(false);
  });

  it('TC_B_02_CSMS, TC_B_30_CSMS, TC_B_31_CSMS: a Pending station may only boot; once claimed the CSMS triggers its boot, which is Accepted', async () => {
    expect((await setPending(true)).status).toBe(200);
    const identity = `pending-${hex()}`;
    const client = chargerClient(server, identity, undefined as unknown as string, 'ocpp2.0.1');
    openClients.push(client);
    await client.connect();
    const calls: { action: string; params: any }[] = [];
    client.handle('SetVariables', async ({ params }: { params?: any }) => {
      calls.push({ action: 'SetVariables', params });
      const [data] = params.setVariableData;
      return { setVariableResult: [{ attributeStatus: 'Accepted', component: data.component, variable: data.variable }] };
    });
    client.handle('TriggerMessage', async ({ params }: { params?: any }) => {
      calls.push({ action: 'TriggerMessage', params });
      return { status: 'Accepted' };
    });

    const pending = (await client.call('BootNotification', bootPayload['ocpp2.0.1'])) as Answer;
    expect(pending).toMatchObject({ status: 'Pending', interval: expect.any(Number), currentTime: expect.any(String) });

    // B_30: anything but a boot is a SecurityError, and nothing of it is kept.
    const refused = (call: Promise<unknown>) => expect(call).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    await refused(status(client, 1, 'Occupied'));
    await refused(client.call('Heartbeat', {}));
    await refused(client.call('Authorize', { idToken: token('ANY') }));
    await refused(new Tx(client, 1).start('ANY'));

    const listed = (await api(server, '/api/charge-points/pending', { cookie: owner.cookie })).body.pending.find((p: { identity: string }) => p.identity === identity);
    const claimed = await api(server, `/api/charge-points/pending/${listed.id}/claim`, { method: 'POST', cookie: owner.cookie, body: { serial_number: 'SN-201' } });
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);

    // B_31: the CSMS asks the waiting station to boot now; the boot it sends is Accepted.
    await expect.poll(() => calls.map((c) => c.action)).toEqual(['SetVariables', 'TriggerMessage']);
    expect(calls[1].params).toEqual({ requestedMessage: 'BootNotification' });
    const accepted = await client.call('BootNotification', { ...bootPayload['ocpp2.0.1'], reason: 'Triggered' });
    expect(accepted).toMatchObject({ status: 'Accepted' });
    expect(await status(client, 1, 'Available')).toEqual({});
    const cp = { ...claimed.body, password: claimed.body.password } as RegisteredChargePoint;
    const body = await detail(cp);
    expect(body.connectors.map((c: { evse_id: number; status: string }) => [c.evse_id, c.status])).toEqual([[1, 'Available']]);
    expect(await txs(cp)).toEqual([]);
  });

  describe('variables', () => {
    let cp: RegisteredChargePoint;
    let charger: ScriptedCharger;
    beforeAll(async () => {
      cp = await register('b-vars');
      charger = await station(cp, ['GetVariables', 'SetVariables', 'SetNetworkProfile']);
    });
    const heartbeat = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } };
    const offline = { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' } };
    const unknown = { component: { name: 'NoSuchCtrlr' }, variable: { name: 'Nothing' } };

    it('TC_B_07_CSMS: GetVariables with several variables is sent in one request; every result comes back', async () => {
      await roundTrip(
        charger,
        cp,
        'GetVariables',
        { getVariableData: [heartbeat, { ...offline, attributeType: 'Actual' }, unknown] },
        {
          getVariableResult: [
            { attributeStatus: 'Accepted', attributeValue: '300', ...heartbeat },
            { attributeStatus: 'Accepted', attributeType: 'Actual', attributeValue: '600', ...offline },
            { attributeStatus: 'UnknownComponent', ...unknown },
          ],
        },
      );
    });

    it('TC_B_10_CSMS: SetVariables with several variables is sent in one request; every result comes back', async () => {
      await roundTrip(
        charger,
        cp,
        'SetVariables',
        { setVariableData: [{ ...heartbeat, attributeValue: '120' }, { ...offline, attributeValue: '900' }] },
        { setVariableResult: [{ attributeStatus: 'Accepted', ...heartbeat }, { attributeStatus: 'Rejected', ...offline }] },
      );
      // An empty list is not a request.
      expectError(await command(cp, 'SetVariables', { setVariableData: [] }), 422, 'validation_failed');
    });

    const profile = {
      configurationSlot: 2,
      connectionData: { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: 'wss://csms.example.com/ocpp', messageTimeout: 30, securityProfile: 2, ocppInterface: 'Wired0' },
    };

    it.each([
      ['TC_B_42_CSMS', 'Accepted'],
      ['TC_B_44_CSMS', 'Failed'],
    ])('%s: SetNetworkProfile is sent as given; the station answers %s', async (_case, answer) => {
      await roundTrip(charger, cp, 'SetNetworkProfile', profile, { status: answer });
    });

    it('SetNetworkProfile refuses a CSMS URL that is not a WebSocket one before sending', async () => {
      const before = charger.received.length;
      const bad = { ...profile, connectionData: { ...profile.connectionData, ocppCsmsUrl: 'http://csms.example.com' } };
      expectError(await command(cp, 'SetNetworkProfile', bad), 422, 'validation_failed');
      expect(charger.received).toHaveLength(before);
    });
  });

  describe('Reset with an ongoing transaction', () => {
    let tag: string;
    beforeAll(async () => {
      tag = (await createTag({ tag: `R${hex()}` })).tag;
    });

    it.each([
      // [case, payload, station answer, how the transaction ends]
      ['TC_B_21_CSMS', { type: 'OnIdle' }, 'Scheduled', 'Local'],
      ['TC_B_26_CSMS', { type: 'OnIdle', evseId: 1 }, 'Scheduled', 'Local'],
      ['TC_B_27_CSMS', { type: 'Immediate', evseId: 1 }, 'Accepted', 'ImmediateReset'],
    ])('%s: Reset %j is answered %s; the transaction the station then ends is recorded with its reason', async (_case, payload, answer, stoppedReason) => {
      const cp = await register('b-reset');
      const charger = await station(cp, ['Reset']);
      const tx = new Tx(charger.client, 1);
      expect(await tx.start(tag)).toEqual({ idTokenInfo: { status: 'Accepted' } });

      await roundTrip(charger, cp, 'Reset', payload, { status: answer });
      // Scheduled: the transaction goes on until the driver stops it.
      expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: tx.id });

      const ended = stoppedReason === 'ImmediateReset' ? await tx.end(stoppedReason, 'ResetCommand') : await tx.end(stoppedReason, 'StopAuthorized', { idToken: token(tag) });
      expect(ended).toEqual(stoppedReason === 'ImmediateReset' ? {} : { idTokenInfo: { status: 'Accepted' } });
      expect(await txById(cp, tx.id)).toMatchObject({ stop_reason: stoppedReason, stopped_at: expect.any(String), energy_wh: 1000 });
      expect((await detail(cp)).active_transaction).toBeNull();

      // The reset station (or EVSE) comes back: a station-wide reset boots again.
      if (!('evseId' in payload)) {
        expect(await charger.client.call('BootNotification', { ...bootPayload['ocpp2.0.1'], reason: 'RemoteReset' })).toMatchObject({ status: 'Accepted' });
      }
      expect(await status(charger.client, 1, 'Available')).toEqual({});
      expect(await connectorStatus(cp, 1)).toBe('Available');
    });
  });
});

describe('C Authorization', () => {
  let cp: RegisteredChargePoint;
  let charger: ScriptedCharger;
  beforeAll(async () => {
    cp = await register('c-auth');
    charger = await station(cp);
  });

  it('TC_C_08_CSMS: a cached idToken starts a transaction; the CSMS accepts it with the cache expiry of the tag', async () => {
    const expiresAt = inMinutes(60 * 24);
    const { tag } = await createTag({ tag: `C${hex()}`, expires_at: expiresAt });
    const idTokenInfo = { status: 'Accepted', cacheExpiryDateTime: new Date(expiresAt).toISOString() };
    // Online first: the answer the station caches.
    expect(await charger.client.call('Authorize', { idToken: token(tag) })).toEqual({ idTokenInfo });
    // From its cache it starts without asking; the transaction's own answer confirms it.
    const tx = new Tx(charger.client, 1);
    expect(await tx.start(tag)).toEqual({ idTokenInfo });
    expect(await txById(cp, tx.id)).toMatchObject({ id_tag: tag, stopped_at: null });
    await tx.end('Local', 'StopAuthorized', { idToken: token(tag) });
  });

  it.each([
    ['Blocked', { status: 'Blocked' }],
    ['Expired', { expires_at: isoAgo(1) }],
  ])('TC_C_20_CSMS: an idToken cached as Accepted but now %s is refused in the TransactionEvent answer; the deauthorized end is recorded', async (verdict, change) => {
    const created = await createTag({ tag: `C${hex()}` });
    expect(await charger.client.call('Authorize', { idToken: token(created.tag) })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    const changed = await api(server, `/api/id-tags/${created.id}`, { method: 'PATCH', cookie: owner.cookie, body: change });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    const tx = new Tx(charger.client, 1);
    expect(await tx.start(created.tag)).toMatchObject({ idTokenInfo: { status: verdict } });
    expect(await tx.end('DeAuthorized', 'Deauthorized')).toEqual({});
    expect(await txById(cp, tx.id)).toMatchObject({ id_tag: created.tag, stop_reason: 'DeAuthorized', stopped_at: expect.any(String) });
  });

  describe('master pass (C16)', () => {
    const GROUP = 'MASTERPASS';
    let master: string;
    let driver: string;
    beforeAll(async () => {
      master = (await createTag({ tag: `M${hex()}`, parent_tag: GROUP })).tag;
      driver = (await createTag({ tag: `D${hex()}` })).tag;
    });

    /** Two transactions on EVSE 1 and 2 of a fresh station. */
    async function twoSessions() {
      const cp = await register('c-master');
      const charger = await station(cp);
      const sessions = [new Tx(charger.client, 1), new Tx(charger.client, 2)];
      for (const tx of sessions) expect(await tx.start(driver)).toEqual({ idTokenInfo: { status: 'Accepted' } });
      // The station knows a master pass by the group id the CSMS gives it (its MasterPassGroupId).
      expect(await charger.client.call('Authorize', { idToken: token(master) })).toEqual({
        idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: GROUP, type: 'Central' } },
      });
      return { cp, sessions };
    }

    const endWithMasterPass = (tx: Tx) => tx.end('MasterPass', 'StopAuthorized', { idToken: token(master) });

    it('TC_C_47_CSMS, TC_C_49_CSMS: the master pass ends all transactions; each end is accepted and recorded as MasterPass', async () => {
      const { cp, sessions: [a, b] } = await twoSessions();
      for (const tx of [a, b]) {
        expect(await endWithMasterPass(tx)).toEqual({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: GROUP, type: 'Central' } } });
      }
      for (const tx of [a, b]) {
        // The driver's tag stays the transaction's; the master pass only stopped it.
        expect(await txById(cp, tx.id)).toMatchObject({ id_tag: driver, stop_reason: 'MasterPass', stopped_at: expect.any(String) });
      }
      expect((await detail(cp)).active_transactions).toEqual([]);
    });

    it('TC_C_48_CSMS: the master pass ends the chosen transaction only; the other goes on', async () => {
      const { cp, sessions: [a, b] } = await twoSessions();
      await endWithMasterPass(b);
      expect(await txById(cp, b.id)).toMatchObject({ stop_reason: 'MasterPass', stopped_at: expect.any(String) });
      expect((await detail(cp)).active_transactions.map((t: { transaction_id: string }) => t.transaction_id)).toEqual([a.id]);
    });
  });
});

describe('F Remote control', () => {
  let cp: RegisteredChargePoint;
  let charger: ScriptedCharger;
  beforeAll(async () => {
    cp = await register('f-remote');
    charger = await station(cp, ['RequestStartTransaction', 'TriggerMessage']);
  });

  async function remoteStart() {
    charger.answer('RequestStartTransaction', { status: 'Accepted' });
    const response = await command(cp, 'RequestStartTransaction', { evseId: 1 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return charger.last()!.params as { idToken: { idToken: string; type: string }; remoteStartId: number };
  }

  it('TC_F_03_CSMS: without AuthorizeRemoteStart the station starts at once (no Authorize); the CSMS accepts and records the session', async () => {
    const sent = await remoteStart();
    const tx = new Tx(charger.client, 1);
    const started = await tx.event('Started', 'RemoteStart', {
      idToken: sent.idToken,
      transactionInfo: { transactionId: tx.id, remoteStartId: sent.remoteStartId, chargingState: 'Charging' },
    });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: tx.id, id_tag: sent.idToken.idToken, evse_id: 1 });
    await tx.end('Remote', 'RemoteStop');
  });

  it('TC_F_04_CSMS: no cable plugged in before the timeout: the transaction ends with Timeout and no energy', async () => {
    const sent = await remoteStart();
    const tx = new Tx(charger.client, 1);
    await tx.event('Started', 'RemoteStart', { idToken: sent.idToken, transactionInfo: { transactionId: tx.id, remoteStartId: sent.remoteStartId, chargingState: 'Idle' } });
    expect(
      await charger.client.call('TransactionEvent', {
        eventType: 'Ended',
        timestamp: new Date().toISOString(),
        triggerReason: 'EVConnectTimeout',
        seqNo: 1,
        transactionInfo: { transactionId: tx.id, stoppedReason: 'Timeout' },
        evse: { id: 1, connectorId: 1 },
      }),
    ).toEqual({});
    expect(await txById(cp, tx.id)).toMatchObject({ id_tag: sent.idToken.idToken, stop_reason: 'Timeout', stopped_at: expect.any(String), energy_wh: null });
    expect((await detail(cp)).active_transaction).toBeNull();
  });

  describe('TriggerMessage', () => {
    let driver: string;
    beforeAll(async () => {
      driver = (await createTag({ tag: `F${hex()}` })).tag;
    });

    const trigger = (payload: Answer, answer = 'Accepted') => roundTrip(charger, cp, 'TriggerMessage', payload, { status: answer });
    const power = (w: number) => [{ timestamp: new Date().toISOString(), sampledValue: [{ value: w, context: 'Trigger', measurand: 'Power.Active.Import' }] }];
    const powerOf = async (evseId: number) => (await detail(cp)).connectors.find((c: { evse_id: number }) => c.evse_id === evseId)?.power_w;

    it('TC_F_12_CSMS: MeterValues for all EVSEs: each EVSE\'s triggered reading is stored', async () => {
      const sessions = [new Tx(charger.client, 1), new Tx(charger.client, 2)];
      for (const tx of sessions) {
        await status(charger.client, tx.evseId, 'Occupied');
        await tx.start(driver);
      }
      await trigger({ requestedMessage: 'MeterValues' });
      for (const [evseId, w] of [[1, 7100], [2, 3300]]) {
        expect(await charger.client.call('MeterValues', { evseId, meterValue: power(w) })).toEqual({});
      }
      expect(await powerOf(1)).toBe(7100);
      expect(await powerOf(2)).toBe(3300);
      for (const tx of sessions) await tx.end('Local');
    });

    it('TC_F_13_CSMS: TransactionEvent for one EVSE: the triggered Updated event moves that transaction\'s energy', async () => {
      const tx = new Tx(charger.client, 1);
      await tx.start(driver);
      await trigger({ requestedMessage: 'TransactionEvent', evse: { id: 1 } });
      expect(await tx.event('Updated', 'Trigger', { meterValue: energy(1750, 'Trigger') })).toEqual({});
      expect(await txById(cp, tx.id)).toMatchObject({ energy_wh: 750, stopped_at: null });
      await tx.end('Local');
    });

    it('TC_F_14_CSMS: TransactionEvent for all EVSEs: every ongoing transaction\'s triggered event is recorded', async () => {
      const sessions = [new Tx(charger.client, 1), new Tx(charger.client, 2)];
      for (const tx of sessions) await tx.start(driver);
      await trigger({ requestedMessage: 'TransactionEvent' });
      expect(await sessions[0].event('Updated', 'Trigger', { meterValue: energy(1200, 'Trigger') })).toEqual({});
      expect(await sessions[1].event('Updated', 'Trigger', { meterValue: energy(1900, 'Trigger') })).toEqual({});
      expect((await txById(cp, sessions[0].id))?.energy_wh).toBe(200);
      expect((await txById(cp, sessions[1].id))?.energy_wh).toBe(900);
      for (const tx of sessions) await tx.end('Local');
    });

    it.each([
      ['TC_F_23_CSMS', 'Unavailable', 'Available'],
      ['TC_F_24_CSMS', 'Available', 'Occupied'],
    ])('%s: StatusNotification for one EVSE: the triggered status (%s → %s) is stored', async (_case, before, after) => {
      expect(await status(charger.client, 1, before)).toEqual({});
      expect(await connectorStatus(cp, 1)).toBe(before);
      await trigger({ requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } });
      expect(await status(charger.client, 1, after)).toEqual({});
      expect(await connectorStatus(cp, 1)).toBe(after);
    });
  });
});

describe('G Availability', () => {
  let tag: string;
  beforeAll(async () => {
    tag = (await createTag({ tag: `G${hex()}` })).tag;
  });

  it.each([
    ['TC_G_06_CSMS', { operationalStatus: 'Operative' }],
    ['TC_G_08_CSMS', { operationalStatus: 'Operative', evse: { id: 1, connectorId: 1 } }],
  ])('%s: ChangeAvailability %j from Inoperative: Accepted, and the station\'s Available is stored', async (_case, payload) => {
    const cp = await register('g-operative');
    const charger = await station(cp, ['ChangeAvailability']);
    expect(await status(charger.client, 1, 'Unavailable')).toEqual({});
    await roundTrip(charger, cp, 'ChangeAvailability', payload, { status: 'Accepted' });
    expect(await status(charger.client, 1, 'Available')).toEqual({});
    expect(await connectorStatus(cp, 1)).toBe('Available');
  });

  it.each([
    ['TC_G_11_CSMS', { operationalStatus: 'Inoperative', evse: { id: 1 } }],
    ['TC_G_14_CSMS', { operationalStatus: 'Inoperative' }],
    ['TC_G_17_CSMS', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } }],
  ])('%s: ChangeAvailability %j during a transaction: Scheduled; the session goes on, then its end and Unavailable are stored', async (_case, payload) => {
    const cp = await register('g-scheduled');
    const charger = await station(cp, ['ChangeAvailability']);
    expect(await status(charger.client, 1, 'Occupied')).toEqual({});
    const tx = new Tx(charger.client, 1);
    await tx.start(tag);

    await roundTrip(charger, cp, 'ChangeAvailability', payload, { status: 'Scheduled' });
    expect((await detail(cp)).active_transaction).toMatchObject({ transaction_id: tx.id });
    expect(await connectorStatus(cp, 1)).toBe('Occupied');

    await tx.end('Local', 'StopAuthorized', { idToken: token(tag) });
    expect(await status(charger.client, 1, 'Unavailable')).toEqual({});
    expect(await txById(cp, tx.id)).toMatchObject({ stop_reason: 'Local', stopped_at: expect.any(String) });
    expect(await connectorStatus(cp, 1)).toBe('Unavailable');
  });

  it('TC_G_20_CSMS: a connector lock failure (NotifyEvent, then Faulted) is answered and kept in the fault history', async () => {
    const cp = await register('g-lock');
    const charger = await station(cp);
    const notify = {
      generatedAt: new Date().toISOString(),
      seqNo: 0,
      tbc: false,
      eventData: [
        {
          eventId: 1,
          timestamp: new Date().toISOString(),
          trigger: 'Delta',
          actualValue: 'true',
          eventNotificationType: 'HardWiredNotification',
          component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } },
          variable: { name: 'Problem' },
        },
      ],
    };
    expect(await charger.client.call('NotifyEvent', notify)).toEqual({});
    expect(await status(charger.client, 1, 'Faulted')).toEqual({});

    const events = async (action: string) => (await api(server, `/api/charge-points/${cp.id}/events?action=${action}`, { cookie: owner.cookie })).body.events;
    expect(await events('NotifyEvent')).toEqual([expect.objectContaining({ action: 'NotifyEvent', payload: notify })]);
    expect(await events('StatusNotification')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ evseId: 1, connectorId: 1, status: 'Faulted' }) })]);
    expect(await connectorStatus(cp, 1)).toBe('Faulted');
  });
});

describe('smart charging commands', () => {
  let cp: RegisteredChargePoint;
  let charger: ScriptedCharger;
  beforeAll(async () => {
    cp = await register('k-cmds');
    charger = await station(cp, ['ClearChargingProfile', 'GetCompositeSchedule']);
  });

  it.each([
    ['by id', { chargingProfileId: 7 }, 'Accepted'],
    ['by criteria', { chargingProfileCriteria: { evseId: 1, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 } }, 'Accepted'],
    ['everything', {}, 'Unknown'],
  ])('ClearChargingProfile %s is sent as given and the answer returned', async (_label, payload, answer) => {
    await roundTrip(charger, cp, 'ClearChargingProfile', payload, { status: answer });
  });

  it('ClearChargingProfile refuses the external constraints (not the CSMS\'s to clear) before sending', async () => {
    const before = charger.received.length;
    const response = await command(cp, 'ClearChargingProfile', { chargingProfileCriteria: { chargingProfilePurpose: 'ChargingStationExternalConstraints' } });
    expectError(response, 422, 'validation_failed');
    expect(charger.received).toHaveLength(before);
  });

  it('GetCompositeSchedule returns the station\'s schedule', async () => {
    const schedule = {
      evseId: 1,
      duration: 3600,
      scheduleStart: new Date().toISOString(),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 1800, limit: 10 },
      ],
    };
    await roundTrip(charger, cp, 'GetCompositeSchedule', { duration: 3600, evseId: 1, chargingRateUnit: 'A' }, { status: 'Accepted', schedule });
    await roundTrip(charger, cp, 'GetCompositeSchedule', { duration: 600, evseId: 0 }, { status: 'Rejected' });
  });

  it('GetCompositeSchedule needs a duration and an EVSE, and a known rate unit', async () => {
    const before = charger.received.length;
    expectError(await command(cp, 'GetCompositeSchedule', { evseId: 1 }), 422, 'validation_failed');
    expectError(await command(cp, 'GetCompositeSchedule', { duration: 60, evseId: 1, chargingRateUnit: 'kW' }), 422, 'validation_failed');
    expect(charger.received).toHaveLength(before);
  });
});

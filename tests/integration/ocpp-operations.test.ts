/**
 * Local authorization lists, firmware updates and diagnostics/log uploads
 * through POST /api/charge-points/{id}/commands: a real server, ocpp-rpc
 * clients as the charge points. Conformance cases are named after the OCA
 * CSMS test case ids.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, expectError, signUp } from '../helpers/api';
import { chargePointDetail, registerChargePoint, ScriptedCharger, type OcppProtocol } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

type Answer = Record<string, unknown>;
const hex = () => randomBytes(4).toString('hex');

const ACTIONS: Record<OcppProtocol, string[]> = {
  'ocpp1.6': ['SendLocalList', 'GetLocalListVersion', 'UpdateFirmware', 'GetDiagnostics', 'TriggerMessage'],
  'ocpp2.0.1': ['SendLocalList', 'GetLocalListVersion', 'UpdateFirmware', 'GetLog', 'TriggerMessage'],
};

/** A new owner with one connected charge point. */
async function setUp(protocol: OcppProtocol) {
  const owner = await signUp(server);
  const cp = await registerChargePoint(server, owner.cookie, `ops-${hex()}`);
  const charger = await ScriptedCharger.connect(server, cp, protocol, ACTIONS[protocol]);
  openClients.push(charger.client);
  const command = async (action: string, payload: Answer = {}, expectedStatus = 200) => {
    const response = await api(server, `/api/charge-points/${cp.id}/commands`, { method: 'POST', cookie: owner.cookie, body: { action, payload } });
    expect(response.status, JSON.stringify(response.body)).toBe(expectedStatus);
    return response.body;
  };
  const detail = () => chargePointDetail(server, owner.cookie, cp.id);
  const operations = async () => {
    const response = await api(server, `/api/charge-points/${cp.id}/operations`, { cookie: owner.cookie });
    expect(response.status).toBe(200);
    return response.body.operations as Record<string, any>[];
  };
  const addTag = async (tag: string, extra: Answer = {}) => {
    const response = await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body: { tag, ...extra } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string };
  };
  return { owner, cp, charger, command, detail, operations, addTag };
}

describe('OCPP 1.6 local authorization list', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  let blocked: { id: string };
  let removed: { id: string };
  beforeAll(async () => {
    s = await setUp('ocpp1.6');
    await s.addTag('CARD-A');
    await s.addTag('CARD-CHILD', { parent_tag: 'CARD-A' });
    blocked = await s.addTag('CARD-B');
    removed = await s.addTag('CARD-OLD', { expires_at: '2020-01-01T00:00:00Z' });
  });

  it('TC_042_1_CSMS: GetLocalListVersion answered -1 (not supported) is kept', async () => {
    s.charger.answer('GetLocalListVersion', { listVersion: -1 });
    expect(await s.command('GetLocalListVersion')).toEqual({ action: 'GetLocalListVersion', answer: { listVersion: -1 } });
    expect((await s.detail()).local_list).toMatchObject({ version: 0, reported_version: -1 });
  });

  it('TC_042_2_CSMS: GetLocalListVersion answered 0 (empty list) is kept', async () => {
    s.charger.answer('GetLocalListVersion', { listVersion: 0 });
    await s.command('GetLocalListVersion');
    expect((await s.detail()).local_list).toMatchObject({ version: 0, reported_version: 0, reported_at: expect.any(String) });
  });

  it('refuses a differential update before any full list, without sending anything', async () => {
    const sent = s.charger.received.length;
    expectError(await api(server, `/api/charge-points/${s.cp.id}/commands`, {
      method: 'POST',
      cookie: s.owner.cookie,
      body: { action: 'SendLocalList', payload: { updateType: 'Differential' } },
    }), 409, 'local_list_unknown');
    expect(s.charger.received.length).toBe(sent);
  });

  it('TC_043_4_CSMS: a full list carries all the owner\'s tags with their status, expiry and parent; the version is stored', async () => {
    s.charger.answer('SendLocalList', { status: 'Accepted' });
    expect(await s.command('SendLocalList', { updateType: 'Full' })).toEqual({ action: 'SendLocalList', answer: { status: 'Accepted' } });
    const sent = s.charger.last()!.params as { listVersion: number; updateType: string; localAuthorizationList: Answer[] };
    expect(sent.listVersion).toBe(1);
    expect(sent.updateType).toBe('Full');
    expect(sent.localAuthorizationList).toEqual([
      { idTag: 'CARD-A', idTagInfo: { status: 'Accepted' } },
      { idTag: 'CARD-B', idTagInfo: { status: 'Accepted' } },
      { idTag: 'CARD-CHILD', idTagInfo: { status: 'Accepted', parentIdTag: 'CARD-A' } },
      { idTag: 'CARD-OLD', idTagInfo: { status: 'Expired', expiryDate: '2020-01-01T00:00:00.000Z' } },
    ]);
    expect((await s.detail()).local_list).toMatchObject({ version: 1, entries: 4, sent_at: expect.any(String) });
  });

  it('TC_043_5_CSMS: a differential update sends only changed, new and removed tags under the next version', async () => {
    await api(server, `/api/id-tags/${blocked.id}`, { method: 'PATCH', cookie: s.owner.cookie, body: { status: 'Blocked' } });
    await api(server, `/api/id-tags/${removed.id}`, { method: 'DELETE', cookie: s.owner.cookie });
    await s.addTag('CARD-NEW');
    s.charger.answer('SendLocalList', { status: 'Accepted' });
    await s.command('SendLocalList', { updateType: 'Differential' });
    expect(s.charger.last()!.params).toEqual({
      listVersion: 2,
      updateType: 'Differential',
      localAuthorizationList: [
        { idTag: 'CARD-B', idTagInfo: { status: 'Blocked' } },
        { idTag: 'CARD-NEW', idTagInfo: { status: 'Accepted' } },
        { idTag: 'CARD-OLD' },
      ],
    });
    expect((await s.detail()).local_list).toMatchObject({ version: 2, entries: 4 });

    // Nothing changed since: the next differential update is empty.
    await s.command('SendLocalList', { updateType: 'Differential' });
    expect(s.charger.last()!.params).toEqual({ listVersion: 3, updateType: 'Differential' });
  });

  it.each([
    ['TC_043_1_CSMS', 'NotSupported'],
    ['TC_043_3_CSMS', 'Failed'],
    ['VersionMismatch', 'VersionMismatch'],
  ])('%s: a list answered %s changes nothing stored', async (_case, status) => {
    const before = (await s.detail()).local_list;
    s.charger.answer('SendLocalList', { status });
    expect(await s.command('SendLocalList', { updateType: 'Full' })).toEqual({ action: 'SendLocalList', answer: { status } });
    expect(s.charger.last()!.params).toMatchObject({ listVersion: before.version + 1 });
    expect((await s.detail()).local_list).toEqual(before);
  });

  it('two lists sent at once get consecutive versions', async () => {
    const before = (await s.detail()).local_list.version;
    s.charger.answers.set('SendLocalList', async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { status: 'Accepted' };
    });
    const sent = s.charger.received.length;
    await Promise.all([s.command('SendLocalList', { updateType: 'Full' }), s.command('SendLocalList', { updateType: 'Full' })]);
    expect(s.charger.received.slice(sent).map((r) => r.params.listVersion)).toEqual([before + 1, before + 2]);
    expect((await s.detail()).local_list.version).toBe(before + 2);
  });
});

describe('OCPP 2.0.1 local authorization list', () => {
  it('sends versionNumber and idTokens (ISO14443 unless told), full then differential, and keeps the reported version', async () => {
    const s = await setUp('ocpp2.0.1');
    await s.addTag('TOKEN-1');
    const second = await s.addTag('TOKEN-2', { parent_tag: 'TOKEN-1' });
    s.charger.answer('GetLocalListVersion', { versionNumber: 7 });
    await s.command('GetLocalListVersion');
    s.charger.answer('SendLocalList', { status: 'Accepted' });
    await s.command('SendLocalList', {});
    expect(s.charger.last()!.params).toEqual({
      versionNumber: 8,
      updateType: 'Full',
      localAuthorizationList: [
        { idToken: { idToken: 'TOKEN-1', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        { idToken: { idToken: 'TOKEN-2', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'TOKEN-1', type: 'Central' } } },
      ],
    });
    await api(server, `/api/id-tags/${second.id}`, { method: 'DELETE', cookie: s.owner.cookie });
    await s.command('SendLocalList', { updateType: 'Differential' });
    expect(s.charger.last()!.params).toEqual({
      versionNumber: 9,
      updateType: 'Differential',
      localAuthorizationList: [{ idToken: { idToken: 'TOKEN-2', type: 'ISO14443' } }],
    });
    expect((await s.detail()).local_list).toMatchObject({ version: 9, entries: 1, reported_version: 7 });
  });
});

/** Sends status notifications as the charge point would. */
async function report(client: RPCClient, action: string, statuses: string[], extra: Answer = {}) {
  for (const status of statuses) expect(await client.call(action, { status, ...extra })).toEqual({});
}

describe('OCPP 1.6 firmware', () => {
  it.each([
    ['TC_044_1_CSMS', ['Downloading', 'Downloaded', 'Installing', 'Installed']],
    ['TC_044_2_CSMS', ['Downloading', 'DownloadFailed']],
    ['TC_044_3_CSMS', ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']],
  ])('%s: UpdateFirmware goes out with a retrieve date; the progress %j is stored and shown', async (_case, statuses) => {
    const s = await setUp('ocpp1.6');
    s.charger.answer('UpdateFirmware', {});
    const location = 'https://firmware.example.com/cp/fw-2.1.bin';
    expect(await s.command('UpdateFirmware', { location, retries: 2 })).toEqual({ action: 'UpdateFirmware', answer: {} });
    expect(s.charger.last()!.params).toEqual({ location, retries: 2, retrieveDate: expect.any(String) });
    expect((await s.operations())[0]).toMatchObject({ kind: 'firmware', action: 'UpdateFirmware', status: 'Accepted', location, history: [] });

    await report(s.charger.client, 'FirmwareStatusNotification', statuses);
    const [operation] = await s.operations();
    expect(operation.status).toBe(statuses.at(-1));
    expect(operation.history.map((h: { status: string }) => h.status)).toEqual(statuses);
    expect(await s.detail()).toMatchObject({ firmware_status: statuses.at(-1), firmware_status_at: expect.any(String) });
  });

  it('refuses a location that is not an ftp/http URL (422) and sends nothing', async () => {
    const s = await setUp('ocpp1.6');
    await s.command('UpdateFirmware', { location: 'file:///etc/passwd' }, 422);
    expect(s.charger.received).toHaveLength(0);
    expect(await s.operations()).toEqual([]);
  });
});

describe('OCPP 1.6 diagnostics', () => {
  it.each([
    ['TC_045_1_CSMS', ['Uploading', 'Uploaded']],
    ['TC_045_2_CSMS', ['Uploading', 'UploadFailed']],
  ])('%s: GetDiagnostics to the owner\'s location; the file name and the progress %j are stored', async (_case, statuses) => {
    const s = await setUp('ocpp1.6');
    s.charger.answer('GetDiagnostics', { fileName: 'diag-1.zip' });
    const location = 'ftp://user:secret@logs.example.com/incoming/';
    expect(await s.command('GetDiagnostics', { location })).toEqual({ action: 'GetDiagnostics', answer: { fileName: 'diag-1.zip' } });
    expect(s.charger.last()!.params).toEqual({ location });
    await report(s.charger.client, 'DiagnosticsStatusNotification', statuses);
    const [operation] = await s.operations();
    // The password is not shown again.
    expect(operation).toMatchObject({ kind: 'diagnostics', file_name: 'diag-1.zip', status: statuses.at(-1), location: 'ftp://user:***@logs.example.com/incoming/' });
    expect((await s.detail()).diagnostics_status).toBe(statuses.at(-1));
  });

  it('without a location, the charge point uploads once to a one-time URL on this server; only the owner can fetch the file', async () => {
    const s = await setUp('ocpp1.6');
    s.charger.answer('GetDiagnostics', { fileName: 'diag.txt' });
    await s.command('GetDiagnostics', {});
    const location = s.charger.last()!.params.location as string;
    expect(location.startsWith(`${server.url}/api/charge-points/${s.cp.id}/diagnostics-upload/`)).toBe(true);

    // Over 8 MiB, sent chunked (no Content-Length): refused, and the URL still works.
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 9; i++) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const tooLarge = await fetch(location, { method: 'PUT', body: big, duplex: 'half' } as RequestInit);
    expect(tooLarge.status).toBe(413);

    const content = `log line ${hex()}\n`;
    const upload = (url: string) => fetch(url, { method: 'PUT', body: content });
    expect((await upload(`${location}/diag.txt`)).status).toBe(201);
    // One time only, and a made-up token is nothing.
    expect((await upload(`${location}/diag.txt`)).status).toBe(404);
    expect((await upload(location.replace(/[^/]+$/, 'x'.repeat(32)))).status).toBe(404);

    const [operation] = await s.operations();
    expect(operation).toMatchObject({ uploaded: true, upload_size: content.length, file_name: 'diag.txt' });
    expect(operation.location).not.toContain(location.split('/').at(-1));
    const file = await api(server, `/api/charge-points/${s.cp.id}/operations/${operation.id}/file`, { cookie: s.owner.cookie });
    expect(file.status).toBe(200);
    expect(file.body).toBe(content);
    const stranger = await signUp(server);
    expectError(await api(server, `/api/charge-points/${s.cp.id}/operations/${operation.id}/file`, { cookie: stranger.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${s.cp.id}/operations`, { cookie: stranger.cookie }), 404, 'not_found');
  });
});

describe('OCPP 2.0.1 firmware', () => {
  const firmware = {
    location: 'https://firmware.example.com/cs/fw-3.0.bin',
    signingCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    signature: 'c2lnbmF0dXJl',
  };

  it.each([
    ['TC_L_01_CSMS', 'Accepted', ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']],
    ['TC_L_02_CSMS', 'Accepted', ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'Installing', 'Installed']],
    ['TC_L_03_CSMS', 'Accepted', ['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'Installed']],
    ['TC_L_04_CSMS', 'RevokedCertificate', []],
    ['TC_L_05_CSMS', 'InvalidCertificate', []],
    ['TC_L_06_CSMS', 'Accepted', ['Downloading', 'Downloaded', 'InvalidSignature']],
    ['TC_L_07_CSMS', 'Accepted', ['Downloading', 'DownloadFailed']],
    ['TC_L_08_CSMS', 'Accepted', ['Downloading', 'Downloaded', 'SignatureVerified', 'InstallVerificationFailed']],
    ['TC_L_09_CSMS', 'Accepted', ['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallationFailed']],
  ])('%s: UpdateFirmware answered %s, then %j with its requestId', async (_case, answer, statuses) => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('UpdateFirmware', { status: answer });
    await s.command('UpdateFirmware', { firmware });
    const sent = s.charger.last()!.params as { requestId: number; firmware: Answer };
    expect(sent).toEqual({ requestId: expect.any(Number), firmware: { ...firmware, retrieveDateTime: expect.any(String) } });
    await report(s.charger.client, 'FirmwareStatusNotification', statuses, { requestId: sent.requestId });
    const [operation] = await s.operations();
    expect(operation).toMatchObject({ request_id: sent.requestId, status: statuses.at(-1) ?? answer });
  });

  it('TC_L_10_CSMS, TC_L_11_CSMS: a second update cancels the first (AcceptedCanceled) or cannot (Rejected); progress goes by requestId', async () => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('UpdateFirmware', { status: 'Accepted' });
    await s.command('UpdateFirmware', { firmware, requestId: 11 });
    s.charger.answer('UpdateFirmware', { status: 'AcceptedCanceled' });
    await s.command('UpdateFirmware', { firmware, requestId: 12 });
    s.charger.answer('UpdateFirmware', { status: 'Rejected' });
    await s.command('UpdateFirmware', { firmware, requestId: 13 });
    await report(s.charger.client, 'FirmwareStatusNotification', ['Downloading'], { requestId: 12 });
    const byRequest = Object.fromEntries((await s.operations()).map((o) => [o.request_id, o.status]));
    expect(byRequest).toEqual({ 11: 'Accepted', 12: 'Downloading', 13: 'Rejected' });
  });

  it('TC_F_18_CSMS: a triggered FirmwareStatusNotification Idle is shown and touches no operation', async () => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('TriggerMessage', { status: 'Accepted' });
    await s.command('TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await report(s.charger.client, 'FirmwareStatusNotification', ['Idle']);
    expect((await s.detail()).firmware_status).toBe('Idle');
    expect(await s.operations()).toEqual([]);
  });
});

describe('OCPP 2.0.1 logs', () => {
  it.each([
    ['TC_N_25_CSMS', 'DiagnosticsLog'],
    ['TC_N_35_CSMS', 'SecurityLog'],
  ])('%s: GetLog %s to the owner\'s location, then Uploading and Uploaded', async (_case, logType) => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('GetLog', { status: 'Accepted', filename: 'log.tar.gz' });
    const remoteLocation = 'https://logs.example.com/upload';
    await s.command('GetLog', { logType, log: { remoteLocation } });
    const sent = s.charger.last()!.params as { requestId: number };
    expect(sent).toEqual({ logType, requestId: expect.any(Number), log: { remoteLocation } });
    await report(s.charger.client, 'LogStatusNotification', ['Uploading', 'Uploaded'], { requestId: sent.requestId });
    expect((await s.operations())[0]).toMatchObject({ action: 'GetLog', file_name: 'log.tar.gz', status: 'Uploaded', request_id: sent.requestId });
    expect((await s.detail()).diagnostics_status).toBe('Uploaded');
  });

  it('TC_N_34_CSMS: a rejected GetLog is stored as Rejected', async () => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('GetLog', { status: 'Rejected' });
    await s.command('GetLog', { log: { remoteLocation: 'https://logs.example.com/upload' } });
    expect((await s.operations())[0]).toMatchObject({ status: 'Rejected', history: [] });
  });

  it('TC_N_36_CSMS: a second request cancels the first (AcceptedCanceled); the upload lands on this server by multipart POST', async () => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('GetLog', { status: 'Accepted', filename: 'first.log' });
    await s.command('GetLog', {});
    const first = s.charger.last()!.params as { requestId: number };
    s.charger.answer('GetLog', { status: 'AcceptedCanceled', filename: 'second.log' });
    await s.command('GetLog', {});
    const second = s.charger.last()!.params as { requestId: number; log: { remoteLocation: string } };
    expect(second.requestId).not.toBe(first.requestId);
    await report(s.charger.client, 'LogStatusNotification', ['Uploading'], { requestId: second.requestId });

    const form = new FormData();
    form.append('uploadFile', new Blob(['second log\n']), 'second.log');
    expect((await fetch(second.log.remoteLocation, { method: 'POST', body: form })).status).toBe(201);
    await report(s.charger.client, 'LogStatusNotification', ['Uploaded'], { requestId: second.requestId });

    const operations = await s.operations();
    expect(operations.map((o) => [o.request_id, o.status, o.uploaded])).toEqual([
      [second.requestId, 'Uploaded', true],
      [first.requestId, 'Accepted', false],
    ]);
  });

  it('TC_F_15_CSMS: a triggered LogStatusNotification Idle is shown and touches no operation', async () => {
    const s = await setUp('ocpp2.0.1');
    s.charger.answer('TriggerMessage', { status: 'Accepted' });
    await s.command('TriggerMessage', { requestedMessage: 'LogStatusNotification' });
    await report(s.charger.client, 'LogStatusNotification', ['Idle']);
    expect((await s.detail()).diagnostics_status).toBe('Idle');
    expect(await s.operations()).toEqual([]);
  });
});

describe('failed commands', () => {
  it('a firmware update the charge point never got (CALLERROR) leaves no operation behind', async () => {
    const s = await setUp('ocpp1.6');
    s.charger.answers.set('UpdateFirmware', () => {
      throw new Error('busy');
    });
    await s.command('UpdateFirmware', { location: 'https://firmware.example.com/x.bin' }, 502);
    expect(await s.operations()).toEqual([]);
  });
});

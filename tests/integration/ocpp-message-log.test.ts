/**
 * The OCPP message log (GET /api/charge-points/{id}/messages): a whole 1.6
 * session and two commands of ours are logged both ways, answers under their
 * call's action, filterable, paged by cursor, large payloads capped, and only
 * for the charge point's owner.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, api, expectError, type Account } from '../helpers/api';
import { RawCharger, bootPayload, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let other: Account;

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
  other = await signUp(server);
});
afterAll(async () => {
  await server?.stop();
});

interface Logged {
  id: number;
  direction: 'in' | 'out';
  kind: string;
  message_id: string | null;
  action: string | null;
  at: string;
  payload: Record<string, any>;
}

const messages = async (cpId: string, query = '', cookie = owner.cookie) => api(server, `/api/charge-points/${cpId}/messages${query}`, { cookie });

/** Sends a command through the API while the raw charger answers it with `answer(messageId)`. */
async function command(cpId: string, charger: RawCharger, action: string, answer: (id: string) => unknown[]) {
  const sent = api(server, `/api/charge-points/${cpId}/commands`, { method: 'POST', cookie: owner.cookie, body: { action } });
  const call = (await charger.next()) as [number, string, string];
  expect(call[2]).toBe(action);
  charger.send(JSON.stringify(answer(call[1])));
  await sent;
  return call[1];
}

describe('OCPP message log', () => {
  it('logs a session and our commands both ways; filters, pages and caps; owner only', { timeout: 60_000 }, async () => {
    const cp = await registerChargePoint(server, owner.cookie, `log-${randomBytes(4).toString('hex')}`);
    const charger = await RawCharger.connect(server, cp.identity, cp.password, 'ocpp1.6');
    const t = () => new Date().toISOString();
    await charger.call('b1', 'BootNotification', bootPayload['ocpp1.6']);
    await charger.call('s1', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    await charger.call('a1', 'Authorize', { idTag: 'TAG1' });
    const started = await charger.call('t1', 'StartTransaction', { connectorId: 1, idTag: 'TAG1', meterStart: 1000, timestamp: t() });
    const transactionId = (started[2] as { transactionId: number }).transactionId;
    const sample = (wh: number) => ({ timestamp: t(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] });
    await charger.call('m1', 'MeterValues', { connectorId: 1, transactionId, meterValue: [sample(1500)] });
    await charger.call('m2', 'MeterValues', { connectorId: 1, transactionId, meterValue: [sample(2000)] });
    await charger.call('x1', 'StopTransaction', { transactionId, meterStop: 2500, timestamp: t() });
    // An action we do not implement: our answer is a CALLERROR.
    await charger.call('u1', 'NoSuchAction', {});
    // A payload far above the stored cap (8192 characters).
    await charger.call('d1', 'DataTransfer', { vendorId: 'com.example', data: 'x'.repeat(20_000) });
    const accepted = await command(cp.id, charger, 'ClearCache', (id) => [3, id, { status: 'Accepted' }]);
    const refused = await command(cp.id, charger, 'ClearCache', (id) => [4, id, 'NotSupported', 'Not here', {}]);

    // Written in batches about every second: wait for the last answer.
    await expect
      .poll(async () => ((await messages(cp.id)).body.messages as Logged[]).some((m) => m.message_id === refused && m.kind === 'error'), { timeout: 10_000 })
      .toBe(true);
    const all = (await messages(cp.id, '?limit=200')).body;
    const log = all.messages as Logged[];
    expect(log.map((m) => m.id)).toEqual([...log.map((m) => m.id)].sort((a, b) => b - a));
    expect(all.next_before).toBeNull();

    const pair = (messageId: string) => log.filter((m) => m.message_id === messageId).map((m) => `${m.direction} ${m.kind} ${m.action}`);
    for (const [id, action] of [['b1', 'BootNotification'], ['s1', 'StatusNotification'], ['a1', 'Authorize'], ['t1', 'StartTransaction'], ['m1', 'MeterValues'], ['x1', 'StopTransaction']]) {
      expect(pair(id)).toEqual([`out result ${action}`, `in call ${action}`]);
    }
    expect(pair('u1')).toEqual(['out error NoSuchAction', 'in call NoSuchAction']);
    expect(log.find((m) => m.message_id === 'u1' && m.kind === 'error')?.payload.errorCode).toBe('NotImplemented');
    expect(pair(accepted)).toEqual(['in result ClearCache', 'out call ClearCache']);
    expect(pair(refused)).toEqual(['in error ClearCache', 'out call ClearCache']);
    expect(log.find((m) => m.message_id === refused && m.kind === 'error')?.payload).toMatchObject({ errorCode: 'NotSupported', errorDescription: 'Not here' });
    expect(log.find((m) => m.message_id === 't1' && m.kind === 'result')?.payload).toMatchObject({ transactionId });
    expect(log.find((m) => m.message_id === 'm1' && m.kind === 'call')?.payload.meterValue[0].sampledValue[0].value).toBe('1500');

    const big = log.find((m) => m.message_id === 'd1' && m.kind === 'call')!;
    expect(big.action).toBe('DataTransfer');
    expect(big.payload).toMatchObject({ truncated: true });
    expect(big.payload.chars).toBeGreaterThan(20_000);
    expect(big.payload.preview.length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(big.payload).length).toBeLessThan(2048);

    const meterValues = (await messages(cp.id, '?action=MeterValues')).body.messages as Logged[];
    expect(meterValues.map((m) => `${m.message_id} ${m.direction}`)).toEqual(['m2 out', 'm2 in', 'm1 out', 'm1 in']);
    const ours = (await messages(cp.id, '?direction=out&action=ClearCache')).body.messages as Logged[];
    expect(ours.map((m) => m.message_id)).toEqual([refused, accepted]);
    expect(((await messages(cp.id, '?direction=in&limit=200')).body.messages as Logged[]).every((m) => m.direction === 'in')).toBe(true);
    expect((await messages(cp.id)).body.actions).toEqual(expect.arrayContaining(['BootNotification', 'ClearCache', 'MeterValues', 'NoSuchAction']));
    expect((await messages(cp.id, '?action=&direction=&before=')).body.messages).toHaveLength(Math.min(50, log.length));

    // Paged by cursor: pages of 5 put together are the whole log, without gaps or repeats.
    const paged: Logged[] = [];
    for (let before: number | null = null, pages = 0; pages < 20; pages++) {
      const page: { messages: Logged[]; next_before: number | null } = (await messages(cp.id, `?limit=5${before ? `&before=${before}` : ''}`)).body;
      paged.push(...page.messages);
      before = page.next_before;
      if (before === null) break;
    }
    expect(paged.map((m) => m.id)).toEqual(log.map((m) => m.id));

    expectError(await messages(cp.id, '?direction=sideways'), 422, 'validation_failed');
    expectError(await messages(cp.id, '?before=abc'), 422, 'validation_failed');
    expectError(await messages(cp.id, '?action=Meter%20Values'), 422, 'validation_failed');
    expectError(await messages(cp.id, '?limit=1000'), 422, 'validation_failed');
    expectError(await messages(cp.id, '', other.cookie), 404, 'not_found');
    expect((await api(server, `/api/charge-points/${cp.id}/messages`)).status).toBe(401);
    charger.close();
  });
});

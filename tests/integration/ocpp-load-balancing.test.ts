/**
 * Site load balancing: real ocpp-rpc charge points (1.6 and 2.0.1) on one
 * site receive TxProfiles that never add up to more than the site allows.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint, type OcppProtocol, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  server = await startServer();
  owner = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
});

const hex = () => randomBytes(4).toString('hex');

interface Station {
  cp: RegisteredChargePoint;
  protocol: OcppProtocol;
  client: RPCClient;
  /** The limit of the latest TxProfile received. */
  limit: number | null;
  profiles: number;
  /** The ClearChargingProfile requests received. */
  cleared: Record<string, unknown>[];
}

/** A charge point that accepts every SetChargingProfile and remembers the limit. */
async function station(cp: RegisteredChargePoint, protocol: OcppProtocol, previous?: Station): Promise<Station> {
  const client = await bootedCharger(server, cp, protocol);
  openClients.push(client);
  const s: Station = previous ?? { cp, protocol, client, limit: null, profiles: 0, cleared: [] };
  s.client = client;
  client.handle('SetChargingProfile', async ({ params = {} }: { params?: Record<string, any> }) => {
    const profile = protocol === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile;
    expect(profile.chargingProfilePurpose).toBe('TxProfile');
    const schedule = protocol === 'ocpp1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
    s.limit = schedule.chargingSchedulePeriod[0].limit;
    s.profiles++;
    return { status: 'Accepted' };
  });
  client.handle('ClearChargingProfile', async ({ params = {} }: { params?: Record<string, unknown> }) => {
    s.cleared.push(params);
    s.limit = null;
    return { status: 'Accepted' };
  });
  return s;
}

async function startSession(s: Station, minute: number): Promise<string | number> {
  const timestamp = new Date(Date.UTC(2026, 2, 1, 8, minute)).toISOString();
  if (s.protocol === 'ocpp1.6') {
    await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    const started = (await s.client.call('StartTransaction', { connectorId: 1, idTag: 'LB-TAG', meterStart: 0, timestamp })) as { transactionId: number };
    return started.transactionId;
  }
  const transactionId = `lb-${hex()}`;
  await s.client.call('TransactionEvent', {
    eventType: 'Started',
    timestamp,
    triggerReason: 'CablePluggedIn',
    seqNo: 0,
    transactionInfo: { transactionId, chargingState: 'Charging' },
    evse: { id: 1, connectorId: 1 },
  });
  return transactionId;
}

const siteBody = async (id: string) => {
  const response = await api(server, `/api/sites/${id}`, { cookie: owner.cookie });
  expect(response.status).toBe(200);
  return response.body;
};
const limits = (stations: Station[]) => stations.map((s) => s.limit);
const total = (stations: Station[]) => stations.reduce((sum, s) => sum + (s.limit ?? 0), 0);

describe('site load balancing', () => {
  it('three sessions on a 32 A site get TxProfiles summing to ≤ 32 A; a stop and a disconnect reallocate; a reconnect gets a profile again', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Lot', max_current_a: 32 } })).body;
    const stations: Station[] = [];
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1', 'ocpp1.6'] as const) {
      const cp = await registerChargePoint(server, owner.cookie, `lb-${hex()}`);
      const patched = await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: site.id } });
      expect(patched.status).toBe(200);
      stations.push(await station(cp, protocol));
    }
    const [a, b, c] = stations;
    const firstTx = await startSession(a, 0);
    await expect.poll(() => a.limit).toBe(32);
    await startSession(b, 1);
    await startSession(c, 2);
    await expect.poll(() => limits(stations)).toEqual([10.6, 10.6, 10.6]);
    expect(total(stations)).toBeLessThanOrEqual(32);

    // The allocation is stored as each answer comes back: it may trail the charge points by a moment.
    await expect.poll(async () => (await siteBody(site.id)).allocation.sessions.map((s: { profile_status: string }) => s.profile_status)).toEqual(['Accepted', 'Accepted', 'Accepted']);
    const body = await siteBody(site.id);
    expect(body.allocation.sessions.reduce((sum: number, s: { allocated_a: number }) => sum + s.allocated_a, 0)).toBeLessThanOrEqual(32);
    expect(body.allocation.sessions.every((s: { profile_status: string }) => s.profile_status === 'Accepted')).toBe(true);

    await a.client.call('StopTransaction', { transactionId: firstTx, meterStop: 1000, timestamp: new Date(Date.UTC(2026, 2, 1, 9)).toISOString() });
    await expect.poll(() => [b.limit, c.limit]).toEqual([16, 16]);

    // A disconnected charge point may still be charging at the limit it accepted: that stays counted, so the
    // other keeps its 16 A (32 would make 48 A on a 32 A site). Back online it gets its profile again.
    const before = c.profiles;
    await c.client.close({ force: true });
    await expect.poll(async () => (await siteBody(site.id)).allocation.sessions.map((s: { identity: string }) => s.identity)).toEqual([b.cp.identity]);
    expect([b.limit, c.limit]).toEqual([16, 16]);
    await station(c.cp, c.protocol, c);
    await expect.poll(() => c.profiles).toBeGreaterThan(before);
    expect([b.limit, c.limit]).toEqual([16, 16]);
    await expect.poll(async () => (await siteBody(site.id)).allocation.sessions).toHaveLength(2);

    // A connector maximum caps its session; the rest goes to the other one.
    const capped = await api(server, `/api/charge-points/${c.cp.id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { connectors: [{ evse_id: 1, connector_id: 1, max_current_a: 8 }] },
    });
    expect(capped.status).toBe(200);
    await expect.poll(() => [b.limit, c.limit]).toEqual([24, 8]);
  });

  it("clears the sessions' limits when the site's limit is removed or the site is deleted; a new limit is sent again", async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Garage', max_current_a: 20 } })).body;
    const stations: Station[] = [];
    for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
      const cp = await registerChargePoint(server, owner.cookie, `lb-clear-${hex()}`);
      expect((await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: site.id } })).status).toBe(200);
      stations.push(await station(cp, protocol));
    }
    const [a, b] = stations;
    await startSession(a, 10);
    await startSession(b, 11);
    await expect.poll(() => limits(stations)).toEqual([10, 10]);

    const unlimited = await api(server, `/api/sites/${site.id}`, { method: 'PATCH', cookie: owner.cookie, body: { max_current_a: null } });
    expect(unlimited.status).toBe(200);
    // Our TxProfile ids: one per EVSE (9100 + EVSE 1).
    await expect.poll(() => [a.cleared, b.cleared]).toEqual([[{ id: 9101 }], [{ chargingProfileId: 9101 }]]);
    expect((await siteBody(site.id)).allocation.sessions).toEqual([]);

    const limited = await api(server, `/api/sites/${site.id}`, { method: 'PATCH', cookie: owner.cookie, body: { max_current_a: 12 } });
    expect(limited.status).toBe(200);
    await expect.poll(() => limits(stations)).toEqual([6, 6]);

    expect((await api(server, `/api/sites/${site.id}`, { method: 'DELETE', cookie: owner.cookie })).status).toBe(204);
    await expect.poll(() => [a.cleared.length, b.cleared.length]).toEqual([2, 2]);
    expect(limits(stations)).toEqual([null, null]);
  });
});

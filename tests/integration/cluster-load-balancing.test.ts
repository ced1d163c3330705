/**
 * Load balancing across instances: real server processes on one PostgreSQL
 * database, real OCPP 1.6 charge points on different instances. The charge
 * points record every TxProfile they accept; after each one the test adds up
 * the limits they hold, so the site maximum is checked at every moment, not
 * only at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, signUp, type Account } from '../helpers/api';
import { clusterAvailable, startCluster, type Cluster } from '../helpers/cluster';
import { bootedCharger, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import type { TestServer } from '../helpers/server';

const SITE_MAX_A = 16;
/** How long a charge point takes to answer a SetChargingProfile it has applied. */
const ANSWER_DELAY_MS = 300;
/** A site run waits for the runs before it and for each answer in turn: a few of those delays. */
const SETTLED = { timeout: 15_000 };
const hex = () => randomBytes(4).toString('hex');

describe.skipIf(!clusterAvailable)('load balancing across instances', () => {
  let cluster: Cluster;
  let owner: Account;
  const openClients: RPCClient[] = [];

  beforeAll(async () => {
    cluster = await startCluster(3);
    owner = await signUp(cluster.servers[0]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(openClients.map((c) => c.close({ force: true })));
    await cluster?.close();
  });

  /** The charge points of one site: what each holds, and the most they ever held together. */
  class Site {
    readonly stations: Station[] = [];
    /** Every sum of held limits, after each accepted TxProfile. */
    readonly sums: number[] = [];
    readonly accepted: number[] = [];
    constructor(readonly id: string) {}
    held = () => this.stations.reduce((sum, s) => sum + (s.limit ?? 0), 0);
    limits = () => this.stations.map((s) => s.limit);
  }

  interface Station {
    cp: RegisteredChargePoint;
    client: RPCClient;
    server: TestServer;
    limit: number | null;
    profiles: number;
    transactionId?: number;
  }

  async function createSite(name: string): Promise<Site> {
    const response = await api(cluster.servers[0], '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name, max_current_a: SITE_MAX_A } });
    expect(response.status).toBe(201);
    return new Site(response.body.id);
  }

  /** A charge point of the site on `server` that accepts every TxProfile (via any instance, so anywhere). */
  async function addStation(site: Site, server: TestServer): Promise<Station> {
    const cp = await registerChargePoint(server, owner.cookie, `lbc-${hex()}`);
    const patched = await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: site.id } });
    expect(patched.status).toBe(200);
    const s: Station = { cp, client: undefined as unknown as RPCClient, server, limit: null, profiles: 0 };
    site.stations.push(s);
    await connect(site, s, server);
    return s;
  }

  async function connect(site: Site, s: Station, server: TestServer): Promise<void> {
    s.server = server;
    s.client = await bootedCharger(server, s.cp, 'ocpp1.6');
    openClients.push(s.client);
    s.client.handle('SetChargingProfile', async ({ params = {} }: { params?: Record<string, any> }) => {
      const profile = params.csChargingProfiles;
      expect(profile.chargingProfilePurpose).toBe('TxProfile');
      s.limit = profile.chargingSchedule.chargingSchedulePeriod[0].limit;
      s.profiles++;
      site.accepted.push(s.limit!);
      site.sums.push(site.held());
      // Applied at once, answered a moment later, as a real controller does: runs that overlap would show here.
      await new Promise((resolve) => setTimeout(resolve, ANSWER_DELAY_MS));
      return { status: 'Accepted' };
    });
  }

  /** A TxProfile lasts as long as its transaction: the charge point ends it (and draws nothing), then reports it. */
  async function stopSession(s: Station, meterStop: number): Promise<void> {
    s.limit = null;
    await s.client.call('StopTransaction', { transactionId: s.transactionId, meterStop, timestamp: new Date(Date.UTC(2026, 2, 1, 9)).toISOString() });
  }

  async function startSession(s: Station, minute: number): Promise<void> {
    await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    const timestamp = new Date(Date.UTC(2026, 2, 1, 8, minute)).toISOString();
    const started = (await s.client.call('StartTransaction', { connectorId: 1, idTag: 'LBC-TAG', meterStart: 0, timestamp })) as { transactionId: number };
    s.transactionId = started.transactionId;
  }

  /** The site's allocation as one instance shows it: identity → allocated A. */
  async function allocation(server: TestServer, site: Site): Promise<Record<string, number>> {
    const response = await api(server, `/api/sites/${site.id}`, { cookie: owner.cookie });
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.allocation.sessions.map((s: { identity: string; allocated_a: number }) => [s.identity, s.allocated_a]));
  }

  function expectNeverAbove(site: Site) {
    expect(site.accepted.every((a) => a <= SITE_MAX_A), `accepted limits ${site.accepted.join(', ')}`).toBe(true);
    expect(Math.max(0, ...site.sums), `held sums ${site.sums.join(', ')}`).toBeLessThanOrEqual(SITE_MAX_A);
  }

  it('two charge points on different instances share the 16 A of their site; every instance shows the same allocation', async () => {
    const site = await createSite('Two instances');
    const [a, b] = [await addStation(site, cluster.servers[0]), await addStation(site, cluster.servers[1])];
    await startSession(a, 0);
    await expect.poll(() => a.limit, SETTLED).toBe(16);
    await startSession(b, 1);
    await expect.poll(site.limits, SETTLED).toEqual([8, 8]);
    expectNeverAbove(site);
    const expected = { [a.cp.identity]: 8, [b.cp.identity]: 8 };
    for (const server of cluster.servers) await expect.poll(() => allocation(server, site), SETTLED).toEqual(expected);

    // A stop on one instance gives the whole site to the session on the other.
    await stopSession(a, 500);
    await expect.poll(() => b.limit, SETTLED).toBe(16);
    expectNeverAbove(site);
    for (const server of cluster.servers) await expect.poll(() => allocation(server, site), SETTLED).toEqual({ [b.cp.identity]: 16 });
  });

  it('sessions starting at the same moment on two instances never hold more than the site together', async () => {
    const site = await createSite('Same moment');
    const [a, b] = [await addStation(site, cluster.servers[0]), await addStation(site, cluster.servers[1])];
    await Promise.all([startSession(a, 10), startSession(b, 10)]);
    await expect.poll(site.limits, SETTLED).toEqual([8, 8]);
    expectNeverAbove(site);
    for (const server of cluster.servers) await expect.poll(() => allocation(server, site), SETTLED).toEqual({ [a.cp.identity]: 8, [b.cp.identity]: 8 });
  });

  it('a charge point reconnecting to another instance mid-session gets its limit again; the sum holds meanwhile', async () => {
    const site = await createSite('Moving');
    const [a, b] = [await addStation(site, cluster.servers[0]), await addStation(site, cluster.servers[1])];
    await startSession(a, 20);
    await startSession(b, 21);
    await expect.poll(site.limits, SETTLED).toEqual([8, 8]);

    // Offline, `a` may still charge at the 8 A it accepted: it stays counted, so `b` gets no more.
    const before = a.profiles;
    await a.client.close({ force: true });
    await expect.poll(() => allocation(cluster.servers[2], site), SETTLED).toEqual({ [b.cp.identity]: 8 });
    expect(b.limit).toBe(8);

    await connect(site, a, cluster.servers[2]);
    await expect.poll(() => a.profiles, SETTLED).toBeGreaterThan(before);
    expect(site.limits()).toEqual([8, 8]);
    for (const server of cluster.servers) await expect.poll(() => allocation(server, site), SETTLED).toEqual({ [a.cp.identity]: 8, [b.cp.identity]: 8 });

    // Its session stops on the new instance: `b` (on another one) gets the whole site.
    await stopSession(a, 900);
    await expect.poll(() => b.limit, SETTLED).toBe(16);
    expectNeverAbove(site);
  });
});

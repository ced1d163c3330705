/**
 * Caches and limits across instances on one PostgreSQL database: what one
 * instance changes (a key revoked, a user deleted, a plan changed) stops
 * working on the others within a second, through the bus rather than the
 * caches' expiry; and a key's burst limit holds across instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, type Account, type ApiResponse } from '../helpers/api';
import { clusterAvailable, startCluster, type Cluster } from '../helpers/cluster';
import { registerChargePoint } from '../helpers/ocpp';
import type { TestServer } from '../helpers/server';

const POLL_MS = 50;
/** The figure: a change made on one instance holds on every instance within this. */
const WITHIN_MS = 1_000;

/**
 * Calls `request` on `server` every 50 ms until `refused` says so; resolves
 * with the milliseconds from `since` to the first refusing answer (giving up
 * after 5 s, which the caller's assertion then reports).
 */
async function msUntilRefused(server: TestServer, since: number, request: (server: TestServer) => Promise<ApiResponse>, refused: (r: ApiResponse) => boolean) {
  for (;;) {
    const response = await request(server);
    const at = performance.now();
    if (refused(response) || at - since > 5_000) return { ms: at - since, response };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe.skipIf(!clusterAvailable)('caches across three instances', () => {
  let cluster: Cluster;
  let first: TestServer;
  let others: TestServer[];
  let admin: Account;

  const setPlanLimits = async (change: (limits: any) => void) => {
    const limits = (await api(first, '/api/admin/plans', { cookie: admin.cookie })).body;
    change(limits);
    const saved = await api(first, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: limits });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  };

  /** From now on, every other instance answers `request` with `status`/`code` within WITHIN_MS. */
  const expectRefusedElsewhere = async (request: (server: TestServer) => Promise<ApiResponse>, status: number, code: string) => {
    const since = performance.now();
    const results = await Promise.all(others.map((server) => msUntilRefused(server, since, request, (r) => r.status === status)));
    for (const { ms, response } of results) {
      expectError(response, status, code);
      expect(ms).toBeLessThan(WITHIN_MS);
    }
  };

  /** A fresh user with a key that every instance has just authenticated (so each has it cached). */
  const userWithCachedKey = async () => {
    const account = await signUp(first);
    const key = await createApiKey(first, account.cookie, 'Home Assistant');
    for (const server of cluster.servers) expect((await usage(server, key.key)).status).toBe(200);
    return { account, key };
  };
  const usage = (server: TestServer, key: string) => api(server, '/api/me/api-usage', { key });
  /** Behind the `push` plan gate: 404 for this unknown vehicle when the plan includes push, else 403. */
  const registerPush = (server: TestServer, key: string) =>
    api(server, '/api/ha/webhook/register', {
      method: 'POST',
      key,
      body: { webhook_id: 'cluster-test', external_url: 'https://ha.example.com', vehicle_id: 'no-such-vehicle' },
    });

  beforeAll(async () => {
    cluster = await startCluster(3);
    [first, ...others] = cluster.servers;
    admin = await signUp(first);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('refuses a key revoked through one instance on the others within a second', async () => {
    const { account, key } = await userWithCachedKey();
    const revoked = await api(first, `/api/keys/${key.id}`, { method: 'DELETE', cookie: account.cookie });
    expect(revoked.status).toBe(204);
    await expectRefusedElsewhere((s) => usage(s, key.key), 401, 'invalid_api_key');
  });

  it('refuses the key of a user deleted through one instance on the others within a second', async () => {
    const { account, key } = await userWithCachedKey();
    const deleted = await api(first, '/api/me', { method: 'DELETE', cookie: account.cookie, body: { confirm: 'DELETE' } });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    await expectRefusedElsewhere((s) => usage(s, key.key), 401, 'invalid_api_key');
  });

  it('applies a changed plan on every instance within a second: the plan limits, then a tier an admin took back', async () => {
    // Without billing everyone has `tier_without_billing` (pro, with push) until an admin lowers it.
    const { key } = await userWithCachedKey();
    for (const server of cluster.servers) expectError(await registerPush(server, key.key), 404, 'not_found');
    await setPlanLimits((limits) => (limits.tier_without_billing = 'free'));
    await expectRefusedElsewhere((s) => registerPush(s, key.key), 403, 'plan_required');

    // An admin grants Pro, then takes it back: the user's cached row goes everywhere.
    const { account, key: second } = await userWithCachedKey();
    const grant = (tier: string) => api(first, `/api/admin/users/${account.user.id}`, { method: 'PATCH', cookie: admin.cookie, body: { tier } });
    expect((await grant('pro')).status).toBe(200);
    for (const server of cluster.servers) {
      const { response } = await msUntilRefused(server, performance.now(), (s) => registerPush(s, second.key), (r) => r.status === 404);
      expectError(response, 404, 'not_found');
    }
    expect((await grant('free')).status).toBe(200);
    await expectRefusedElsewhere((s) => registerPush(s, second.key), 403, 'plan_required');
  });
});

describe.skipIf(!clusterAvailable)('the burst limit across two instances', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('lets exactly the limit through in the minute, calls alternating between instances, then 429 on both', async () => {
    const [one, two] = cluster.servers;
    const admin = await signUp(one);
    const limits = (await api(one, '/api/admin/plans', { cookie: admin.cookie })).body;
    const saved = await api(one, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: { ...limits, burst_per_minute: 5 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // The other instance has dropped its cached limits once it shows the new one.
    for (;;) {
      if ((await api(two, '/api/admin/plans', { cookie: admin.cookie })).body.burst_per_minute === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const user = await signUp(one);
    const key = (await createApiKey(one, user.cookie, 'Home Assistant')).key;
    const chargePoint = await registerChargePoint(one, user.cookie, `burst-${Date.now()}`);
    const status = (server: TestServer) => api(server, `/api/ha/charge-points/${chargePoint.id}`, { key });

    const answers: ApiResponse[] = [];
    for (let i = 0; i < 10; i++) answers.push(await status(i % 2 === 0 ? one : two));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429]);
    for (const ok of answers.slice(0, 5)) {
      expect(ok.headers.get('x-ratelimit-limit')).not.toBeNull();
      expect(ok.headers.get('x-ratelimit-remaining')).not.toBeNull();
    }
    for (const refused of answers.slice(5)) {
      expect(expectError(refused, 429, 'burst_limit_exceeded').detail).toMatch(/5 calls a minute/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Refused calls cost nothing of the allowance.
    expect((await api(two, '/api/me/api-usage', { key })).body.current_calls).toBe(5);
  });
});

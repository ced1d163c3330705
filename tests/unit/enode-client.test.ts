import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '@/server/clock';
import { ENODE_VERSION, EnodeClient } from '@/server/enode/client';
import { EnodeError } from '@/server/enode/errors';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

let sim: EnodeSimulator;
let client: EnodeClient;
const USER = '00000000-0000-4000-8000-000000000001';
let vehicleId: string;

beforeAll(async () => {
  sim = await startEnodeSimulator();
  client = new EnodeClient({ apiUrl: sim.url, oauthUrl: sim.oauthUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, backoffMs: 10 });
  vehicleId = sim.linkVehicle(USER, 'KIA').id;
});
afterAll(async () => {
  await sim?.close();
});

let restoreClock: (() => void) | undefined;
afterEach(() => {
  restoreClock?.();
  restoreClock = undefined;
  sim.setLatency(0);
  sim.setOffline(false);
});

const tokenRequests = () => sim.count('POST', '/oauth2/token');

async function enodeError(promise: Promise<unknown>): Promise<EnodeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnodeError);
  return error as EnodeError;
}

describe('Enode client', () => {
  it('reads vehicles with the pinned Enode-Version and validates them', async () => {
    const [vehicle] = await client.listUserVehicles(USER);
    expect(vehicle).toMatchObject({ id: vehicleId, vendor: 'KIA', chargeState: { isPluggedIn: true } });
    expect((await client.getVehicle(vehicleId)).information?.brand).toBe('Kia');
    const apiRequests = sim.requests.filter((r) => r.path !== '/oauth2/token');
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(apiRequests.every((r) => r.enodeVersion === ENODE_VERSION)).toBe(true);
  });

  it('caches the token, renews it shortly before expiry and once on a 401', async () => {
    await client.getVehicle(vehicleId);
    const before = tokenRequests();
    await client.getVehicle(vehicleId);
    await client.getVehicle(vehicleId);
    expect(tokenRequests()).toBe(before);

    // 59 minutes on: inside the renewal margin of a 3599 s token.
    const later = Date.now() + 59 * 60_000;
    restoreClock = setClock(() => new Date(later));
    await client.getVehicle(vehicleId);
    expect(tokenRequests()).toBe(before + 1);

    sim.revokeTokens();
    const vehicle = await client.getVehicle(vehicleId);
    expect(vehicle.id).toBe(vehicleId);
    expect(tokenRequests()).toBe(before + 2);
  });

  it('retries 5xx and 429 with back-off, then gives up as unavailable', async () => {
    const path = `/vehicles/${vehicleId}`;
    let calls = sim.count('GET', path);
    sim.failNext(503);
    sim.failNext(429);
    await client.getVehicle(vehicleId);
    expect(sim.count('GET', path) - calls).toBe(3);

    calls = sim.count('GET', path);
    sim.failNext(500, 3);
    const error = await enodeError(client.getVehicle(vehicleId));
    expect(sim.count('GET', path) - calls).toBe(3);
    expect(error).toMatchObject({ status: 502, code: 'enode_unavailable', upstreamStatus: 500, unavailable: true });
  });

  it('does not retry a 4xx and passes Enode\'s reason on a 422', async () => {
    sim.vehicle(vehicleId)!.smartCharging = true;
    try {
      const calls = sim.count('POST', `/vehicles/${vehicleId}/charging`);
      const error = await enodeError(client.chargingAction(vehicleId, 'START'));
      expect(error).toMatchObject({ status: 422, code: 'enode_rejected', unavailable: false });
      expect(error.detail).toContain('Smart charging is enabled');
      expect(sim.count('POST', `/vehicles/${vehicleId}/charging`) - calls).toBe(1);
    } finally {
      sim.vehicle(vehicleId)!.smartCharging = false;
    }
    expect(await enodeError(client.getVehicle('no-such-vehicle'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('times out a slow answer', async () => {
    const impatient = new EnodeClient({ apiUrl: sim.url, oauthUrl: sim.oauthUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, timeoutMs: 100, retries: 0 });
    sim.setLatency(500);
    expect(await enodeError(impatient.getVehicle(vehicleId))).toMatchObject({ code: 'enode_unavailable', upstreamStatus: 0 });
  });

  it('reports refused client credentials without retrying forever', async () => {
    const wrong = new EnodeClient({ apiUrl: sim.url, oauthUrl: sim.oauthUrl, clientId: 'someone-else', clientSecret: 'wrong', backoffMs: 10 });
    expect(await enodeError(wrong.getVehicle(vehicleId))).toMatchObject({ status: 502, code: 'enode_auth_failed' });
  });

  it('starts charging actions that Enode confirms', async () => {
    const action = await client.chargingAction(vehicleId, 'START');
    expect(action).toMatchObject({ state: 'PENDING', kind: 'START', targetId: vehicleId });
    // A pending action of the same kind is reused.
    expect((await client.chargingAction(vehicleId, 'START')).id).toBe(action.id);
    await expect.poll(async () => (await client.getAction(action.id)).state, { timeout: 3000 }).toBe('CONFIRMED');
    expect((await client.getVehicle(vehicleId)).chargeState?.isCharging).toBe(true);
  });

  it('creates link sessions and manages webhooks', async () => {
    const link = await client.createLinkSession(USER, { redirectUri: 'http://127.0.0.1:1/vehicles/link/callback' });
    expect(link.linkUrl.startsWith(`${sim.url}/link/`)).toBe(true);

    const hook = await client.createWebhook({ url: 'http://127.0.0.1:1/api/webhooks/enode', secret: 'a'.repeat(32), events: ['*'] });
    expect(hook).toMatchObject({ isActive: true, events: ['*'] });
    expect((await client.listWebhooks()).map((h) => h.id)).toContain(hook.id);
    expect((await client.updateWebhook(hook.id, { events: ['user:vehicle:updated'] })).events).toEqual(['user:vehicle:updated']);
    expect((await client.testWebhook(hook.id)).status).toBe('FAILURE'); // nobody listens on port 1
    await client.deleteWebhook(hook.id);
    expect((await client.listWebhooks()).map((h) => h.id)).not.toContain(hook.id);

    await client.unlinkVendor(USER, 'TESLA');
    await client.deleteUser('00000000-0000-4000-8000-000000000099');
  });
});

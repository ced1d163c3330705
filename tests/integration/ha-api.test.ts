/**
 * The Home Assistant contract against the real server, with vehicles seeded
 * through Enode's webhooks (simulator): vehicles, status by either id,
 * owner isolation, metering and its headers, exact allowance under
 * concurrency, the burst limit, charging, sessions and odometer, refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { seedVehicle, startServerWithEnode, updateVehicle, type SimVehicle } from '../helpers/enode';
import { usingPostgres, type TestServer } from '../helpers/server';

let sim: EnodeSimulator;
let server: TestServer;
let admin: Account;
let alice: Account;
let bob: Account;
let aliceKey: string;
let bobKey: string;
let aliceCar: SimVehicle;
let aliceCarId: string;

async function setPlanLimits(change: (limits: any) => void) {
  const limits = (await api(server, '/api/admin/plans', { cookie: admin.cookie })).body;
  change(limits);
  const saved = await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: limits });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

beforeAll(async () => {
  sim = await startEnodeSimulator({ actionDelayMs: 200 });
  server = await startServerWithEnode(sim);
  admin = await signUp(server);
  alice = await signUp(server);
  bob = await signUp(server);
  aliceKey = (await createApiKey(server, alice.cookie, 'Home Assistant')).key;
  bobKey = (await createApiKey(server, bob.cookie, 'Home Assistant')).key;
  aliceCar = await seedVehicle(sim, alice.user.id, 'TESLA');
  await seedVehicle(sim, bob.user.id, 'KIA');
  aliceCarId = (await api(server, '/api/vehicles', { cookie: alice.cookie })).body.vehicles[0].id;
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

describe('vehicles', () => {
  it('/api/user/vehicles lists only the caller’s vehicles, with Enode’s id and names', async () => {
    const list = await api(server, '/api/user/vehicles', { key: aliceKey });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: aliceCar.id, enodeId: aliceCar.id, internalId: aliceCarId });
    expect(list.body[0].information.displayName).toEqual(expect.any(String));
    expect((await api(server, '/api/ha/vehicles', { key: aliceKey })).body).toEqual(list.body);
  });

  it('/api/status answers the same for either id, with the flat fields and Enode’s blocks', async () => {
    const byEnode = await api(server, `/api/status/${aliceCar.id}`, { key: aliceKey });
    expect(byEnode.status, JSON.stringify(byEnode.body)).toBe(200);
    const status = byEnode.body;
    const charge = aliceCar.chargeState as Record<string, unknown>;
    expect(status).toMatchObject({
      id: aliceCar.id,
      internalId: aliceCarId,
      batteryLevel: charge.batteryLevel,
      range: charge.range,
      isCharging: charge.isCharging,
      isPluggedIn: charge.isPluggedIn,
      chargingState: charge.powerDeliveryState,
      locationAvailable: true,
      stale: false,
    });
    expect(status.vehicleName).toBe(`${(aliceCar.information as any).brand} ${(aliceCar.information as any).model}`);
    expect(status.chargeState).toMatchObject({ batteryLevel: charge.batteryLevel, powerDeliveryState: charge.powerDeliveryState });
    expect(status.location).toMatchObject({ latitude: status.latitude, longitude: status.longitude });
    expect(status.capabilities.chargeState.isCapable).toBe(true);

    const byOurs = await api(server, `/api/ha/status/${aliceCarId}`, { key: aliceKey });
    expect({ ...byOurs.body, fetchedAt: null }).toEqual({ ...status, fetchedAt: null });
  });

  it('answers 404 for another user’s vehicle by either id, and for unknown ids, costing nothing', async () => {
    const before = (await api(server, '/api/me/api-usage', { key: bobKey })).body.current_calls;
    expectError(await api(server, `/api/status/${aliceCar.id}`, { key: bobKey }), 404, 'not_found');
    expectError(await api(server, `/api/status/${aliceCarId}`, { key: bobKey }), 404, 'not_found');
    expectError(await api(server, '/api/status/no-such-vehicle', { key: bobKey }), 404, 'not_found');
    expectError(await api(server, `/api/charging/${aliceCar.id}`, { method: 'POST', key: bobKey, body: { action: 'START' } }), 404, 'not_found');
    expect((await api(server, '/api/me/api-usage', { key: bobKey })).body.current_calls).toBe(before);
  });

  it('needs an API key: missing 401, revoked 401 with the contract’s detail', async () => {
    expectError(await api(server, `/api/status/${aliceCar.id}`), 401, 'unauthorized');
    const response = await api(server, `/api/status/${aliceCar.id}`, { key: 'evc_not-a-key' });
    expect(expectError(response, 401, 'invalid_api_key').detail).toBe('Invalid API key');
  });
});

describe('metering', () => {
  it('counts successful status calls and says what is left in the X-RateLimit headers', async () => {
    const before = (await api(server, '/api/me/api-usage', { key: aliceKey })).body;
    const first = await api(server, `/api/status/${aliceCar.id}`, { key: aliceKey });
    const second = await api(server, `/api/status/${aliceCar.id}`, { key: aliceKey });
    expect(Number(first.headers.get('x-ratelimit-limit'))).toBe(before.max_calls);
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBe(before.max_calls - before.current_calls - 1);
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(before.max_calls - before.current_calls - 2);
    expect(Number(first.headers.get('x-ratelimit-reset')) * 1000).toBe(Date.parse(before.resets_at));
    const after = (await api(server, '/api/me/api-usage', { key: aliceKey })).body;
    expect(after.current_calls).toBe(before.current_calls + 2);
    expect(after.daily.at(-1).calls).toBeGreaterThanOrEqual(2);
    // The signed-in web app is not metered.
    await api(server, `/api/status/${aliceCar.id}`, { cookie: alice.cookie });
    expect((await api(server, '/api/me/api-usage', { key: aliceKey })).body.current_calls).toBe(after.current_calls);
  });

  it('lets exactly the calls left through when 25 arrive at once, then 429 with Retry-After', async () => {
    const carol = await signUp(server);
    const key = (await createApiKey(server, carol.cookie, 'busy')).key;
    const car = await seedVehicle(sim, carol.user.id, 'VOLKSWAGEN');
    await setPlanLimits((limits) => {
      limits.pro.monthly_calls = 7;
      limits.burst_per_minute = 1000;
    });
    try {
      const responses = await Promise.all(Array.from({ length: 25 }, () => api(server, `/api/status/${car.id}`, { key })));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(7);
      expect(statuses.filter((s) => s === 429)).toHaveLength(18);
      const refused = responses.find((r) => r.status === 429)!;
      expect(expectError(refused, 429, 'rate_limit_exceeded').detail).toMatch(/^Rate limit exceeded for pro tier\./);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((await api(server, '/api/me/api-usage', { key })).body.current_calls).toBe(7);
    } finally {
      await setPlanLimits((limits) => {
        limits.pro.monthly_calls = 10_000;
        limits.burst_per_minute = 60;
      });
    }
  });

  it.runIf(usingPostgres)('stays exact with two server processes on one PostgreSQL database', async () => {
    const frank = await signUp(server);
    const key = (await createApiKey(server, frank.cookie, 'two instances')).key;
    const car = await seedVehicle(sim, frank.user.id, 'KIA');
    await setPlanLimits((limits) => {
      limits.pro.monthly_calls = 9;
      limits.burst_per_minute = 1000;
    });
    // Started after the change, so it reads the new limits.
    const second = await startServerWithEnode(sim, { dataFrom: server });
    try {
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) => api(i % 2 ? second : server, `/api/status/${car.id}`, { key })),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
      expect(responses.filter((r) => r.status === 429)).toHaveLength(21);
      expect((await api(server, '/api/me/api-usage', { key })).body.current_calls).toBe(9);
    } finally {
      await second.stop('SIGTERM', { keepData: true });
      await setPlanLimits((limits) => {
        limits.pro.monthly_calls = 10_000;
        limits.burst_per_minute = 60;
      });
    }
  });

  it('sees new vehicle data and an admin’s change on the very next call (no stale cache)', async () => {
    const erin = await signUp(server);
    const key = (await createApiKey(server, erin.cookie, 'fresh')).key;
    const car = await seedVehicle(sim, erin.user.id, 'KIA');
    expect((await api(server, `/api/status/${car.id}`, { key })).status).toBe(200);

    await updateVehicle(sim, erin.user.id, car, 42);
    expect((await api(server, `/api/status/${car.id}`, { key })).body.batteryLevel).toBe(42);

    const withdraw = await api(server, `/api/admin/users/${erin.user.id}`, { method: 'PATCH', cookie: admin.cookie, body: { is_approved: false } });
    expect(withdraw.status).toBe(200);
    expectError(await api(server, `/api/status/${car.id}`, { key }), 403, 'account_pending_approval');
    await api(server, `/api/admin/users/${erin.user.id}`, { method: 'PATCH', cookie: admin.cookie, body: { is_approved: true } });
    expect((await api(server, `/api/status/${car.id}`, { key })).status).toBe(200);
  });

  it('stops a key that polls too fast with its own 429, without spending the allowance', async () => {
    const dave = await signUp(server);
    const key = (await createApiKey(server, dave.cookie, 'loop')).key;
    const car = await seedVehicle(sim, dave.user.id, 'TESLA');
    await setPlanLimits((limits) => (limits.burst_per_minute = 3));
    try {
      for (let i = 0; i < 3; i++) expect((await api(server, `/api/status/${car.id}`, { key })).status).toBe(200);
      const refused = await api(server, `/api/status/${car.id}`, { key });
      expect(expectError(refused, 429, 'burst_limit_exceeded').detail).toMatch(/3 calls a minute/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await api(server, '/api/me/api-usage', { key })).body.current_calls).toBe(3);
    } finally {
      await setPlanLimits((limits) => (limits.burst_per_minute = 60));
    }
  });
});

describe('charging', () => {
  it('starts charging through Enode and returns the action', async () => {
    const response = await api(server, `/api/charging/${aliceCar.id}`, { method: 'POST', key: aliceKey, body: { action: 'START' } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'success', kind: 'START', state: expect.stringMatching(/PENDING|CONFIRMED/) });
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
  });

  it('validates the action (422)', async () => {
    const response = await api(server, `/api/ha/charging/${aliceCar.id}`, { method: 'POST', key: aliceKey, body: { action: 'GO' } });
    expect(expectError(response, 422, 'validation_failed').errors[0].path).toBe('body.action');
  });
});

describe('charging sessions and odometer', () => {
  it('lists sessions in the contract’s shape and validates the query', async () => {
    const response = await api(server, '/api/ha/charging/sessions?limit=5', { key: aliceKey });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ sessions: expect.any(Array), has_more: expect.any(Boolean) });
    expectError(await api(server, '/api/ha/charging/sessions?limit=0', { key: aliceKey }), 422, 'validation_failed');
    expectError(await api(server, '/api/ha/charging/sessions?limit=201', { key: aliceKey }), 422, 'validation_failed');
    expectError(await api(server, '/api/ha/charging/sessions?since=yesterday', { key: aliceKey }), 422, 'validation_failed');
  });

  it('lists a charging session Enode’s updates made, and records the odometer on it', async () => {
    const erin = await signUp(server);
    const key = (await createApiKey(server, erin.cookie, 'Home Assistant')).key;
    const car = await seedVehicle(sim, erin.user.id, 'KIA');
    expect((await api(server, `/api/ha/charging/${car.id}/odometer`, { method: 'POST', key, body: { odometer_km: 100 } })).status).toBe(404);
    const plugged = { isPluggedIn: true, powerDeliveryState: 'PLUGGED_IN:CHARGING', isCharging: true, chargeRate: 11 };
    await updateVehicle(sim, erin.user.id, car, { ...plugged, batteryLevel: 40 }, 60);
    await updateVehicle(sim, erin.user.id, car, { ...plugged, batteryLevel: 50 }, 1860);
    await updateVehicle(sim, erin.user.id, car, { isPluggedIn: true, isCharging: false, chargeRate: 0, powerDeliveryState: 'PLUGGED_IN:COMPLETE', batteryLevel: 50 }, 3660);

    const listed = await api(server, '/api/ha/charging/sessions?since=2020-01-01T00:00:00Z', { key });
    expect(listed.status).toBe(200);
    expect(listed.body.has_more).toBe(false);
    expect(listed.body.sessions).toHaveLength(1);
    const [session] = listed.body.sessions;
    expect(session).toMatchObject({ battery_level_end: expect.any(Number), end_time: expect.any(String) });
    expect(session.energy_added_kwh).toBeGreaterThan(0);
    // Nothing after its start.
    expect((await api(server, `/api/ha/charging/sessions?since=${encodeURIComponent(session.start_time)}`, { key })).body.sessions).toEqual([]);

    const odometer = await api(server, `/api/ha/charging/${car.id}/odometer`, { method: 'POST', key, body: { odometer_km: 12345.6 } });
    expect(odometer.status, JSON.stringify(odometer.body)).toBe(200);
    expect(odometer.body).toMatchObject({ status: 'success', session_id: session.session_id, odometer_km: 12345.6 });
  });

  it('refuses a non-positive odometer (422) and another user’s vehicle (404)', async () => {
    const path = `/api/ha/charging/${aliceCar.id}/odometer`;
    expectError(await api(server, path, { method: 'POST', key: aliceKey, body: { odometer_km: 0 } }), 422, 'validation_failed');
    expectError(await api(server, path, { method: 'POST', key: bobKey, body: { odometer_km: 1234 } }), 404, 'not_found');
  });
});

describe('refresh', () => {
  it('fetches the caller’s vehicles from Enode now', async () => {
    const fetchesBefore = sim.count('GET', `/vehicles/${aliceCar.id}`);
    const response = await api(server, '/api/ha/refresh', { method: 'POST', key: aliceKey, body: {} });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ status: 'success', refreshed: 1, vehicles: [{ id: aliceCar.id }] });
    expect(sim.count('GET', `/vehicles/${aliceCar.id}`)).toBe(fetchesBefore + 1);
  });
});

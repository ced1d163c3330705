/**
 * Vehicles through Enode, end to end: the real server against the Enode
 * simulator over real HTTP (link flow, vehicles API, charging, refresh,
 * webhooks).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

const SECRET = randomBytes(24).toString('hex');

let sim: EnodeSimulator;
let server: TestServer;
let alice: Account;
let bob: Account;
/** Alice's linked vehicle (our id and Enode's). */
let car: { id: string; enodeId: string };

beforeAll(async () => {
  sim = await startEnodeSimulator({ actionDelayMs: 200 });
  server = await startServer({ env: sim.env(SECRET) });
  // The server subscribes itself at start (the webhook health job).
  await server.waitForLog((entry) => entry.msg === 'Enode webhook subscription created');
  alice = await signUp(server);
  bob = await signUp(server);
  // Without Stripe everyone gets `tier_without_billing` (default pro): these tests start from Free.
  const plans = (await api(server, '/api/admin/plans', { cookie: alice.cookie })).body;
  const freeByDefault = await api(server, '/api/admin/plans', { method: 'PUT', cookie: alice.cookie, body: { ...plans, tier_without_billing: 'free' } });
  expect(freeByDefault.status, JSON.stringify(freeByDefault.body)).toBe(200);
  // Alice (the first account: admin) is on Pro: two vehicles and charging control. Bob stays on Free.
  const upgraded = await api(server, `/api/admin/users/${alice.user.id}`, { method: 'PATCH', cookie: alice.cookie, body: { tier: 'pro' } });
  expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

/** Goes through Enode's Link UI as the user would and follows the redirect back. */
async function linkThroughUi(account: Account, decision: 'approve' | 'cancel', vendor = 'TESLA') {
  const started = await api(server, '/api/vehicles/link', { method: 'POST', cookie: account.cookie, body: {} });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const linkUrl: string = started.body.link_url;
  expect(linkUrl.startsWith(`${sim.url}/link/`)).toBe(true);
  const page = await fetch(linkUrl);
  expect(await page.text()).toContain('Link your vehicle');
  const answer = await fetch(linkUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ vendor, decision }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  const back = new URL(answer.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(`${server.url}/vehicles/link/callback`);
  const callback = await api(server, back.pathname + back.search, { cookie: account.cookie });
  expect(callback.status).toBe(303);
  return new URL(callback.headers.get('location')!, server.url);
}

async function postWebhook(
  events: unknown[],
  options: { deliveryId?: string; secret?: string; signature?: string | null; body?: string } = {},
) {
  const body = options.body ?? JSON.stringify(events);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-enode-delivery': options.deliveryId ?? randomUUID() };
  const signature = options.signature === undefined ? sim.sign(JSON.stringify(events), options.secret ?? SECRET) : options.signature;
  if (signature !== null) headers['x-enode-signature'] = signature;
  return api(server, '/api/webhooks/enode', { method: 'POST', body, headers, origin: null });
}

const vehicleOf = async (account: Account, id: string) => api(server, `/api/vehicles/${id}`, { cookie: account.cookie });

/** Alice's vehicle as Enode would send it in an event, with changes. */
async function enodeVehicle(changes: { lastSeen: string; batteryLevel: number }) {
  const current = (await vehicleOf(alice, car.id)).body.enode;
  return { ...current, lastSeen: changes.lastSeen, chargeState: { ...current.chargeState, batteryLevel: changes.batteryLevel } };
}
const updated = <V>(userId: string, vehicle: V) => ({
  event: 'user:vehicle:updated',
  createdAt: new Date().toISOString(),
  version: '2024-10-01',
  user: { id: userId },
  vehicle,
});

describe('linking', () => {
  it('fetches the vehicles at once when the user approves', async () => {
    const target = await linkThroughUi(alice, 'approve');
    expect(target.pathname).toBe('/dashboard');
    expect(Object.fromEntries(target.searchParams)).toEqual({ vehicle_link: 'linked', vehicles: '1' });

    const list = await api(server, '/api/vehicles', { cookie: alice.cookie });
    expect(list.status).toBe(200);
    expect(list.body.vehicles).toHaveLength(1);
    const [vehicle] = list.body.vehicles;
    expect(vehicle).toMatchObject({ vendor: 'TESLA', brand: 'Tesla', display_name: 'Tesla Model 3', is_plugged_in: true });
    expect(vehicle.battery_level).toBeGreaterThan(0);
    expect(vehicle.enode).toMatchObject({ id: vehicle.enode_vehicle_id, chargeState: expect.any(Object) });
    expect(list.body.links).toEqual([expect.objectContaining({ vendor: 'TESLA', status: 'active' })]);
    car = { id: vehicle.id, enodeId: vehicle.enode_vehicle_id };
  });

  it("passes Enode's error on when the user cancels", async () => {
    const target = await linkThroughUi(bob, 'cancel');
    expect(target.pathname).toBe('/dashboard');
    expect(target.searchParams.get('vehicle_link')).toBe('failed');
    expect(target.searchParams.get('vehicle_link_error')).toBe('The user cancelled linking');
    expect((await api(server, '/api/vehicles', { cookie: bob.cookie })).body.vehicles).toEqual([]);
  });

  it('says so when Enode is down on the way back', async () => {
    sim.setOffline(true);
    try {
      const callback = await api(server, '/vehicles/link/callback', { cookie: bob.cookie });
      expect(callback.status).toBe(303);
      const target = new URL(callback.headers.get('location')!, server.url);
      expect(target.searchParams.get('vehicle_link')).toBe('failed');
      expect(target.searchParams.get('vehicle_link_error')).toContain('Enode is not reachable');
    } finally {
      sim.setOffline(false);
    }
  });

  it('needs a signed-in user', async () => {
    expectError(await api(server, '/api/vehicles/link', { method: 'POST', body: {} }), 401, 'unauthorized');
    expectError(await api(server, '/api/vehicles'), 401, 'unauthorized');
  });
});

describe('vehicles API', () => {
  it('finds a vehicle by our id or by the Enode id', async () => {
    expect((await vehicleOf(alice, car.id)).body.id).toBe(car.id);
    expect((await vehicleOf(alice, car.enodeId)).body.id).toBe(car.id);
  });

  it("answers 404 for someone else's vehicle, whatever the call", async () => {
    for (const id of [car.id, car.enodeId]) {
      expectError(await vehicleOf(bob, id), 404, 'not_found');
      expectError(await api(server, `/api/vehicles/${id}/refresh`, { method: 'POST', cookie: bob.cookie }), 404, 'not_found');
      expectError(
        await api(server, `/api/vehicles/${id}/charging`, { method: 'POST', cookie: bob.cookie, body: { action: 'START' } }),
        404,
        'not_found',
      );
      expectError(await api(server, `/api/vehicles/${id}`, { method: 'DELETE', cookie: bob.cookie }), 404, 'not_found');
    }
    expect((await api(server, '/api/vehicles', { cookie: bob.cookie })).body.vehicles).toEqual([]);
    expect(sim.vehicle(car.enodeId)).toBeDefined();
  });

  it('refreshes concurrently with a single upstream fetch', async () => {
    const path = `/vehicles/${car.enodeId}`;
    const before = sim.count('GET', path);
    sim.setLatency(400);
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => api(server, `/api/vehicles/${car.id}/refresh`, { method: 'POST', cookie: alice.cookie })),
      );
      for (const answer of answers) expect(answer.body).toMatchObject({ id: car.id, stale: false });
    } finally {
      sim.setLatency(0);
    }
    expect(sim.count('GET', path) - before).toBe(1);
  });

  it('serves the cached vehicle when Enode is down', async () => {
    const cached = (await vehicleOf(alice, car.id)).body;
    sim.setOffline(true);
    try {
      const refreshed = await api(server, `/api/vehicles/${car.id}/refresh`, { method: 'POST', cookie: alice.cookie });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({ id: car.id, stale: true, battery_level: cached.battery_level, last_seen: cached.last_seen });
    } finally {
      sim.setOffline(false);
    }
  });

  it('starts charging and follows the action to CONFIRMED through the webhook', async () => {
    const started = await api(server, `/api/vehicles/${car.enodeId}/charging`, {
      method: 'POST',
      cookie: alice.cookie,
      body: { action: 'START' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ vehicle_id: car.id, kind: 'START', state: 'PENDING' });

    // The simulator confirms after 200 ms and delivers user:vendor-action:updated to our webhook.
    await expect.poll(() => sim.deliveries.some((d) => d.events.some((e) => (e as { event: string }).event === 'user:vendor-action:updated')), { timeout: 5000 }).toBe(true);
    await sim.settled();
    expect(sim.deliveries.every((d) => d.status === 200)).toBe(true);
    const action = await api(server, `/api/vehicles/${car.id}/actions/${started.body.id}`, { cookie: alice.cookie });
    expect(action.body).toMatchObject({ id: started.body.id, state: 'CONFIRMED' });
    expect(sim.count('GET', `/vehicles/actions/${started.body.enode_action_id}`)).toBe(0); // the webhook did it
    expect((await vehicleOf(alice, car.id)).body.is_charging).toBe(true);
  });

  it("passes Enode's reason on when it refuses the action", async () => {
    sim.vehicle(car.enodeId)!.smartCharging = true;
    try {
      const refused = await api(server, `/api/vehicles/${car.id}/charging`, { method: 'POST', cookie: alice.cookie, body: { action: 'STOP' } });
      expect(expectError(refused, 422, 'enode_rejected').detail).toContain('Smart charging is enabled');
    } finally {
      sim.vehicle(car.enodeId)!.smartCharging = false;
    }
    expectError(
      await api(server, `/api/vehicles/${car.id}/charging`, { method: 'POST', cookie: alice.cookie, body: { action: 'PAUSE' } }),
      422,
      'validation_failed',
    );
  });
});

describe('Enode webhooks', () => {
  it('refuse missing, wrong-secret, malformed and tampered signatures and store nothing', async () => {
    const event = updated(alice.user.id, await enodeVehicle({ lastSeen: new Date(Date.now() + 60_000).toISOString(), batteryLevel: 11 }));
    const deliveryId = randomUUID();
    const tampered = JSON.stringify([{ ...event, vehicle: { ...event.vehicle, chargeState: { ...event.vehicle.chargeState, batteryLevel: 12 } } }]);
    const refusals = [
      await postWebhook([event], { deliveryId, signature: null }),
      await postWebhook([event], { deliveryId, secret: 'not-our-secret-at-all' }),
      await postWebhook([event], { deliveryId, signature: 'sha1=nothex' }),
      await postWebhook([event], { deliveryId, body: tampered }),
    ];
    for (const refused of refusals) expectError(refused, 401, 'invalid_signature');
    expect((await vehicleOf(alice, car.id)).body.battery_level).not.toBe(11);

    // Nothing was stored under that delivery id: the genuine delivery is new.
    const genuine = await postWebhook([event], { deliveryId });
    expect(genuine.body).toEqual({ received: 1, duplicates: 0 });
    expect((await vehicleOf(alice, car.id)).body.battery_level).toBe(11);
  });

  it('apply the newest lastSeen, whatever order they arrive in', async () => {
    const base = Date.now() + 120_000;
    const newer = await enodeVehicle({ lastSeen: new Date(base + 10_000).toISOString(), batteryLevel: 90 });
    const older = await enodeVehicle({ lastSeen: new Date(base).toISOString(), batteryLevel: 10 });
    expect((await postWebhook([updated(alice.user.id, newer)])).status).toBe(200);
    expect((await postWebhook([updated(alice.user.id, older)])).status).toBe(200);
    const vehicle = (await vehicleOf(alice, car.id)).body;
    expect(vehicle).toMatchObject({ battery_level: 90, last_seen: new Date(base + 10_000).toISOString() });
  });

  it('acknowledge a batch of 100 within Enode\'s 5 seconds, and a redelivery changes nothing', async () => {
    const base = Date.now() + 240_000;
    const current = await enodeVehicle({ lastSeen: new Date(base).toISOString(), batteryLevel: 0 });
    const events = Array.from({ length: 100 }, (_, i) =>
      i % 4 === 0
        ? { event: 'system:heartbeat', createdAt: new Date().toISOString() }
        : updated(alice.user.id, { ...current, lastSeen: new Date(base + i * 1000).toISOString(), chargeState: { ...current.chargeState, batteryLevel: i } }),
    );
    const deliveryId = randomUUID();
    const started = performance.now();
    const first = await postWebhook(events, { deliveryId });
    const elapsed = performance.now() - started;
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 100, duplicates: 0 });
    // Enode's own limit; the speed target itself is bench/enode-webhook's.
    expect(elapsed).toBeLessThan(5000);
    expect((await vehicleOf(alice, car.id)).body.battery_level).toBe(99);

    const again = await postWebhook(events, { deliveryId });
    expect(again.body).toEqual({ received: 100, duplicates: 100 });
  });

  it('a signed body resent under a new delivery id changes nothing (events are the same by content)', async () => {
    const seen = new Date(Date.now() + 300_000).toISOString();
    const events = [
      updated(alice.user.id, await enodeVehicle({ lastSeen: seen, batteryLevel: 44 })),
      { event: 'user:credentials:invalidated', user: { id: bob.user.id }, vendor: 'TESLA' },
    ];
    expect((await postWebhook(events)).body).toEqual({ received: 2, duplicates: 0 });
    const replayed = await postWebhook(events, { deliveryId: randomUUID() });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ received: 2, duplicates: 2 });
    // Enode's own resend of the same state, in a new envelope, is the same event too.
    const resent = { ...events[0], createdAt: new Date(Date.now() + 1000).toISOString() };
    expect((await postWebhook([resent])).body).toEqual({ received: 1, duplicates: 1 });
  });

  it('acknowledge heartbeats, tests, unknown events and events of unknown users', async () => {
    const answer = await postWebhook([
      { event: 'system:heartbeat', createdAt: new Date().toISOString() },
      { event: 'enode:webhook:test', createdAt: new Date().toISOString() },
      { event: 'user:charger:updated', user: { id: alice.user.id }, charger: { id: 'c1' } },
      updated(randomUUID(), { id: 'somebody-elses-car', lastSeen: new Date().toISOString() }),
      { event: 'user:vendor-action:updated', user: { id: alice.user.id }, vendorAction: { id: 'unknown', state: 'FAILED', kind: 'START', targetId: car.enodeId } },
    ]);
    expect(answer.body).toEqual({ received: 5, duplicates: 0 });
    expectError(await postWebhook([], {}), 422, 'validation_failed');
    expectError(await postWebhook([], { body: 'not json', signature: sim.sign('not json', SECRET) }), 400, 'invalid_json');
  });

  it("never move a vehicle to another user", async () => {
    const stolen = await enodeVehicle({ lastSeen: new Date(Date.now() + 3_600_000).toISOString(), batteryLevel: 1 });
    expect((await postWebhook([updated(bob.user.id, stolen)])).status).toBe(200);
    expect((await vehicleOf(alice, car.id)).body.battery_level).not.toBe(1);
    expect((await api(server, '/api/vehicles', { cookie: bob.cookie })).body.vehicles).toEqual([]);
  });

  it('mark the link broken when Enode invalidates the credentials', async () => {
    await postWebhook([{ event: 'user:credentials:invalidated', user: { id: alice.user.id }, vendor: 'TESLA' }]);
    const { links } = (await api(server, '/api/vehicles', { cookie: alice.cookie })).body;
    expect(links).toEqual([expect.objectContaining({ vendor: 'TESLA', status: 'broken' })]);
  });

  it('forget a deleted vehicle, and discover a new one', async () => {
    const other = sim.linkVehicle(alice.user.id, 'VOLKSWAGEN');
    await postWebhook([{ event: 'user:vehicle:discovered', user: { id: alice.user.id }, vehicle: other }]);
    expect((await vehicleOf(alice, other.id)).body).toMatchObject({ enode_vehicle_id: other.id, vendor: 'VOLKSWAGEN' });

    await postWebhook([{ event: 'user:vehicle:deleted', user: { id: alice.user.id }, vehicle: { id: other.id } }]);
    expectError(await vehicleOf(alice, other.id), 404, 'not_found');

    // Within one delivery, events apply in order.
    const brief = sim.linkVehicle(alice.user.id, 'KIA');
    await postWebhook([
      { event: 'user:vehicle:discovered', user: { id: alice.user.id }, vehicle: brief },
      { event: 'user:vehicle:deleted', user: { id: alice.user.id }, vehicle: { id: brief.id } },
    ]);
    expectError(await vehicleOf(alice, brief.id), 404, 'not_found');
  });
});

describe('the count on the way back', () => {
  it('is the vehicles this link added, not all the account has', async () => {
    const dave = await signUp(server);
    const first = await linkThroughUi(dave, 'approve', 'TESLA');
    expect(Object.fromEntries(first.searchParams)).toEqual({ vehicle_link: 'linked', vehicles: '1' });
    // Linking the same brand again renews the link and adds nothing.
    const again = await linkThroughUi(dave, 'approve', 'TESLA');
    expect(Object.fromEntries(again.searchParams)).toEqual({ vehicle_link: 'linked', vehicles: '0' });
    expect((await api(server, '/api/vehicles', { cookie: dave.cookie })).body.vehicles).toHaveLength(1);
  });
});

describe('plan gates', () => {
  it('stores no vehicle beyond the plan, and says so on the way back', async () => {
    const carol = await signUp(server);
    expect((await linkThroughUi(carol, 'approve', 'KIA')).searchParams.get('vehicle_link')).toBe('linked');
    const target = await linkThroughUi(carol, 'approve', 'TESLA');
    // This link added none (the one it brought was refused); KIA was linked before.
    expect(Object.fromEntries(target.searchParams)).toMatchObject({ vehicle_link: 'linked', vehicles: '0', over_limit: '1' });
    expect(target.searchParams.get('vehicle_link_notice')).toMatch(/free plan allows 1 linked vehicle.*Upgrade/);
    const { vehicles } = (await api(server, '/api/vehicles', { cookie: carol.cookie })).body;
    expect(vehicles).toEqual([expect.objectContaining({ vendor: 'KIA' })]);

    // Discovered by webhook: the same rule.
    const third = sim.linkVehicle(carol.user.id, 'VOLKSWAGEN');
    await postWebhook([{ event: 'user:vehicle:discovered', user: { id: carol.user.id }, vehicle: third }]);
    expectError(await vehicleOf(carol, third.id), 404, 'not_found');
    // Updates of the vehicle already stored still apply.
    const kia = vehicles[0].enode;
    await postWebhook([updated(carol.user.id, { ...kia, lastSeen: new Date(Date.now() + 5000).toISOString(), chargeState: { ...kia.chargeState, batteryLevel: 33 } })]);
    expect((await vehicleOf(carol, kia.id)).body.battery_level).toBe(33);

    // Charging control is not in Free; ownership is still checked first.
    const refused = await api(server, `/api/vehicles/${kia.id}/charging`, { method: 'POST', cookie: carol.cookie, body: { action: 'START' } });
    expect(expectError(refused, 403, 'plan_required').detail).toMatch(/Charging control is not included in the free plan/);
  });
});

describe('charging sessions', () => {
  it('derives a DC session from battery levels alone, costs it, and exports CSV', async () => {
    expect((await api(server, '/api/ha/electricity-rate', { method: 'POST', cookie: alice.cookie, body: { cost_per_kwh: 0.5, currency: 'EUR' } })).status).toBe(200);
    const base = Date.now() + 7_200_000;
    const current = (await vehicleOf(alice, car.id)).body.enode;
    const state = (minutes: number, batteryLevel: number) => ({
      ...current,
      lastSeen: new Date(base + minutes * 60_000).toISOString(),
      odometer: { distance: 20_000 + minutes },
      chargeState: { ...current.chargeState, batteryLevel, batteryCapacity: 75, isCharging: null, chargeRate: null, powerDeliveryState: null, isPluggedIn: false },
    });
    // Alice wants to hear when a session finishes (e-mail; without SMTP_URL the outbox records it as skipped).
    const chosen = await api(server, '/api/notifications/preferences', {
      method: 'PUT',
      cookie: alice.cookie,
      body: { events: { session_finished: { email: true } }, ntfy_url: null, quiet_hours: null, time_zone: 'UTC' },
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    // A 20-minute fast charge the car reports only through its battery level, then a drive.
    for (const [minutes, level] of [[0, 20], [5, 35], [10, 50], [20, 70], [90, 66]] as const) {
      expect((await postWebhook([updated(alice.user.id, state(minutes, level))])).status).toBe(200);
    }
    // The session's end is told (with the earlier tests' sessions, whose samples are dated ahead too), once each,
    // however often the samples come again.
    const toldSessions = async () => {
      const { deliveries } = (await api(server, '/api/notifications/history', { cookie: alice.cookie })).body;
      return (deliveries as Array<Record<string, any>>).filter((d) => d.kind === 'vehicle_session_finished');
    };
    let told: Array<Record<string, any>> = [];
    for (let i = 0; i < 50 && told.length === 0; i++, await new Promise((r) => setTimeout(r, 200))) told = await toldSessions();
    expect(told[0]).toMatchObject({ title: 'Tesla Model 3 finished charging', channel: 'email' });
    await new Promise((r) => setTimeout(r, 1500));
    const count = (await toldSessions()).length;
    expect((await postWebhook([updated(alice.user.id, state(90, 66))])).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await toldSessions()).toHaveLength(count);
    const { sessions } = (await api(server, `/api/vehicles/${car.id}/sessions`, { cookie: alice.cookie })).body;
    expect(sessions[0]).toMatchObject({
      start_time: new Date(base).toISOString(),
      end_time: new Date(base + 20 * 60_000).toISOString(),
      battery_level_start: 20,
      battery_level_end: 70,
      energy_added_kwh: 37.5,
      cost_per_kwh: 0.5,
      total_cost: 18.75,
      currency: 'EUR',
      odometer_km: 20_020,
    });
    const csv = await api(server, `/api/vehicles/${car.id}/sessions?format=csv`, { cookie: alice.cookie });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, first] = (csv.body as string).split('\r\n');
    expect(header).toBe('start_time,end_time,energy_added_kwh,battery_level_start,battery_level_end,cost_per_kwh,total_cost,currency,latitude,longitude,odometer_km');
    expect(first).toContain(`${new Date(base).toISOString()},${new Date(base + 20 * 60_000).toISOString()},37.5,20,70,0.5,18.75,EUR`);
    expectError(await api(server, `/api/vehicles/${car.id}/sessions`, { cookie: bob.cookie }), 404, 'not_found');

    const { samples } = (await api(server, `/api/vehicles/${car.id}/samples?hours=72`, { cookie: alice.cookie })).body;
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });
});

describe('update strategy', () => {
  it('validates, and only for the owner', async () => {
    const patch = (account: Account, body: unknown) => api(server, `/api/vehicles/${car.id}`, { method: 'PATCH', cookie: account.cookie, body });
    expectError(await patch(alice, { update_strategy: 'sometimes' }), 422, 'validation_failed');
    expectError(await patch(alice, { update_strategy: 'poll', poll_interval_minutes: 0 }), 422, 'validation_failed');
    expectError(await patch(bob, { update_strategy: 'manual' }), 404, 'not_found');
    expect((await patch(alice, { update_strategy: 'manual', poll_interval_minutes: 5 })).body).toMatchObject({
      update_strategy: 'manual',
      poll_interval_minutes: null,
    });
  });

  it('polls a vehicle set to poll through the server-side poller', { timeout: 100_000 }, async () => {
    const path = `/vehicles/${car.enodeId}`;
    const before = sim.count('GET', path);
    const answer = await api(server, `/api/vehicles/${car.id}`, { method: 'PATCH', cookie: alice.cookie, body: { update_strategy: 'poll', poll_interval_minutes: 1 } });
    expect(answer.body).toMatchObject({ update_strategy: 'poll', poll_interval_minutes: 1 });
    await expect.poll(() => sim.count('GET', path), { timeout: 90_000, interval: 1000 }).toBeGreaterThan(before);
    await api(server, `/api/vehicles/${car.id}`, { method: 'PATCH', cookie: alice.cookie, body: { update_strategy: 'webhook' } });
  });
});

describe('unlinking', () => {
  it('unlinks the vendor at Enode and forgets its vehicles', async () => {
    expect((await api(server, `/api/vehicles/${car.id}`, { method: 'DELETE', cookie: alice.cookie })).status).toBe(204);
    expect(sim.vehicle(car.enodeId)).toBeUndefined();
    const { vehicles, links } = (await api(server, '/api/vehicles', { cookie: alice.cookie })).body;
    expect(vehicles).toEqual([]);
    expect(links).toEqual([expect.objectContaining({ vendor: 'TESLA', status: 'unlinked' })]);
  });
});

describe('account deletion', () => {
  it('deletes the user at Enode too', async () => {
    const carol = await signUp(server);
    const vehicle = sim.linkVehicle(carol.user.id, 'KIA');
    await postWebhook([{ event: 'user:vehicle:discovered', user: { id: carol.user.id }, vehicle }]);
    expect((await vehicleOf(carol, vehicle.id)).status).toBe(200);

    const deleted = await api(server, '/api/me', { method: 'DELETE', cookie: carol.cookie, body: { confirm: 'DELETE' } });
    expect(deleted.status).toBe(200);
    expect(sim.count('DELETE', `/users/${carol.user.id}`)).toBe(1);
    expect(sim.vehicle(vehicle.id)).toBeUndefined();
  });

  it('leaves Enode alone for users without vehicles', async () => {
    const dave = await signUp(server);
    await api(server, '/api/me', { method: 'DELETE', cookie: dave.cookie, body: { confirm: 'DELETE' } });
    expect(sim.count('DELETE', `/users/${dave.user.id}`)).toBe(0);
  });
});

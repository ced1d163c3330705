/**
 * The car on the charger and the charging planner, end to end: real OCPP
 * clients (1.6 and 2.0.1, strict schema validation: a profile that is not
 * valid for the version never reaches the handler), the Enode simulator's
 * webhooks for the cars, Home Assistant's price push with an API key.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { seedVehicle, startServerWithEnode, updateVehicle, vehicleEvent, type SimVehicle } from '../helpers/enode';
import { bootedCharger, registerChargePoint, type OcppProtocol, type RegisteredChargePoint } from '../helpers/ocpp';
import type { TestServer } from '../helpers/server';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

let sim: EnodeSimulator;
let server: TestServer;
let alice: Account;
let bob: Account;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  sim = await startEnodeSimulator();
  server = await startServerWithEnode(sim);
  alice = await signUp(server);
  bob = await signUp(server);
});
afterAll(async () => {
  await Promise.all(openClients.map((c) => c.close({ force: true })));
  await server?.stop();
  await sim?.close();
});

const hex = () => randomBytes(4).toString('hex');
type Any = Record<string, any>;

interface Station {
  cp: RegisteredChargePoint;
  protocol: OcppProtocol;
  client: RPCClient;
  /** Every TxProfile received, as sent. */
  profiles: Any[];
}

async function station(owner: Account, protocol: OcppProtocol, siteId: string): Promise<Station> {
  const cp = await registerChargePoint(server, owner.cookie, `plan-${hex()}`);
  expect((await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: siteId } })).status).toBe(200);
  const client = await bootedCharger(server, cp, protocol);
  openClients.push(client);
  const s: Station = { cp, protocol, client, profiles: [] };
  client.handle('SetChargingProfile', async ({ params = {} }: { params?: Any }) => {
    s.profiles.push(protocol === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile);
    return { status: 'Accepted' };
  });
  client.handle('ClearChargingProfile', async () => ({ status: 'Accepted' }));
  return s;
}

async function start(s: Station, idTag = 'PLAN'): Promise<string | number> {
  const timestamp = new Date().toISOString();
  if (s.protocol === 'ocpp1.6') {
    await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    return ((await s.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: 0, timestamp })) as { transactionId: number }).transactionId;
  }
  const transactionId = `plan-${hex()}`;
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

async function stop(s: Station, id: string | number) {
  const timestamp = new Date().toISOString();
  if (s.protocol === 'ocpp1.6') await s.client.call('StopTransaction', { transactionId: id, meterStop: 5000, timestamp });
  else
    await s.client.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp,
      triggerReason: 'EVCommunicationLost',
      seqNo: 1,
      transactionInfo: { transactionId: id, stoppedReason: 'EVDisconnected' },
    });
}

const carOf = async (owner: Account, s: Station) => {
  const r = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { cookie: owner.cookie });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.sessions[0] as Any | undefined;
};
const ourVehicleId = async (owner: Account, enodeId: string) =>
  ((await api(server, `/api/vehicles/${enodeId}`, { cookie: owner.cookie })).body as Any).id as string;

/** Hourly slots from the next whole hour with these prices. */
const hourlySlots = (prices: number[]) => {
  const first = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return prices.map((p, i) => ({ start: new Date(first + i * 3_600_000).toISOString(), end: new Date(first + (i + 1) * 3_600_000).toISOString(), price_per_kwh: p }));
};

/** The periods of a received profile's schedule as [from, to, limit] in absolute ms. */
function periodsOf(profile: Any, protocol: OcppProtocol) {
  const schedule = protocol === 'ocpp1.6' ? profile.chargingSchedule : profile.chargingSchedule[0];
  const t0 = Date.parse(schedule.startSchedule);
  return (schedule.chargingSchedulePeriod as Any[]).map((p) => ({ at: t0 + p.startPeriod * 1000, limit: p.limit as number }));
}

describe('the car on the charger', () => {
  it('two cars plugged in: no guess, the user picks; a default vehicle is matched next time; the vehicle lists the session', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: alice.cookie, body: { name: 'Home', max_current_a: 32 } })).body;
    const s = await station(alice, 'ocpp2.0.1', site.id);
    const [a, b] = [await seedVehicle(sim, alice.user.id, 'TESLA'), await seedVehicle(sim, alice.user.id, 'KIA')];
    const tx = await start(s);
    await expect.poll(async () => (await carOf(alice, s))?.match).toBe('ambiguous');
    expect((await carOf(alice, s))?.vehicle_id).toBeNull();

    const aId = await ourVehicleId(alice, a.id);
    const picked = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: alice.cookie, body: { vehicle_id: aId, default_vehicle_id: aId } });
    expect(picked.status, JSON.stringify(picked.body)).toBe(200);
    expect(picked.body.sessions[0]).toMatchObject({ vehicle_id: aId, match: 'manual', battery_level: Math.round(a.chargeState.batteryLevel) });
    expect(picked.body.default_vehicle_id).toBe(aId);
    // Bob cannot pick Alice's car for his charge point, nor see hers.
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { cookie: bob.cookie }), 404, 'not_found');

    // Car A is on this session: at a second charge point car B is the one candidate.
    const s2 = await station(alice, 'ocpp1.6', site.id);
    const other = await start(s2);
    await expect.poll(async () => (await carOf(alice, s2))?.match).toBe('auto');
    expect((await carOf(alice, s2))?.vehicle_id).toBe(await ourVehicleId(alice, b.id));
    await stop(s2, other);

    await stop(s, tx);
    await expect.poll(async () => (await api(server, `/api/vehicles/${aId}/charge-point-sessions`, { cookie: alice.cookie })).body.sessions?.[0]?.stopped_at).not.toBeNull();
    const listed = (await api(server, `/api/vehicles/${aId}/charge-point-sessions`, { cookie: alice.cookie })).body.sessions[0];
    expect(listed).toMatchObject({ charge_point_id: s.cp.id, vehicle_id: aId, match: 'manual' });
    const cpSessions = (await api(server, `/api/charge-points/${s.cp.id}/transactions`, { cookie: alice.cookie })).body.transactions;
    expect(cpSessions[0]).toMatchObject({ vehicle_id: aId, vehicle_match: 'manual' });

    // Both cars still plugged in, but the charge point's default decides.
    const tx2 = await start(s);
    await expect.poll(async () => (await carOf(alice, s))?.match).toBe('default');
    expect((await carOf(alice, s))?.vehicle_id).toBe(aId);
    // "Not this car".
    const declined = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: alice.cookie, body: { vehicle_id: null } });
    expect(declined.body.sessions[0]).toMatchObject({ vehicle_id: null, match: 'declined' });
    await stop(s, tx2);
  });

  it('a car plugged in elsewhere long before is no match; plugged in just after the start, it is (charge point first)', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: bob.cookie, body: { name: 'Bob home' } })).body;
    const s = await station(bob, 'ocpp1.6', site.id);
    // Enode announces the car, plugged in (at another charger) since an hour ago.
    const car = sim.linkVehicle(bob.user.id, 'VOLKSWAGEN');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await sim.deliver([vehicleEvent('user:vehicle:discovered', bob.user.id, { ...car, lastSeen: hourAgo })]);
    const tx = await start(s);
    // The session's matching ran (session.started) and found nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await carOf(bob, s)).toMatchObject({ vehicle_id: null, match: null });

    // The car comes home: unplugged, then plugged in here, after the session started.
    const unplugged = await updateVehicle(sim, bob.user.id, car as SimVehicle, { isPluggedIn: false }, 1);
    await updateVehicle(sim, bob.user.id, unplugged as SimVehicle, { isPluggedIn: true }, 2);
    await expect.poll(async () => (await carOf(bob, s))?.match).toBe('auto');
    const carId = await ourVehicleId(bob, car.id);
    expect((await carOf(bob, s))?.vehicle_id).toBe(carId);
    await stop(s, tx);
  });
});

describe('the charging planner', () => {
  it('plans the cheapest pushed hours, sends them as a valid Absolute TxProfile (1.6, no load balancing), re-plans when prices arrive, reports an unreachable target', async () => {
    const carol = await signUp(server);
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: carol.cookie, body: { name: 'Carol' } })).body;
    const s = await station(carol, 'ocpp1.6', site.id);
    const car = await seedVehicle(sim, carol.user.id, 'TESLA');
    const carId = await ourVehicleId(carol, car.id);
    const tx = await start(s);
    await expect.poll(async () => (await carOf(carol, s))?.match).toBe('auto');
    const key = await createApiKey(server, carol.cookie, 'ha');
    const ha = { headers: { authorization: `Bearer ${key.key}` } };

    // Bad pushes: overlapping, 30-minute slots, too far ahead; someone else's site.
    const good = hourlySlots([0.4, 0.35, 0.05, 0.3, 0.06, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]);
    const bad = async (slots: Any[], path: string) => {
      const r = await api(server, `/api/ha/sites/${site.id}/prices`, { method: 'POST', ...ha, body: { slots } });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.errors[0].path).toBe(path);
    };
    const half = Date.parse(good[0].start) + 30 * 60_000;
    await bad([good[0], { start: new Date(half).toISOString(), end: new Date(half + 15 * 60_000).toISOString(), price_per_kwh: 0.2 }], 'body.slots.1.start');
    await bad([{ ...good[0], end: new Date(Date.parse(good[0].start) + 30 * 60_000).toISOString() }], 'body.slots.0.end');
    await bad([{ start: new Date(Date.now() + 9 * 86_400_000 - (Date.now() % 3_600_000)).toISOString(), end: new Date(Date.now() + 9 * 86_400_000 - (Date.now() % 3_600_000) + 3_600_000).toISOString(), price_per_kwh: 0.1 }], 'body.slots.0.end');
    expectError(await api(server, `/api/ha/sites/${site.id}/prices`, { method: 'POST', cookie: bob.cookie, body: { slots: good } }), 404, 'not_found');
    const pushed = await api(server, `/api/ha/sites/${site.id}/prices`, { method: 'POST', ...ha, body: { slots: good } });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect(pushed.body.stored).toBe(12);

    const level = Math.round(car.chargeState.batteryLevel);
    const departure = new Date(Date.parse(good[11].end)).toISOString();
    expectError(await api(server, `/api/charge-points/${s.cp.id}/plan`, { method: 'PUT', ...ha, body: { vehicle_id: carId, target_battery_level: 80, departure: new Date(Date.now() - 60_000).toISOString() } }), 400, 'validation_error');
    const put = await api(server, `/api/charge-points/${s.cp.id}/plan`, { method: 'PUT', ...ha, body: { vehicle_id: carId, target_battery_level: Math.min(100, level + 10), departure } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const plan = put.body;
    // 10 % of the Tesla's 75 kWh at 90 %: 8.33 kWh, 11 kW (16 A × 3 × 230 V): under an hour: all in the 0.05 hour.
    expect(plan).toMatchObject({ vehicle_id: carId, target_battery_level: level + 10, departure, reachable: true, price_source: 'pushed prices' });
    expect(plan.slots.map((x: Any) => x.price_per_kwh)).toEqual([0.05]);
    expect(plan.slots[0].start).toBe(good[2].start);
    expect(plan.expected_cost).toBeCloseTo(plan.energy_needed_kwh * 0.05, 1);

    // The charge point got an Absolute TxProfile: 0 A until the planned hour, 16 A in it, 0 A after, 16 A from departure.
    await expect.poll(() => s.profiles.length).toBeGreaterThan(0);
    const profile = s.profiles.at(-1)!;
    expect(profile).toMatchObject({ chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute', transactionId: tx });
    const periods = periodsOf(profile, 'ocpp1.6');
    expect(periods[0].limit).toBe(0);
    expect(periods[1]).toEqual({ at: Date.parse(good[2].start), limit: 16 });
    expect(periods[2].limit).toBe(0);
    expect(periods.at(-1)).toEqual({ at: Date.parse(departure), limit: 16 });
    await expect.poll(async () => (await api(server, `/api/charge-points/${s.cp.id}/plan`, ha)).body.profile_status).toBe('Accepted');

    // New prices make the second hour cheapest: the plan and the profile follow.
    const cheaper = hourlySlots([0.4, 0.01, 0.05, 0.3, 0.06, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4]);
    const count = s.profiles.length;
    expect((await api(server, `/api/ha/sites/${site.id}/prices`, { method: 'POST', ...ha, body: { slots: cheaper } })).status).toBe(200);
    await expect.poll(async () => (await api(server, `/api/charge-points/${s.cp.id}/plan`, ha)).body.slots?.[0]?.price_per_kwh).toBe(0.01);
    await expect.poll(() => s.profiles.length).toBeGreaterThan(count);
    expect(periodsOf(s.profiles.at(-1)!, 'ocpp1.6')[1]).toEqual({ at: Date.parse(cheaper[1].start), limit: 16 });

    // Home Assistant sees the car and the plan on the charge point.
    const status = (await api(server, `/api/ha/charge-points/${s.cp.id}`, ha)).body;
    expect(status.vehicle).toMatchObject({ vehicle_id: carId, match: 'auto' });
    expect(status.plan).toMatchObject({ target_battery_level: level + 10, reachable: true });

    // 100 % in 30 minutes cannot be done: the plan says so and when it could be.
    const soon = new Date(Date.now() + 30 * 60_000).toISOString();
    const rushed = (await api(server, `/api/charge-points/${s.cp.id}/plan`, { method: 'PUT', ...ha, body: { vehicle_id: carId, target_battery_level: 100, departure: soon } })).body;
    expect(rushed.reachable).toBe(false);
    const earliest = Date.parse(rushed.earliest_completion);
    expect(earliest).toBeGreaterThan(Date.parse(soon));
    const hours = ((100 - level) / 100) * 75 / 0.9 / 11;
    expect(Math.abs(earliest - Date.now() - hours * 3_600_000)).toBeLessThan(3 * 60_000);

    // Removing the plan clears the profile.
    expect((await api(server, `/api/charge-points/${s.cp.id}/plan`, { method: 'DELETE', ...ha })).status).toBe(204);
    expectError(await api(server, `/api/charge-points/${s.cp.id}/plan`, ha), 404, 'not_found');
    await stop(s, tx);
  });

  it('on a load-balanced site (2.0.1) the plan rides in the balancer\'s profile, never above the share; vehicle defaults make a plan', async () => {
    const dave = await signUp(server);
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: dave.cookie, body: { name: 'Dave', max_current_a: 10 } })).body;
    const s = await station(dave, 'ocpp2.0.1', site.id);
    const car = await seedVehicle(sim, dave.user.id, 'KIA');
    const carId = await ourVehicleId(dave, car.id);
    const defaults = await api(server, `/api/vehicles/${carId}/plan-defaults`, { method: 'PUT', cookie: dave.cookie, body: { target_battery_level: 90, departure_time: '07:00' } });
    expect(defaults.status, JSON.stringify(defaults.body)).toBe(200);
    expectError(await api(server, `/api/vehicles/${carId}/plan-defaults`, { method: 'PUT', cookie: dave.cookie, body: { target_battery_level: 90, departure_time: null } }), 400, 'validation_error');
    await start(s);
    await expect.poll(async () => (await api(server, `/api/charge-points/${s.cp.id}/plan`, { cookie: dave.cookie })).body.target_battery_level).toBe(90);
    const plan = (await api(server, `/api/charge-points/${s.cp.id}/plan`, { cookie: dave.cookie })).body;
    expect(new Date(plan.departure).getUTCHours()).toBe(7);
    expect(plan.power_w).toBe(10 * 3 * 230);
    await expect.poll(() => s.profiles.some((p) => p.chargingProfileKind === 'Absolute')).toBe(true);
    const profile = s.profiles.filter((p) => p.chargingProfileKind === 'Absolute').at(-1)!;
    expect(profile.chargingSchedule[0].startSchedule).toBeTruthy();
    expect(Math.max(...periodsOf(profile, 'ocpp2.0.1').map((p) => p.limit))).toBeLessThanOrEqual(10);
    await expect.poll(async () => (await api(server, `/api/charge-points/${s.cp.id}/plan`, { cookie: dave.cookie })).body.profile_status).toBe('Accepted');
  });
});

describe("a site driver's car and plan", () => {
  it("matches the driver's plugged-in car, never the owner's; the driver plans their own session, another driver gets 404", async () => {
    const [owner, driver, otherDriver, manager] = [await signUp(server), await signUp(server), await signUp(server), await signUp(server)];
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Block' } })).body;
    for (const [account, role] of [[driver, 'driver'], [otherDriver, 'driver'], [manager, 'manager']] as const) {
      const invited = await api(server, `/api/sites/${site.id}/members`, { method: 'POST', cookie: owner.cookie, body: { email: account.email, role } });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    }
    const memberIds = Object.fromEntries(((await api(server, `/api/sites/${site.id}/members`, { cookie: owner.cookie })).body.members as Any[]).map((m) => [m.email, m.id]));
    const tag = `D-${hex()}`;
    const created = await api(server, `/api/sites/${site.id}/id-tags`, { method: 'POST', cookie: owner.cookie, body: { tag, member_id: memberIds[driver.email] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const s = await station(owner, 'ocpp1.6', site.id);
    // Both the owner's car and the driver's report plugged in; the driver's tag starts the session.
    const ownerCar = await seedVehicle(sim, owner.user.id, 'TESLA');
    const driverCar = await seedVehicle(sim, driver.user.id, 'KIA');
    const [ownerCarId, driverCarId] = [await ourVehicleId(owner, ownerCar.id), await ourVehicleId(driver, driverCar.id)];
    const tx = await start(s, tag);

    await expect.poll(async () => (await carOf(driver, s))?.match).toBe('auto');
    expect(await carOf(driver, s)).toMatchObject({ vehicle_id: driverCarId, battery_level: Math.round(driverCar.chargeState.batteryLevel) });
    // The owner and the manager read the session with the driver's car, not the owner's.
    expect(await carOf(owner, s)).toMatchObject({ vehicle_id: driverCarId, match: 'auto', own_session: false });
    expect(await carOf(manager, s)).toMatchObject({ vehicle_id: driverCarId, own_session: false });
    expect(await carOf(driver, s)).toMatchObject({ own_session: true });
    expect(((await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { cookie: driver.cookie })).body as Any).default_vehicle_id).toBeNull();

    // Another driver of the site reaches neither the car nor the plan of this session.
    const departure = new Date(Date.now() + 10 * 3_600_000).toISOString();
    const planPath = `/api/charge-points/${s.cp.id}/plan`;
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { cookie: otherDriver.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: otherDriver.cookie, body: { vehicle_id: null } }), 404, 'not_found');
    expectError(await api(server, planPath, { method: 'PUT', cookie: otherDriver.cookie, body: { vehicle_id: driverCarId, target_battery_level: 80, departure } }), 404, 'not_found');
    // The owner and the manager read, but the driver's session's car and plan are the driver's to choose.
    expectError(await api(server, planPath, { method: 'PUT', cookie: owner.cookie, body: { vehicle_id: ownerCarId, target_battery_level: 80, departure } }), 403, 'forbidden');
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: manager.cookie, body: { vehicle_id: null } }), 403, 'forbidden');
    // The driver cannot plan with the owner's car, nor make it their usual car here.
    expectError(await api(server, planPath, { method: 'PUT', cookie: driver.cookie, body: { vehicle_id: ownerCarId, target_battery_level: 80, departure } }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: driver.cookie, body: { default_vehicle_id: ownerCarId } }), 404, 'not_found');
    // Each sets their own usual car at this charge point; neither sees or changes the other's.
    const driverDefault = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: driver.cookie, body: { default_vehicle_id: driverCarId } });
    expect(driverDefault.status, JSON.stringify(driverDefault.body)).toBe(200);
    expect(driverDefault.body.default_vehicle_id).toBe(driverCarId);
    expectError(await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: owner.cookie, body: { default_vehicle_id: driverCarId } }), 404, 'not_found');
    const ownerDefault = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: owner.cookie, body: { default_vehicle_id: ownerCarId } });
    expect(ownerDefault.body.default_vehicle_id).toBe(ownerCarId);
    expect(((await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { cookie: driver.cookie })).body as Any).default_vehicle_id).toBe(driverCarId);

    const put = await api(server, planPath, { method: 'PUT', cookie: driver.cookie, body: { vehicle_id: driverCarId, target_battery_level: 90, departure } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const read = await api(server, planPath, { cookie: driver.cookie });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({ vehicle_id: driverCarId, target_battery_level: 90, departure, battery_level: driverCar.chargeState.batteryLevel });
    expect((await api(server, planPath, { cookie: manager.cookie })).body).toMatchObject({ target_battery_level: 90 });
    expectError(await api(server, planPath, { cookie: otherDriver.cookie }), 404, 'not_found');
    // The plan reaches the charge point as the session's TxProfile.
    await expect.poll(() => s.profiles.some((p) => p.transactionId === tx && p.chargingProfileKind === 'Absolute')).toBe(true);

    // My charging lists the driver's session with its car and plan.
    const mine = ((await api(server, '/api/me/charge-points', { cookie: driver.cookie })).body.charge_points as Any[]).find((c) => c.id === s.cp.id);
    expect(mine).toBeDefined();
    expect(mine!.my_sessions[0]).toMatchObject({ vehicle: { vehicle_id: driverCarId, match: 'auto' }, plan: { target_battery_level: 90, departure } });

    // "Not this car" by the driver.
    const declined = await api(server, `/api/charge-points/${s.cp.id}/vehicle`, { method: 'PUT', cookie: driver.cookie, body: { vehicle_id: null } });
    expect(declined.body.sessions).toEqual([expect.objectContaining({ vehicle_id: null, match: 'declined' })]);
    await stop(s, tx);

    // A second car of the driver's plugged in too (no automatic guess now): the driver's next session here gets their usual car, not the owner's.
    await seedVehicle(sim, driver.user.id, 'TESLA');
    const next = await start(s, tag);
    await expect.poll(async () => (await carOf(driver, s))?.match).toBe('default');
    expect(await carOf(driver, s)).toMatchObject({ vehicle_id: driverCarId });
    await stop(s, next);
  });
});

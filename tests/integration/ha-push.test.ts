/**
 * Pushes to Home Assistant end to end: the real server, vehicles updated by
 * Enode's webhooks (simulator), and a local server playing Home Assistant's
 * webhook handler. Also: the cache refreshed when overdue, single flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';
import { startFakeHomeAssistant, type FakeHomeAssistant } from '../fakes/home-assistant';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { seedVehicle, startServerWithEnode, updateVehicle, type SimVehicle } from '../helpers/enode';
import { bootedCharger, registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

const SLOW = 90_000;
const HOME_NETWORK = { PUSH_ALLOW_PRIVATE_ADDRESSES: 'true' };

let sim: EnodeSimulator;
let ha: FakeHomeAssistant;

beforeAll(async () => {
  sim = await startEnodeSimulator();
  ha = await startFakeHomeAssistant();
});
afterAll(async () => {
  await ha?.close();
  await sim?.close();
});

async function owner(server: TestServer): Promise<{ account: Account; key: string; car: SimVehicle; carId: string }> {
  const account = await signUp(server);
  const key = (await createApiKey(server, account.cookie, 'Home Assistant')).key;
  const car = await seedVehicle(sim, account.user.id);
  const carId = (await api(server, '/api/vehicles', { cookie: account.cookie })).body.vehicles[0].id;
  return { account, key, car, carId };
}

const register = (server: TestServer, key: string, webhookId: string, vehicleId: string) =>
  api(server, '/api/ha/webhook/register', {
    method: 'POST',
    key,
    body: { webhook_id: webhookId, external_url: ha.url, vehicle_id: vehicleId },
  });

const targetsOf = async (server: TestServer, account: Account) =>
  (await api(server, '/api/push-targets', { cookie: account.cookie })).body as any[];

describe('push to Home Assistant', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServerWithEnode(sim, { env: HOME_NETWORK });
    await signUp(server); // the administrator
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('pushes fresher data to the registered webhook with the id the integration registered', async () => {
    const { account, key, car, carId } = await owner(server);
    ha.addWebhook('hook-enode-id', car.id);
    const registered = await register(server, key, 'hook-enode-id', car.id);
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body).toMatchObject({ status: 'success', vehicle_id: car.id, is_enabled: true });

    await updateVehicle(sim, account.user.id, car, 42);
    const [push] = (await ha.waitForApplied(1)).filter((p) => p.webhookId === 'hook-enode-id');
    expect(push.body).toMatchObject({
      event: 'user:vehicle:updated',
      user: { id: account.user.id },
      vehicleId: car.id,
      enodeVehicleId: car.id,
      internalVehicleId: carId,
      vehicle: { id: car.id, enodeId: car.id, internalId: carId, chargeState: { batteryLevel: 42 } },
    });
    await expect.poll(async () => (await targetsOf(server, account))[0].last_success_at).not.toBeNull();
    expect((await targetsOf(server, account))[0].success_rate).toBe(1);
  });

  it('retries once with the other id when Home Assistant says "different vehicle", and keeps that id', async () => {
    const { account, key, car, carId } = await owner(server);
    ha.addWebhook('hook-mixed-ids', car.id); // the integration knows Enode's id…
    expect((await register(server, key, 'hook-mixed-ids', carId)).status).toBe(200); // …but registered ours
    const applied = ha.received.length;
    await updateVehicle(sim, account.user.id, car, 55);
    await expect.poll(() => ha.received.filter((p) => p.webhookId === 'hook-mixed-ids').map((p) => p.body.vehicle?.id)).toEqual([carId, car.id]);
    expect(ha.received.slice(applied).filter((p) => p.webhookId === 'hook-mixed-ids').map((p) => p.answered)).toEqual([200, 200]);
    await expect.poll(async () => (await targetsOf(server, account))[0].vehicle_id).toBe(car.id);
  });

  it('turns a target off when Home Assistant no longer knows the webhook (404) and says so', async () => {
    const { account, key, car } = await owner(server);
    expect((await register(server, key, 'hook-forgotten', car.id)).status).toBe(200);
    await updateVehicle(sim, account.user.id, car, 60);
    await expect.poll(async () => (await targetsOf(server, account))[0].is_enabled).toBe(false);
    const [target] = await targetsOf(server, account);
    expect(target.disabled_reason).toMatch(/404/);
    expect((await api(server, '/api/ha/webhook/status', { key })).body.registered).toBe(false);
  });

  it('"send test" posts the vehicle’s real current state and reports Home Assistant’s answer', async () => {
    const { account, key, car } = await owner(server);
    ha.addWebhook('hook-test', car.id);
    await register(server, key, 'hook-test', car.id);
    const [target] = await targetsOf(server, account);
    const result = await api(server, `/api/push-targets/${target.id}/test`, { method: 'POST', cookie: account.cookie });
    expect(result.body).toEqual({ delivered: true, response_status: 200, response_body: 'OK', error: null });
    const sent = ha.received.filter((p) => p.webhookId === 'hook-test').at(-1)!;
    expect(sent.body.vehicle).toMatchObject({ id: car.id, chargeState: expect.any(Object), information: expect.any(Object) });
    // Someone else's target is not found.
    const other = await signUp(server);
    expectError(await api(server, `/api/push-targets/${target.id}/test`, { method: 'POST', cookie: other.cookie }), 404, 'not_found');
  });

  it('unregisters the caller’s targets only', async () => {
    const a = await owner(server);
    const b = await owner(server);
    await register(server, a.key, 'hook-a', a.car.id);
    await register(server, b.key, 'hook-b', b.car.id);
    const removed = await api(server, '/api/ha/webhook/register', { method: 'DELETE', key: a.key });
    expect(removed.body).toEqual({ status: 'success', removed: 1 });
    expect(await targetsOf(server, a.account)).toEqual([]);
    expect(await targetsOf(server, b.account)).toHaveLength(1);
  });
});

describe('charge points', () => {
  // Boots a server of its own, like the tests below: as much time as they have.
  it('pushes a charge point’s changes to an automation webhook, and "send test" sends its status', async () => {
    const server = await startServer({ env: HOME_NETWORK });
    try {
      await signUp(server); // the administrator
      const account = await signUp(server);
      const key = (await createApiKey(server, account.cookie, 'Home Assistant')).key;
      const cp = await registerChargePoint(server, account.cookie, `push-${Date.now()}`, 'Carport');
      ha.addAutomationWebhook('carport-hook');

      const bad = await api(server, '/api/ha/webhook/register', {
        method: 'POST',
        key,
        body: { webhook_id: 'carport-hook', external_url: ha.url, vehicle_id: 'x', charge_point_id: cp.id },
      });
      expectError(bad, 422, 'validation_failed');
      const stranger = await signUp(server);
      const strangerKey = (await createApiKey(server, stranger.cookie, 'other')).key;
      const foreign = await api(server, '/api/ha/webhook/register', {
        method: 'POST',
        key: strangerKey,
        body: { webhook_id: 'carport-hook', external_url: ha.url, charge_point_id: cp.id },
      });
      expectError(foreign, 404, 'not_found');

      const registered = await api(server, '/api/ha/webhook/register', {
        method: 'POST',
        key,
        body: { webhook_id: 'carport-hook', external_url: ha.url, charge_point_id: cp.id },
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(200);
      expect(registered.body).toMatchObject({ charge_point_id: cp.id, vehicle_id: null });

      const charger = await bootedCharger(server, cp, 'ocpp1.6');
      try {
        await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
        const push = await ha.waitFor(
          (p) => p.webhookId === 'carport-hook' && (p.body.chargePoint as any)?.connectors?.[0]?.status === 'Preparing',
        );
        expect(push.answered).toBe(200);
        expect(push.body).toMatchObject({ event: 'charge_point:updated', chargePointId: cp.id, user: { id: account.user.id } });
        expect(push.body.chargePoint).toMatchObject({ id: cp.id, name: 'Carport', connected: true, is_charging: false });

        const [target] = (await api(server, '/api/push-targets', { cookie: account.cookie })).body;
        const test = await api(server, `/api/push-targets/${target.id}/test`, { method: 'POST', cookie: account.cookie });
        expect(test.status, JSON.stringify(test.body)).toBe(200);
        expect(test.body.delivered).toBe(true);
        const listed = (await api(server, '/api/push-targets', { cookie: account.cookie })).body[0];
        expect(listed.last_success_at).not.toBeNull();
      } finally {
        await charger.close({ force: true });
      }
    } finally {
      await server.stop();
    }
  }, SLOW);
});

describe('a slow Home Assistant', () => {
  it(
    'holds neither another user’s pushes nor the worker, and its send ends at the deadline',
    async () => {
      const server = await startServer({ env: HOME_NETWORK });
      const chargers: { close(options: { force: boolean }): Promise<unknown> }[] = [];
      try {
        await signUp(server); // the administrator
        const withTarget = async (webhookId: string) => {
          const account = await signUp(server);
          const key = (await createApiKey(server, account.cookie, 'Home Assistant')).key;
          const cp = await registerChargePoint(server, account.cookie, `${webhookId}-${Date.now()}`);
          const registered = await api(server, '/api/ha/webhook/register', {
            method: 'POST',
            key,
            body: { webhook_id: webhookId, external_url: ha.url, charge_point_id: cp.id },
          });
          expect(registered.status, JSON.stringify(registered.body)).toBe(200);
          return { account, cp };
        };
        ha.drip('slow-hook'); // 200, then one byte a second, never done
        ha.addAutomationWebhook('prompt-hook');
        const slow = await withTarget('slow-hook');
        const prompt = await withTarget('prompt-hook');

        chargers.push(await bootedCharger(server, slow.cp, 'ocpp1.6'));
        await ha.waitFor((p) => p.webhookId === 'slow-hook');
        let slowStillSending: number | undefined;
        chargers.push(await bootedCharger(server, prompt.cp, 'ocpp1.6'));
        const arrived = await ha.waitFor((p) => {
          if (p.webhookId !== 'prompt-hook') return false;
          slowStillSending ??= ha.dripping('slow-hook'); // read as the push arrives
          return true;
        });
        expect(arrived.body).toMatchObject({ event: 'charge_point:updated', chargePointId: prompt.cp.id });
        // The other user's push went out while the slow answer was still trickling in.
        expect(slowStillSending).toBe(1);

        // The slow send is given up at its deadline (the whole request, not an idle gap) and will be retried.
        await expect.poll(() => ha.dripping('slow-hook'), { timeout: 30_000 }).toBe(0);
        await expect
          .poll(async () => (await api(server, '/api/push-targets', { cookie: slow.account.cookie })).body[0].last_error, { timeout: 10_000 })
          .toMatch(/No complete answer within/);
      } finally {
        for (const charger of chargers) await charger.close({ force: true });
        await server.stop();
      }
    },
    SLOW,
  );
});

describe('durability and safety', () => {
  it(
    'a push that failed with 5xx is retried after a restart, with the newest data only',
    async () => {
      const first = await startServerWithEnode(sim, { env: HOME_NETWORK });
      await signUp(first);
      const { account, key, car } = await owner(first);
      ha.addWebhook('hook-durable', car.id);
      await register(first, key, 'hook-durable', car.id);
      ha.failNext(1);
      await updateVehicle(sim, account.user.id, car, 70);
      await expect.poll(() => ha.received.filter((p) => p.webhookId === 'hook-durable').map((p) => p.answered)).toEqual([503]);
      await first.stop('SIGTERM', { keepData: true });

      // A minute later (the first retry is due after 30 s), in a new process.
      const second = await startServerWithEnode(sim, {
        dataFrom: first,
        webhookSecret: first.webhookSecret,
        env: { ...HOME_NETWORK, EVCONDUIT_CLOCK_OFFSET_MS: '60000' },
      });
      try {
        await expect
          .poll(() => ha.received.filter((p) => p.webhookId === 'hook-durable').map((p) => p.answered), { timeout: 10_000 })
          .toEqual([503, 200]);
        const delivered = ha.received.filter((p) => p.webhookId === 'hook-durable').at(-1)!;
        expect(delivered.body.vehicle?.chargeState).toMatchObject({ batteryLevel: 70 });
      } finally {
        await second.stop();
      }
    },
    SLOW,
  );

  it(
    'refuses to push to a private address unless PUSH_ALLOW_PRIVATE_ADDRESSES is set',
    async () => {
      const server = await startServerWithEnode(sim);
      try {
        await signUp(server);
        const { account, key, car } = await owner(server);
        ha.addWebhook('hook-private', car.id);
        await register(server, key, 'hook-private', car.id);
        const [target] = await targetsOf(server, account);
        const result = await api(server, `/api/push-targets/${target.id}/test`, { method: 'POST', cookie: account.cookie });
        expect(result.body).toMatchObject({ delivered: false, response_status: null });
        expect(result.body.error).toMatch(/loopback.*PUSH_ALLOW_PRIVATE_ADDRESSES/);
        expect(ha.received.filter((p) => p.webhookId === 'hook-private')).toEqual([]);
      } finally {
        await server.stop();
      }
    },
    SLOW,
  );
});

describe('vehicle freshness', () => {
  it(
    'refreshes an overdue cache once for many concurrent polls, and serves the cache when Enode is down',
    async () => {
      const first = await startServerWithEnode(sim);
      await signUp(first);
      const { key, car } = await owner(first);
      await first.stop('SIGTERM', { keepData: true });

      // An hour later the cache (max age 900 s) is overdue.
      const later = await startServerWithEnode(sim, {
        dataFrom: first,
        env: { EVCONDUIT_CLOCK_OFFSET_MS: String(3_600_000) },
      });
      try {
        const path = `/vehicles/${car.id}`;
        const fetchesBefore = sim.count('GET', path);
        sim.setLatency(300);
        const polls = await Promise.all(Array.from({ length: 8 }, () => api(later, `/api/status/${car.id}`, { key })));
        sim.setLatency(0);
        expect(polls.map((p) => p.status)).toEqual(Array(8).fill(200));
        expect(polls.every((p) => p.body.stale === false)).toBe(true);
        expect(sim.count('GET', path)).toBe(fetchesBefore + 1);

        // Enode down: the cache answers, marked stale. (Fresh again after the refresh above, so force age.)
        sim.setOffline(true);
        const refreshed = await api(later, '/api/ha/refresh', { method: 'POST', key, body: { vehicle_id: car.id } });
        expect(refreshed.status).toBe(200);
        expect(refreshed.body.vehicles[0]).toMatchObject({ id: car.id, stale: true });
      } finally {
        sim.setOffline(false);
        await later.stop();
      }
    },
    SLOW,
  );
});

/**
 * The admin's Enode webhook health: subscription state from the health job,
 * recent deliveries with their outcome, and the stale warning. The server's
 * clock runs 3 hours ahead, so the subscription the health job created (at
 * the simulator's real time) has had no success for over 2 hours.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

const SECRET = randomBytes(24).toString('hex');
let sim: EnodeSimulator;
let server: TestServer;
let admin: Account;
let user: Account;

beforeAll(async () => {
  sim = await startEnodeSimulator();
  server = await startServer({ env: { ...sim.env(SECRET), EVCONDUIT_CLOCK_OFFSET_MS: String(3 * 3_600_000) } });
  await server.waitForLog((entry) => entry.msg === 'Enode webhook subscription created');
  admin = await signUp(server);
  user = await signUp(server);
});
afterAll(async () => {
  await server?.stop();
  await sim?.close();
});

const health = (account?: Account) => api(server, '/api/admin/enode/webhooks', account ? { cookie: account.cookie } : {});

describe('admin Enode webhook health', () => {
  it('is for administrators only', async () => {
    expectError(await health(user), 403, 'admin_required');
    expect((await health()).status).toBe(401);
  });

  it('warns while no delivery succeeded for 2 hours, and lists deliveries with their outcome', async () => {
    await expect
      .poll(async () => (await health(admin)).body.subscription?.outcome, { timeout: 10_000 })
      .toBe('created');
    const before = (await health(admin)).body;
    expect(before).toMatchObject({ configured: true, stale: true, stale_after_hours: 2, last_success_at: null, deliveries: [] });
    const page = await api(server, '/admin/webhooks', { cookie: admin.cookie });
    // The rendered alert: the catalogue sent to the browser holds its words whether it shows or not.
    expect(page.body).toMatch(/data-testid="enode-webhook-stale"[^>]*>.*Enode webhooks look stale/);

    const events = [
      { event: 'system:heartbeat', createdAt: new Date().toISOString() },
      { event: 'user:vehicle:updated', user: { id: randomUUID() }, vehicle: { id: 'nobody', lastSeen: new Date().toISOString() } },
    ];
    const body = JSON.stringify(events);
    const deliveryId = randomUUID();
    const posted = await api(server, '/api/webhooks/enode', {
      method: 'POST',
      body,
      origin: null,
      headers: { 'content-type': 'application/json', 'x-enode-delivery': deliveryId, 'x-enode-signature': sim.sign(body, SECRET) },
    });
    expect(posted.status).toBe(200);

    const after = (await health(admin)).body;
    expect(after.stale).toBe(false);
    expect(after.last_success_at).not.toBeNull();
    expect(after.deliveries[0]).toMatchObject({
      delivery_id: deliveryId,
      event_count: 2,
      status: 'processed',
      event_types: { 'system:heartbeat': 1, 'user:vehicle:updated': 1 },
      outcomes: { acknowledged: 1, unknown_user: 1 },
    });
    expect((await api(server, '/admin/webhooks', { cookie: admin.cookie })).body).not.toContain('data-testid="enode-webhook-stale"');
  });
});

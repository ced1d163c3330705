/** The account side of the Home Assistant API: usage, plan limits, electricity rate, push registration gates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let admin: Account;
let member: Account;
let memberKey: string;

beforeAll(async () => {
  server = await startServer();
  admin = await signUp(server);
  member = await signUp(server);
  memberKey = (await createApiKey(server, member.cookie, 'Home Assistant')).key;
  // Without Stripe everyone gets `tier_without_billing` (default pro); these tests start from the free plan.
  const plans = await api(server, '/api/admin/plans', { cookie: admin.cookie });
  const freeForAll = await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: { ...plans.body, tier_without_billing: 'free' } });
  expect(freeForAll.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('/api/me/api-usage', () => {
  it("shows the free plan's allowance, the period and no calls yet", async () => {
    const usage = await api(server, '/api/me/api-usage', { key: memberKey });
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({
      current_calls: 0,
      max_calls: 300,
      max_linked_vehicles: 1,
      linked_vehicle_count: 0,
      tier: 'free',
      api_tokens: 0,
      daily: [],
    });
    const periodStart = new Date(`${usage.body.period_start}T00:00:00Z`);
    expect(periodStart.getUTCDate()).toBe(1);
    expect(new Date(usage.body.resets_at).getUTCMonth()).toBe((periodStart.getUTCMonth() + 1) % 12);
  });

  it('needs a key or a session', async () => {
    expectError(await api(server, '/api/me/api-usage'), 401, 'unauthorized');
    expectError(await api(server, '/api/me/api-usage', { key: 'evc_nope' }), 401, 'invalid_api_key');
  });
});

describe('plan limits (admin)', () => {
  it('are shown to admins only and a change reaches the users at once', async () => {
    expectError(await api(server, '/api/admin/plans', { cookie: member.cookie }), 403, 'admin_required');
    const current = await api(server, '/api/admin/plans', { cookie: admin.cookie });
    expect(current.status).toBe(200);
    expect(current.body.free).toEqual({ monthly_calls: 300, linked_vehicles: 1, charging_control: false, push: false });

    const changed = { ...current.body, free: { ...current.body.free, monthly_calls: 500, linked_vehicles: 2 } };
    const saved = await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: changed });
    expect(saved.status).toBe(200);
    const usage = await api(server, '/api/me/api-usage', { key: memberKey });
    expect(usage.body).toMatchObject({ max_calls: 500, max_linked_vehicles: 2 });

    await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: current.body });
  });

  it('refuse invalid limits with 422 naming the field', async () => {
    const current = (await api(server, '/api/admin/plans', { cookie: admin.cookie })).body;
    const bad = { ...current, basic: { ...current.basic, monthly_calls: -1 } };
    const response = await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: bad });
    const body = expectError(response, 422, 'validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path)).toContain('body.basic.monthly_calls');
  });
});

describe('/api/ha/electricity-rate', () => {
  it('stores the rate from Home Assistant and returns it', async () => {
    const set = await api(server, '/api/ha/electricity-rate', {
      method: 'POST',
      key: memberKey,
      body: { cost_per_kwh: 0.2875, currency: 'eur' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ status: 'success', cost_per_kwh: 0.2875, currency: 'EUR' });
    expect((await api(server, '/api/ha/electricity-rate', { key: memberKey })).body).toEqual({ cost_per_kwh: 0.2875, currency: 'EUR' });
    // Another user's rate is untouched.
    expect((await api(server, '/api/ha/electricity-rate', { cookie: admin.cookie })).body).toEqual({ cost_per_kwh: null, currency: null });
  });

  it.each([
    [{ cost_per_kwh: -0.1, currency: 'EUR' }, 'body.cost_per_kwh'],
    [{ cost_per_kwh: 0.3, currency: 'EURO' }, 'body.currency'],
    [{ cost_per_kwh: '0.3', currency: 'EUR' }, 'body.cost_per_kwh'],
  ])('refuses %j with 422', async (body, field) => {
    const response = await api(server, '/api/ha/electricity-rate', { method: 'POST', key: memberKey, body });
    expect(expectError(response, 422, 'validation_failed').errors[0].path).toBe(field);
  });
});

describe('/api/ha/me', () => {
  it('is the account, as /api/me', async () => {
    const viaHa = await api(server, '/api/ha/me', { key: memberKey });
    expect(viaHa.status).toBe(200);
    expect(viaHa.body).toEqual((await api(server, '/api/me', { key: memberKey })).body);
  });
});

describe('/api/ha/webhook/register', () => {
  const registration = { webhook_id: 'abc123', external_url: 'https://ha.example.com', vehicle_id: 'enode-vehicle-1' };

  it('needs a plan with push (free: 403 plan_required)', async () => {
    const response = await api(server, '/api/ha/webhook/register', { method: 'POST', key: memberKey, body: registration });
    expect(expectError(response, 403, 'plan_required').detail).toMatch(/not included in the free plan/);
  });

  it("answers 404 for a vehicle that is not the caller's", async () => {
    await api(server, `/api/admin/users/${member.user.id}`, { method: 'PATCH', cookie: admin.cookie, body: { tier: 'pro' } });
    const response = await api(server, '/api/ha/webhook/register', { method: 'POST', key: memberKey, body: registration });
    expectError(response, 404, 'not_found');
  });

  it('validates the registration', async () => {
    const response = await api(server, '/api/ha/webhook/register', {
      method: 'POST',
      key: memberKey,
      body: { ...registration, external_url: 'ftp://ha.example.com' },
    });
    expect(expectError(response, 422, 'validation_failed').errors[0].path).toBe('body.external_url');
  });

  it('reports no targets and unregisters nothing when none exist', async () => {
    expect((await api(server, '/api/ha/webhook/status', { key: memberKey })).body).toEqual({ registered: false, targets: [] });
    const removed = await api(server, '/api/ha/webhook/register', { method: 'DELETE', key: memberKey });
    expect(removed.body).toEqual({ status: 'success', removed: 0 });
  });
});

/**
 * Energy management against real ocpp-rpc charge points (1.6 and 2.0.1, strict
 * validation of what they receive): charging modes set through the app's API
 * and Home Assistant's, measurements pushed with a key, the live maximum, the
 * fallback when measurements stop, and the site's energy status.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint, type OcppProtocol, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let key: string;
const openClients: RPCClient[] = [];

beforeAll(async () => {
  // No delays, so each step shows at once; measurements stale after 10 s; the controller job every second.
  server = await startServer({
    env: { ENERGY_SOLAR_START_DELAY_S: '0', ENERGY_SOLAR_STOP_DELAY_S: '0', ENERGY_MIN_SWITCH_S: '0', ENERGY_MEASUREMENT_STALE_S: '10', JOB_INTERVAL_MS: '1000' },
  });
  owner = await signUp(server);
  key = (await createApiKey(server, owner.cookie, 'Home Assistant')).key;
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
  limit: number | null;
  phases: number | null;
}

async function station(protocol: OcppProtocol, siteId: string): Promise<Station> {
  const cp = await registerChargePoint(server, owner.cookie, `solar-${hex()}`);
  expect((await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { site_id: siteId } })).status).toBe(200);
  const client = await bootedCharger(server, cp, protocol);
  openClients.push(client);
  const s: Station = { cp, protocol, client, limit: null, phases: null };
  // strictMode: a profile that is not valid for the version is refused before this runs.
  client.handle('SetChargingProfile', async ({ params = {} }: { params?: Record<string, any> }) => {
    const profile = protocol === 'ocpp1.6' ? params.csChargingProfiles : params.chargingProfile;
    expect(profile.chargingProfilePurpose).toBe('TxProfile');
    const period = (protocol === 'ocpp1.6' ? profile.chargingSchedule : profile.chargingSchedule[0]).chargingSchedulePeriod[0];
    s.limit = period.limit;
    s.phases = period.numberPhases;
    return { status: 'Accepted' };
  });
  client.handle('ClearChargingProfile', async () => ({ status: 'Accepted' }));
  return s;
}

async function startSession(s: Station): Promise<void> {
  const timestamp = new Date().toISOString();
  if (s.protocol === 'ocpp1.6') {
    await s.client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
    await s.client.call('StartTransaction', { connectorId: 1, idTag: 'SOLAR', meterStart: 0, timestamp });
    return;
  }
  await s.client.call('TransactionEvent', {
    eventType: 'Started',
    timestamp,
    triggerReason: 'CablePluggedIn',
    seqNo: 0,
    transactionInfo: { transactionId: `solar-${hex()}`, chargingState: 'Charging' },
    evse: { id: 1, connectorId: 1 },
  });
}

const measure = (siteId: string, body: unknown) => api(server, `/api/ha/sites/${siteId}/measurements`, { method: 'POST', key, body });

describe('charging modes and the solar controller', () => {
  it('solar and min+solar sessions follow the surplus, the live maximum caps them, stale measurements fall back', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Home', max_current_a: 32, phases: 3 } })).body;
    const solar = await station('ocpp1.6', site.id);
    const minSolar = await station('ocpp2.0.1', site.id);

    // Modes: through the app's API and through Home Assistant's.
    const patched = await api(server, `/api/charge-points/${solar.cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { charging_mode: 'solar' } });
    expect(patched.status).toBe(200);
    const ha = await api(server, `/api/ha/charge-points/${minSolar.cp.id}/mode`, { method: 'POST', key, body: { charging_mode: 'min_solar', connector_id: 1 } });
    expect(ha.status).toBe(200);
    expect(ha.body.connectors).toEqual([expect.objectContaining({ evse_id: 1, connector_id: 1, charging_mode: 'min_solar' })]);

    // No measurement yet: no surplus. Solar waits at 0 A, Min+Solar gets its minimum.
    await startSession(solar);
    await startSession(minSolar);
    await expect.poll(() => [solar.limit, minSolar.limit]).toEqual([0, 6]);
    expect([solar.phases, minSolar.phases]).toEqual([3, 3]);

    // 6900 W exported = 10 A per phase on 3 phases, plus the 6 A Min+Solar draws: 16 A to share, 8 A each.
    const pushed = await measure(site.id, { grid_power_w: -6900, pv_power_w: 9000, battery_power_w: 0 });
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ grid_power_w: -6900, source: 'API key "Home Assistant"', fresh: true });
    // Pushed again at once: refused, at most one a second per site.
    const again = expectError(await measure(site.id, { grid_power_w: 0 }), 429, 'too_many_measurements');
    expect(again.detail).toContain('at most one a second');
    await expect.poll(() => [solar.limit, minSolar.limit]).toEqual([8, 8]);

    // A live maximum of 20 A (e.g. the grid operator's curtailment) caps the sum whatever the surplus.
    await sleep(1000);
    expect((await measure(site.id, { grid_power_w: -9000, max_import_a: 20 })).status).toBe(200);
    await expect.poll(() => [solar.limit, minSolar.limit]).toEqual([10, 10]);

    const status = await api(server, `/api/ha/sites/${site.id}`, { key });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ effective_limit_a: 20, fixed_limit_a: 32, limit_source: 'live', measured: { grid_power_w: -9000 } });
    expect(status.body.measurement).toMatchObject({ source: 'API key "Home Assistant"', fresh: true, max_import_a: 20 });
    expect(status.body.surplus_power_w).toBeGreaterThan(9000);
    expect(status.body.allocated_power_w).toBe(20 * 230 * 3);
    const modes = status.body.charge_points.map((cp: any) => [cp.id, cp.connectors.map((c: any) => c.charging_mode)]);
    expect(Object.fromEntries(modes)).toEqual({ [solar.cp.id]: ['solar'], [minSolar.cp.id]: ['min_solar'] });
    expect(status.body.today.grid_export_wh).toBeGreaterThan(0);

    // Measurements stop: after 10 s the site falls back to its fixed 32 A and sees no surplus.
    await expect.poll(() => [solar.limit, minSolar.limit], { timeout: 30_000, interval: 500 }).toEqual([0, 6]);
    const stale = (await api(server, `/api/ha/sites/${site.id}`, { key })).body;
    expect(stale).toMatchObject({ effective_limit_a: 32, limit_source: 'fixed', surplus_power_w: null, measurement: { fresh: false } });

    // Off stops it; Fast takes the site's share as without modes.
    expect((await api(server, `/api/charge-points/${minSolar.cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { charging_mode: 'off' } })).status).toBe(200);
    await expect.poll(() => minSolar.limit).toBe(0);
    expect((await api(server, `/api/charge-points/${minSolar.cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { charging_mode: 'fast' } })).status).toBe(200);
    await expect.poll(() => [solar.limit, minSolar.limit]).toEqual([0, 32]);
  });

  it('pushes racing for one site: one is stored, the other refused, and the interval counted once', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Race', max_current_a: 16 } })).body;
    const started = performance.now();
    // None stored yet: both would be the first.
    const first = await Promise.all([measure(site.id, { grid_power_w: 3600 }), measure(site.id, { grid_power_w: 3600 })]);
    expect(first.map((r) => r.status).sort()).toEqual([200, 429]);
    await sleep(1200);
    const second = await Promise.all([measure(site.id, { grid_power_w: 0 }), measure(site.id, { grid_power_w: 0 })]);
    expect(second.map((r) => r.status).sort()).toEqual([200, 429]);
    const elapsedS = (performance.now() - started) / 1000;
    // 3600 W held from the first to the second: 1 Wh a second of it, counted twice it would be about twice the time.
    const today = (await api(server, `/api/ha/sites/${site.id}`, { key })).body.today;
    expect(today.grid_import_wh).toBeGreaterThan(1);
    expect(today.grid_import_wh).toBeLessThanOrEqual(elapsedS);
  });

  it('refuses bad input with words, and other people’s sites and charge points', async () => {
    const site = (await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'Checks', max_current_a: 16 } })).body;
    const missing = expectError(await measure(site.id, { pv_power_w: 100 }), 422, 'validation_failed');
    expect(JSON.stringify(missing.errors)).toContain('grid_power_w');
    expectError(await measure(site.id, { grid_power_w: 'lots' }), 422, 'validation_failed');
    expectError(await measure(site.id, { grid_power_w: 0, max_import_a: -1 }), 422, 'validation_failed');
    const cp = await registerChargePoint(server, owner.cookie, `solar-bad-${hex()}`);
    const bad = expectError(await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { charging_mode: 'turbo' } }), 422, 'validation_failed');
    expect(JSON.stringify(bad.errors)).toContain('off, fast, min_solar, solar');

    const other = await signUp(server);
    const otherKey = (await createApiKey(server, other.cookie, 'Other')).key;
    expectError(await api(server, `/api/ha/sites/${site.id}/measurements`, { method: 'POST', key: otherKey, body: { grid_power_w: 0 } }), 404, 'not_found');
    expectError(await api(server, `/api/ha/sites/${site.id}`, { key: otherKey }), 404, 'not_found');
    expectError(await api(server, `/api/ha/charge-points/${cp.id}/mode`, { method: 'POST', key: otherKey, body: { charging_mode: 'off' } }), 404, 'not_found');
    // A body far over its cap is refused before it is parsed.
    const huge = await api(server, `/api/ha/sites/${site.id}/measurements`, { method: 'POST', key, body: { grid_power_w: 0, pad: 'x'.repeat(5000) } });
    expect(huge.status).toBe(413);
  });
});

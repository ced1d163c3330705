/**
 * Without Enode credentials (ENODE_SIMULATOR=auto, the default), the server
 * starts the built-in simulator and vehicles work offline, webhooks included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
  // `auto` is the default; the test helper turns the simulator off unless asked.
  server = await startServer({ env: { ENODE_SIMULATOR: 'auto' } });
});
afterAll(async () => {
  await server?.stop();
});

describe('offline Enode', () => {
  it('links a simulated vehicle through the built-in simulator', async () => {
    await server.waitForLog((entry) => entry.msg === 'No Enode credentials: using the built-in Enode simulator');
    await server.waitForLog((entry) => entry.msg === 'Enode webhook subscription created');
    const account = await signUp(server);
    const started = await api(server, '/api/vehicles/link', { method: 'POST', cookie: account.cookie, body: { vendor: 'KIA' } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const approved = await fetch(started.body.link_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'vendor=KIA&decision=approve',
      redirect: 'manual',
    });
    const back = new URL(approved.headers.get('location')!);
    expect((await api(server, back.pathname + back.search, { cookie: account.cookie })).status).toBe(303);

    const { vehicles } = (await api(server, '/api/vehicles', { cookie: account.cookie })).body;
    expect(vehicles).toEqual([expect.objectContaining({ vendor: 'KIA', brand: 'Kia' })]);
    // The simulator's discovered event reached our webhook, signed with the generated secret.
    await server.waitForLog((entry) => entry.msg === 'Enode webhook delivery' && entry.received === 1);
  });

  it('stays off with ENODE_SIMULATOR=off: vehicle endpoints say Enode is not configured', async () => {
    const plain = await startServer({ env: { ENODE_SIMULATOR: 'off' } });
    try {
      const account = await signUp(plain);
      const refused = await api(plain, '/api/vehicles/link', { method: 'POST', cookie: account.cookie, body: {} });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('enode_not_configured');
    } finally {
      await plain.stop();
    }
  });
});

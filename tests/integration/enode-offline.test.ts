/**
 * Without Enode credentials and with ENODE_SIMULATOR=on (the default in
 * development), the server starts the built-in simulator and vehicles work
 * offline, webhooks included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { ENODE_SIMULATOR: 'on' } });
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

  it('stays off in production unless asked for', async () => {
    const plain = await startServer();
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

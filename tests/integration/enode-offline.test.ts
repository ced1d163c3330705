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
    // The simulator listens on 127.0.0.1 only: the app serves its Link page, so a phone can open it too.
    const linkUrl: string = started.body.link_url;
    expect(linkUrl.startsWith(`${server.url}/simulator/link/`), linkUrl).toBe(true);
    const page = await fetch(linkUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Link your vehicle');
    const approved = await fetch(`${linkUrl}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'vendor=KIA&decision=approve',
      redirect: 'manual',
    });
    expect(approved.status).toBe(303);
    const back = new URL(approved.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${server.url}/vehicles/link/callback`);
    expect((await api(server, back.pathname + back.search, { cookie: account.cookie })).status).toBe(303);

    // Used once: a second decision is a page that says so, not JSON.
    const again = await fetch(`${linkUrl}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: 'vendor=KIA&decision=approve',
      redirect: 'manual',
    });
    expect(again.status).toBe(303);
    expect(new URL(again.headers.get('location')!, server.url).searchParams.get('vehicle_link_error')).toBe('Link session not found');
    expect(await (await fetch(linkUrl)).text()).toContain('This link has expired');

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
      // The simulator's Link page exists only while the built-in simulator runs.
      expect((await api(plain, '/simulator/link/abcdefghijkl')).status).toBe(404);
    } finally {
      await plain.stop();
    }
    // It boots a server of its own: the hooks' allowance for that, not a plain test's.
  }, 90_000);
});

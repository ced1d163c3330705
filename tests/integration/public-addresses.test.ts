/**
 * The addresses the app shows and the vehicle link's round trip follow the
 * address the browser used when APP_URL is unset (issue 22: "ws://localhost"
 * shown to someone on another machine; a link that ended on another host as
 * raw JSON), and stay APP_URL's when it is set.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUp, type Account } from '../helpers/api';
import { registerChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';
import { startEnodeSimulator, type EnodeSimulator } from '../fakes/enode/simulator';

const LAN_HOST = '192.168.1.20:3000';

/** A request as another machine's browser sends it: fetch may not set Host, so node:http. */
function requestAs(server: TestServer, host: string, path: string, options: { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; location?: string; text: string; json: () => any }>((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: {
          host,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/json', origin: `http://${host}` } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, location: response.headers.location, text, json: () => JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The OCPP URL of `identity` in a charge point list response. */
const listedUrl = (list: { json: () => any }, identity: string): string =>
  list.json().charge_points.find((cp: { identity: string }) => cp.identity === identity).ocpp_url;

describe('with APP_URL unset', () => {
  let sim: EnodeSimulator;
  let server: TestServer;
  /** The server as its own machine's browser sees it: APP_URL's default, http://localhost:PORT. */
  let local: TestServer;
  let alice: Account;
  let chargePointId: string;

  beforeAll(async () => {
    sim = await startEnodeSimulator();
    server = await startServer({ env: { APP_URL: '', ...sim.env() } });
    local = { ...server, url: `http://localhost:${server.port}` };
    alice = await signUp(local);
    chargePointId = (await registerChargePoint(local, alice.cookie, 'lan-cp-1')).id;
  });
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
  });

  it('gives the OCPP URL under the host the browser used', async () => {
    const list = await requestAs(server, LAN_HOST, '/api/charge-points', { cookie: alice.cookie });
    expect(list.status, list.text).toBe(200);
    expect(listedUrl(list, 'lan-cp-1')).toBe(`ws://${LAN_HOST}/ocpp/lan-cp-1`);
    const detail = await requestAs(server, LAN_HOST, `/api/charge-points/${chargePointId}`, { cookie: alice.cookie });
    expect(detail.json().ocpp_url).toBe(`ws://${LAN_HOST}/ocpp/lan-cp-1`);
    const added = await requestAs(server, LAN_HOST, '/api/charge-points', { method: 'POST', cookie: alice.cookie, body: { identity: 'lan-cp-2', name: 'Carport' } });
    expect(added.status, added.text).toBe(201);
    expect(added.json().ocpp_url).toBe(`ws://${LAN_HOST}/ocpp/lan-cp-2`);
  });

  it('trusts no X-Forwarded-Proto without TRUSTED_PROXY_HOPS, and falls back to the default for a malformed Host', async () => {
    const forwarded = await requestAs(server, LAN_HOST, '/api/charge-points', { cookie: alice.cookie, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    expect(listedUrl(forwarded, 'lan-cp-1')).toBe(`ws://${LAN_HOST}/ocpp/lan-cp-1`);
    const malformed = await requestAs(server, 'evil.example:99999', '/api/charge-points', { cookie: alice.cookie });
    expect(listedUrl(malformed, 'lan-cp-1')).toBe(`ws://localhost:${server.port}/ocpp/lan-cp-1`);
  });

  it('shows the Home Assistant base URL under that host, and warns only when it names this machine', async () => {
    const fromLan = await requestAs(server, LAN_HOST, '/home-assistant', { cookie: alice.cookie });
    expect(fromLan.status).toBe(200);
    expect(fromLan.text).toContain(`http://${LAN_HOST}/api/ha/charge-points/${chargePointId}`);
    expect(fromLan.text).not.toContain(`localhost:${server.port}`);
    expect(fromLan.text).not.toContain('local-address-notice');
    const fromHere = await requestAs(server, `localhost:${server.port}`, '/home-assistant', { cookie: alice.cookie });
    expect(fromHere.text).toContain('local-address-notice');
    expect(fromHere.text).toContain('Only this computer can use this address');
    const openApi = await requestAs(server, LAN_HOST, '/api/openapi.json');
    expect(openApi.json().servers).toEqual([{ url: `http://${LAN_HOST}` }]);
  });

  it('sends Enode back to the host the link started from, which holds the session', async () => {
    const started = await requestAs(server, LAN_HOST, '/api/vehicles/link', { method: 'POST', cookie: alice.cookie, body: { vendor: 'KIA' } });
    expect(started.status, started.text).toBe(200);
    const answer = await fetch(started.json().link_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve' }),
      redirect: 'manual',
    });
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`http://${LAN_HOST}/vehicles/link/callback`);
    const callback = await requestAs(server, LAN_HOST, back.pathname + back.search, { cookie: alice.cookie });
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/dashboard?vehicle_link=linked&vehicles=1');
  });
});

describe('the link callback, reached by a person', () => {
  let sim: EnodeSimulator;
  let server: TestServer;
  let bob: Account;

  beforeAll(async () => {
    sim = await startEnodeSimulator();
    server = await startServer({ env: sim.env() });
    bob = await signUp(server);
  });
  afterAll(async () => {
    await server?.stop();
    await sim?.close();
  });

  it('without a session: sign in, then back to finish the link (not {"detail":"Not authenticated"})', async () => {
    const response = await api(server, '/vehicles/link/callback?error=access_denied');
    expect(response.status).toBe(303);
    const target = new URL(response.headers.get('location')!, server.url);
    expect(target.pathname).toBe('/signin');
    expect(target.searchParams.get('next')).toBe('/vehicles/link/callback?error=access_denied');
    const signIn = await api(server, target.pathname + target.search);
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('content-type')).toContain('text/html');
    expect(signIn.body).toContain('Sign in to finish linking your vehicle');
  });

  it('a bad query or a failing Enode ends on the dashboard with the reason in words', async () => {
    const tooLong = await api(server, `/vehicles/link/callback?error=${'x'.repeat(300)}`, { cookie: bob.cookie });
    expect(tooLong.status).toBe(303);
    const target = new URL(tooLong.headers.get('location')!, server.url);
    expect(target.pathname).toBe('/dashboard');
    expect(target.searchParams.get('vehicle_link')).toBe('failed');
    expect(target.searchParams.get('vehicle_link_error')).toMatch(/\w+ \w+/);

    sim.failNext(400, 1, 'Enode is having a bad day');
    const failing = await api(server, '/vehicles/link/callback', { cookie: bob.cookie });
    expect(failing.status).toBe(303);
    const page = new URL(failing.headers.get('location')!, server.url);
    expect(page.searchParams.get('vehicle_link')).toBe('failed');
    const dashboard = await api(server, page.pathname + page.search, { cookie: bob.cookie });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Linking did not finish');
  });

  it('with APP_URL set, shows that address whatever the Host, and says where a link will return to', async () => {
    const list = await requestAs(server, LAN_HOST, '/api/charge-points', { method: 'POST', cookie: bob.cookie, body: { identity: 'app-url-cp', name: 'Garage' } });
    expect(list.status, list.text).toBe(201);
    expect(list.json().ocpp_url).toBe(`${server.url.replace(/^http/, 'ws')}/ocpp/app-url-cp`);
    const elsewhere = await requestAs(server, LAN_HOST, '/dashboard', { cookie: bob.cookie });
    expect(elsewhere.text).toContain('link-return-notice');
    expect(elsewhere.text).toContain(server.url);
    const same = await api(server, '/dashboard', { cookie: bob.cookie });
    expect(same.body).not.toContain('link-return-notice');
  });
});

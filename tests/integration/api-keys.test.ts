import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createApiKey, DEFAULT_PASSWORD, expectError, signIn, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let alice: Account;
let bob: Account;

beforeAll(async () => {
  server = await startServer();
  alice = await signUp(server);
  bob = await signUp(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('API keys', () => {
  it('are shown once at creation; the list never shows them', async () => {
    const created = await createApiKey(server, alice.cookie, 'Home Assistant');
    expect(created).toMatchObject({ name: 'Home Assistant', last_used_at: null });
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const list = await api(server, '/api/keys', { cookie: alice.cookie });
    expect(list.status).toBe(200);
    expect(list.body.keys).toEqual([expect.objectContaining({ id: created.id, name: 'Home Assistant', prefix: created.prefix })]);
    expect(list.body.keys[0]).not.toHaveProperty('key');
    expect(JSON.stringify(list.body)).not.toContain(created.key.slice(created.prefix.length));
  });

  it('authenticate /api/me as their owner and need no Origin for mutations', async () => {
    const { key } = await createApiKey(server, alice.cookie, 'me');
    const me = await api(server, '/api/me', { key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: alice.user.id, email: alice.email });

    const rate = await api(server, '/api/ha/electricity-rate', { method: 'POST', key, body: { cost_per_kwh: 0.3, currency: 'EUR' }, origin: null });
    expect(rate.status, JSON.stringify(rate.body)).toBe(200);
  });

  it('record when they were last used', async () => {
    const { id, key } = await createApiKey(server, alice.cookie, 'usage');
    await api(server, '/api/me', { key });
    const list = await api(server, '/api/keys', { cookie: alice.cookie });
    const listed = list.body.keys.find((k: { id: string }) => k.id === id);
    expect(Date.parse(listed.last_used_at)).not.toBeNaN();
  });

  it.each([
    ['no Authorization header', undefined, 'unauthorized'],
    ['a Basic header', 'Basic dXNlcjpwYXNz', 'unauthorized'],
    ['Bearer without a key', 'Bearer ', 'unauthorized'],
    ['Bearer with two words', 'Bearer evc_a evc_b', 'unauthorized'],
    ['an unknown key', 'Bearer evc_0000000000000000000000000000000000000000000', 'invalid_api_key'],
  ])('answer %s with 401 and the error shape', async (_case, authorization, code) => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    expectError(await api(server, '/api/me', { headers }), 401, code);
  });

  it('never fall back to the session cookie when the Authorization header is bad', async () => {
    const response = await api(server, '/api/me', { cookie: alice.cookie, key: 'evc_not-a-real-key' });
    expectError(response, 401, 'invalid_api_key');
  });

  it('stop working on the very next request after revocation', async () => {
    const { id, key } = await createApiKey(server, alice.cookie, 'to revoke');
    expect((await api(server, '/api/me', { key })).status).toBe(200);

    const revoked = await api(server, `/api/keys/${id}`, { method: 'DELETE', cookie: alice.cookie });
    expect(revoked.status).toBe(204);
    expectError(await api(server, '/api/me', { key }), 401, 'invalid_api_key');

    const list = await api(server, '/api/keys', { cookie: alice.cookie });
    expect(list.body.keys.map((k: { id: string }) => k.id)).not.toContain(id);
    expectError(await api(server, `/api/keys/${id}`, { method: 'DELETE', cookie: alice.cookie }), 404, 'not_found');
  });

  it('validate their input (422)', async () => {
    const unnamed = await api(server, '/api/keys', { method: 'POST', cookie: alice.cookie, body: { name: '   ' } });
    expect(expectError(unnamed, 422, 'validation_failed').errors).toEqual([{ path: 'body.name', message: expect.any(String) }]);
    const badId = await api(server, '/api/keys/not-a-uuid', { method: 'DELETE', cookie: alice.cookie });
    expect(expectError(badId, 422, 'validation_failed').errors[0].path).toBe('path.id');
  });
});

describe("another user's data", () => {
  it("can never be listed or revoked: another user's key is 404 and keeps working", async () => {
    const alicesKey = await createApiKey(server, alice.cookie, 'alice only');
    const bobsList = await api(server, '/api/keys', { cookie: bob.cookie });
    expect(bobsList.body.keys.map((k: { id: string }) => k.id)).not.toContain(alicesKey.id);

    const { key: bobsKey } = await createApiKey(server, bob.cookie, 'bob', 'full');
    expectError(await api(server, `/api/keys/${alicesKey.id}`, { method: 'DELETE', cookie: bob.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/keys/${alicesKey.id}`, { method: 'DELETE', key: bobsKey }), 404, 'not_found');
    expect((await api(server, '/api/me', { key: alicesKey.key })).body.id).toBe(alice.user.id);
  });

  it("never shows another user's charge points", async () => {
    const registered = await api(server, '/api/charge-points', {
      method: 'POST',
      cookie: alice.cookie,
      body: { identity: `alice-cp-${Date.now()}`, name: "Alice's garage" },
    });
    expect(registered.status).toBe(201);

    const alices = await api(server, '/api/charge-points', { cookie: alice.cookie });
    expect(alices.body.charge_points.map((cp: { id: string }) => cp.id)).toContain(registered.body.id);
    const bobs = await api(server, '/api/charge-points', { cookie: bob.cookie });
    expect(bobs.status).toBe(200);
    expect(bobs.body.charge_points).toEqual([]);
  });
});

describe('scopes', () => {
  let cp: { id: string };
  let haKey: string;
  let fullKey: string;

  beforeAll(async () => {
    const registered = await api(server, '/api/charge-points', {
      method: 'POST',
      cookie: alice.cookie,
      body: { identity: `scoped-${Date.now()}`, name: 'Scoped' },
    });
    expect(registered.status).toBe(201);
    cp = registered.body;
    haKey = (await createApiKey(server, alice.cookie, 'Home Assistant')).key;
    fullKey = (await createApiKey(server, alice.cookie, 'script', 'full')).key;
  });

  it('default to Home Assistant ("ha") and are listed with their scope', async () => {
    const created = await api(server, '/api/keys', { method: 'POST', cookie: alice.cookie, body: { name: 'no scope given' } });
    expect(created.status).toBe(201);
    expect(created.body.scope).toBe('ha');
    const list = await api(server, '/api/keys', { cookie: alice.cookie });
    expect(list.body.keys.find((k: { id: string }) => k.id === created.body.id).scope).toBe('ha');
    expect(list.body.keys.some((k: { scope: string }) => k.scope === 'full')).toBe(true);
  });

  it.each([
    ['create a key', 'POST', '/api/keys', { name: 'made by Home Assistant' }],
    ['revoke a key', 'DELETE', '/api/keys/:key', undefined],
    ['register a charge point', 'POST', '/api/charge-points', { identity: 'ha-made', name: 'x' }],
    ["rotate a charge point's password", 'POST', '/api/charge-points/:cp/password', undefined],
    ['let a charge point connect without a password', 'PATCH', '/api/charge-points/:cp/connection', { allow_no_password: true }],
    ['change the password', 'POST', '/api/me/password', { current_password: DEFAULT_PASSWORD, new_password: 'a password of the key' }],
    ['rename the account', 'PATCH', '/api/me', { name: 'renamed by a key' }],
    ['delete the account', 'DELETE', '/api/me', { confirm: 'DELETE' }],
  ])('refuse a Home Assistant key to %s (403 insufficient_scope), changing nothing', async (_case, method, template, body) => {
    const someKey = await createApiKey(server, alice.cookie, 'target');
    const path = template.replace(':cp', cp.id).replace(':key', someKey.id);
    expectError(await api(server, path, { method, key: haKey, body, origin: null }), 403, 'insufficient_scope');
    const me = await api(server, '/api/me', { cookie: alice.cookie });
    expect(me.body).toMatchObject({ id: alice.user.id, name: null });
    const keys = (await api(server, '/api/keys', { cookie: alice.cookie })).body.keys.map((k: { id: string }) => k.id);
    expect(keys).toContain(someKey.id);
    const connection = await api(server, `/api/charge-points/${cp.id}/connection`, { cookie: alice.cookie });
    expect(connection.body.allow_no_password).toBe(false);
  });

  it('let a Home Assistant key use the Home Assistant API', async () => {
    for (const path of ['/api/me', '/api/ha/me', '/api/me/api-usage', '/api/ha/charge-points', `/api/ha/charge-points/${cp.id}`, '/api/ha/webhook/status', '/api/ha/electricity-rate', '/api/ha/charging/sessions']) {
      const response = await api(server, path, { key: haKey });
      expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
    }
  });

  it('let a full key do what the session may: keys, charge point passwords, the account', async () => {
    const created = await api(server, '/api/keys', { method: 'POST', key: fullKey, body: { name: 'made by a script', scope: 'full' }, origin: null });
    expect(created.status).toBe(201);
    const rotated = await api(server, `/api/charge-points/${cp.id}/password`, { method: 'POST', key: fullKey, origin: null });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);

    const carol = await signUp(server);
    const carolsKey = await createApiKey(server, carol.cookie, 'everything', 'full');
    const deleted = await api(server, '/api/me', { method: 'DELETE', key: carolsKey.key, body: { confirm: 'DELETE' }, origin: null });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await signIn(server, carol.email, carol.password)).status).toBe(401);
  });

  it('never sign in to the web pages, where an administrator sees every account', async () => {
    expect(alice.user.role).toBe('admin');
    for (const key of [haKey, fullKey]) {
      const page = await api(server, '/admin/users', { key });
      expect(page.status).toBe(307);
      expect(page.headers.get('location')).toMatch(/^\/signin/);
      expect(String(page.body ?? '')).not.toContain(bob.email);
    }
    const signedIn = await api(server, '/admin/users', { cookie: alice.cookie });
    expect(signedIn.status).toBe(200);
    expect(String(signedIn.body)).toContain(bob.email);
  });

  it('refuse a scope that does not exist (422)', async () => {
    const response = await api(server, '/api/keys', { method: 'POST', cookie: alice.cookie, body: { name: 'x', scope: 'admin' } });
    expect(expectError(response, 422, 'validation_failed').errors[0].path).toBe('body.scope');
  });
});

/**
 * Supabase auth mode against a fake Supabase Auth (real HTTP, real ES256
 * signatures): access tokens as Bearer header and in the session cookie,
 * profile creation, session refresh in proxy.ts, the sign-in callback and
 * sign-out.
 */
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, uniqueEmail } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';
import { startFakeSupabaseAuth, type FakeSupabaseAuth, type MintOptions } from '../fakes/supabase-auth';

let supabase: FakeSupabaseAuth;
let server: TestServer;
/** An access token of the installation's first user (admin), set by the first test. */
let adminToken: string;

const someone = (label = 'supa'): MintOptions => ({ sub: randomUUID(), email: uniqueEmail(label) });

/** The `Set-Cookie` lines a response sent for the Supabase session cookie (any chunk). */
const sessionSetCookies = (headers: Headers) =>
  headers.getSetCookie().filter((line) => line.startsWith(supabase.cookieName + '=') || line.startsWith(supabase.cookieName + '.'));

/** The `Cookie` header a browser would send back after these `Set-Cookie` lines. */
const cookieHeaderFrom = (setCookies: string[]) =>
  setCookies
    .filter((line) => !/max-age=0/i.test(line))
    .map((line) => line.split(';')[0])
    .join('; ');

beforeAll(async () => {
  supabase = await startFakeSupabaseAuth();
  server = await startServer({ env: { SUPABASE_URL: supabase.url, SUPABASE_ANON_KEY: 'test-anon-key' } });
});

afterAll(async () => {
  await server?.stop();
  await supabase?.close();
});

describe('Supabase access tokens (Bearer)', () => {
  it('creates the profile once on two concurrent first requests, and the first user is admin', async () => {
    const first = someone('first');
    const token = await supabase.mintAccessToken(first);
    const [a, b] = await Promise.all([api(server, '/api/me', { key: token }), api(server, '/api/me', { key: token })]);
    for (const response of [a, b]) {
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ id: first.sub, email: first.email, role: 'admin', email_verified: true });
    }
    adminToken = token;
    const listed = await api(server, '/api/admin/users', { key: adminToken });
    expect(listed.status).toBe(200);
    expect(listed.body.users.filter((u: { id: string }) => u.id === first.sub)).toHaveLength(1);
  });

  it('makes later users plain users and takes the name from the user metadata', async () => {
    const later = { ...someone('later'), userMetadata: { full_name: 'Ada Lovelace' } };
    const response = await api(server, '/api/me', { key: await supabase.mintAccessToken(later) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id: later.sub, email: later.email, role: 'user', name: 'Ada Lovelace' });
  });

  it('refuses tokens with a foreign signature, expired, from another issuer or for another audience', async () => {
    const person = someone('bad');
    const foreign = await generateKeyPair('ES256');
    const foreignToken = (kid: string) =>
      new SignJWT({ email: person.email, role: 'authenticated' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(person.sub)
        .setIssuer(`${supabase.url}/auth/v1`)
        .setAudience('authenticated')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(foreign.privateKey);
    const badTokens = {
      'foreign key, known key id': await foreignToken(supabase.keyId),
      'foreign key, unknown key id': await foreignToken(randomUUID()),
      expired: await supabase.mintAccessToken({ ...person, expiresIn: -60 }),
      'wrong issuer': await supabase.mintAccessToken({ ...person, issuer: 'https://elsewhere.supabase.co/auth/v1' }),
      'wrong audience': await supabase.mintAccessToken({ ...person, audience: 'anon' }),
    };
    for (const [what, token] of Object.entries(badTokens)) {
      const response = await api(server, '/api/me', { key: token });
      expect(response.status, what).toBe(401);
      expectError(response, 401, 'unauthorized');
    }
    const listed = await api(server, '/api/admin/users', { key: adminToken });
    expect(listed.body.users.map((u: { id: string }) => u.id)).not.toContain(person.sub);
  });

  it('lets a Supabase user create API keys that work as Bearer keys', async () => {
    const person = someone('keys');
    const token = await supabase.mintAccessToken(person);
    const created = await api(server, '/api/keys', { method: 'POST', key: token, body: { name: 'Home Assistant' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const me = await api(server, '/api/me', { key: created.body.key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: person.sub, email: person.email });
  });
});

describe('Supabase session cookie', () => {
  it('authenticates with the session @supabase/ssr keeps in the cookie', async () => {
    const person = someone('cookie');
    const session = await supabase.startSession(person);
    const response = await api(server, '/api/me', { cookie: supabase.sessionCookie(session) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id: person.sub, email: person.email });
  });

  it('reads a session split over several cookie chunks', async () => {
    const person = { ...someone('chunked'), userMetadata: { avatar_url: `https://example.com/${'a'.repeat(3000)}` } };
    const cookie = supabase.sessionCookie(await supabase.startSession(person));
    expect(cookie).toContain(`${supabase.cookieName}.1=`);
    const response = await api(server, '/api/me', { cookie });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.email).toBe(person.email);
  });

  it('does not trust a cookie session whose token fails verification', async () => {
    const person = someone('forged');
    const session = await supabase.startSession(person);
    const forged = { ...session, access_token: await supabase.mintAccessToken({ ...person, audience: 'anon' }) };
    expectError(await api(server, '/api/me', { cookie: supabase.sessionCookie(forged) }), 401, 'unauthorized');
  });

  it('refreshes an expired session in proxy.ts and sends the new cookies', async () => {
    const person = someone('refresh');
    const session = await supabase.startSession({ ...person, expiresIn: -10 });
    const response = await api(server, '/api/me', { cookie: supabase.sessionCookie(session) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.email).toBe(person.email);
    expect(supabase.isRefreshTokenActive(session.refresh_token)).toBe(false);
    const refreshed = cookieHeaderFrom(sessionSetCookies(response.headers));
    expect(refreshed).not.toBe('');
    const again = await api(server, '/api/me', { cookie: refreshed });
    expect(again.status).toBe(200);
  });

  it('signs out of Supabase and clears the cookie', async () => {
    const session = await supabase.startSession(someone('signout'));
    const cookie = supabase.sessionCookie(session);
    const response = await api(server, '/api/auth/signout', { method: 'POST', cookie });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ status: 'signed_out' });
    const cleared = sessionSetCookies(response.headers);
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((line) => /max-age=0/i.test(line))).toBe(true);
    expect(supabase.isRefreshTokenActive(session.refresh_token)).toBe(false);
  });
});

describe('/auth/callback', () => {
  it('exchanges the code for a session cookie and continues to `next`', async () => {
    const person = someone('callback');
    const verifier = 'v'.repeat(56);
    const code = supabase.issueCode(await supabase.startSession(person), verifier);
    const response = await api(server, `/auth/callback?code=${code}&next=${encodeURIComponent('/settings?tab=keys')}`, {
      cookie: supabase.codeVerifierCookie(verifier),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/settings?tab=keys');
    const me = await api(server, '/api/me', { cookie: cookieHeaderFrom(sessionSetCookies(response.headers)) });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.email).toBe(person.email);
  });

  it('goes to /dashboard by default and never to another origin', async () => {
    for (const next of ['', '//evil.example', '/\\evil.example', 'https://evil.example/x']) {
      const verifier = 'w'.repeat(56);
      const code = supabase.issueCode(await supabase.startSession(someone('next')), verifier);
      const query = next ? `&next=${encodeURIComponent(next)}` : '';
      const response = await api(server, `/auth/callback?code=${code}${query}`, { cookie: supabase.codeVerifierCookie(verifier) });
      expect(response.headers.get('location'), next).toBe('/dashboard');
    }
  });

  it('sends failures back to the sign-in page with the message', async () => {
    const bad = await api(server, '/auth/callback?code=unknown-code', { cookie: supabase.codeVerifierCookie('x'.repeat(56)) });
    expect(bad.status).toBe(303);
    const location = new URL(bad.headers.get('location')!, server.url);
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('error')).toMatch(/code verifier/);
    const denied = await api(server, '/auth/callback?error=access_denied&error_description=Email+link+is+invalid+or+has+expired');
    expect(new URL(denied.headers.get('location')!, server.url).searchParams.get('error')).toBe('Email link is invalid or has expired');
  });
});

describe('local accounts in Supabase mode', () => {
  it('answers 404 local_auth_disabled on the local-auth endpoints', async () => {
    const email = uniqueEmail('local');
    const calls: [string, unknown][] = [
      ['/api/auth/signup', { email, password: 'correct horse battery' }],
      ['/api/auth/signin', { email, password: 'correct horse battery' }],
      ['/api/auth/password-reset', { email }],
      ['/api/auth/password-reset/confirm', { token: 'x'.repeat(40), password: 'correct horse battery' }],
      ['/api/auth/verify-email', { token: 'x'.repeat(40) }],
    ];
    for (const [path, body] of calls) {
      expectError(await api(server, path, { method: 'POST', body }), 404, 'local_auth_disabled');
    }
  });
});

describe('signing keys unavailable', () => {
  let unreachable: TestServer;
  beforeAll(async () => {
    unreachable = await startServer({
      env: {
        SUPABASE_URL: supabase.url,
        SUPABASE_ANON_KEY: 'test-anon-key',
        SUPABASE_JWKS_URL: 'http://127.0.0.1:9/auth/v1/.well-known/jwks.json',
      },
    });
  });
  afterAll(async () => {
    await unreachable?.stop();
  });

  it('answers 503 auth_unavailable instead of calling a valid token invalid', async () => {
    const response = await api(unreachable, '/api/me', { key: await supabase.mintAccessToken(someone()) });
    expectError(response, 503, 'auth_unavailable');
  });
});

/**
 * Languages end to end over HTTP: API error details and field messages in the
 * caller's language (profile, else Accept-Language) with unchanged codes; the
 * profile's language saved through PATCH /api/me; e-mails (auth and
 * notifications) in the recipient's language, through a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { api, DEFAULT_PASSWORD, expectError, sessionCookie, signIn, uniqueEmail } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

let sink: SmtpSink;
let server: TestServer;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ env: { SMTP_URL: sink.url } });
});
afterAll(async () => {
  await server?.stop();
  await sink?.close();
});

const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');

/** Signs up in a browser language, confirms through the mailed link, signs in; returns the cookie and the confirmation mail. */
async function signUpIn(language: string) {
  const email = uniqueEmail(`lang-${language.slice(0, 2)}`);
  const headers = { 'accept-language': language };
  expect((await api(server, '/api/auth/signup', { method: 'POST', body: { email, password: DEFAULT_PASSWORD }, headers })).status).toBe(202);
  const mail = await sink.waitFor((m) => m.to.includes(email) && /verify-email\?token=/.test(unfold(m.raw)));
  const token = /verify-email\?token=([\w-]+)/.exec(unfold(mail.raw))![1];
  expect((await api(server, '/api/auth/verify-email', { method: 'POST', body: { token } })).status).toBe(200);
  const cookie = sessionCookie(await signIn(server, email, DEFAULT_PASSWORD));
  return { email, cookie, mail };
}

describe('API errors', () => {
  it('words validation errors and their field messages in the browser language, with the same code and paths', async () => {
    const body = { email: 'not-an-address', password: 'x' };
    const english = expectError(await api(server, '/api/auth/signup', { method: 'POST', body }), 422, 'validation_failed');
    const swedish = expectError(await api(server, '/api/auth/signup', { method: 'POST', body, headers: { 'accept-language': 'sv-SE,sv;q=0.9' } }), 422, 'validation_failed');
    const german = expectError(await api(server, '/api/auth/signup', { method: 'POST', body, headers: { 'accept-language': 'de-CH' } }), 422, 'validation_failed');
    const message = (b: { errors: { path: string; message: string }[] }, path: string) => b.errors.find((e) => e.path === path)!.message;
    expect(message(english, 'body.email')).toBe('Enter a valid e-mail address');
    expect(message(swedish, 'body.email')).toBe('Ange en giltig e-postadress');
    expect(message(german, 'body.email')).toBe('Gib eine gültige E-Mail-Adresse ein');
    expect(swedish.errors.map((e: { path: string }) => e.path)).toEqual(english.errors.map((e: { path: string }) => e.path));
    expect(swedish.detail).toMatch(/^Ogiltig begäran: body\.\w+: /);
    expect(german.detail).toMatch(/^Ungültige Anfrage: body\.\w+: /);
  });

  it('words the common refusals (not signed in, not JSON, cross-origin) in the browser language', async () => {
    expect(expectError(await api(server, '/api/me', { headers: { 'accept-language': 'de' } }), 401, 'unauthorized').detail).toBe('Nicht angemeldet');
    expect(expectError(await api(server, '/api/me', { headers: { 'accept-language': 'fr, sv;q=0.5' } }), 401, 'unauthorized').detail).toBe('Inte inloggad');
    expect(expectError(await api(server, '/api/me', { headers: { 'accept-language': 'fr' } }), 401, 'unauthorized').detail).toBe('Not authenticated');
    const notJson = await api(server, '/api/auth/signin', { method: 'POST', body: '{"email": ', headers: { 'accept-language': 'sv' } });
    expect(expectError(notJson, 400, 'invalid_json').detail).toBe('Begärans innehåll är inte giltig JSON');
    const foreign = await api(server, '/api/auth/signin', { method: 'POST', body: {}, origin: 'https://evil.example', headers: { 'accept-language': 'de' } });
    expect(expectError(foreign, 403, 'bad_origin').detail).toBe('Anfrage von einer anderen Website abgelehnt');
  });

  it('follows the profile language over the browser, and the language can be set back to the browser', async () => {
    const { cookie } = await signUpIn('en');
    const saved = await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: 'sv' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.locale).toBe('sv');
    expect((await api(server, '/api/me', { cookie })).body).toMatchObject({ locale: 'sv' });

    const missing = await api(server, '/api/charge-points/00000000-0000-4000-8000-000000000000', { cookie, headers: { 'accept-language': 'de' } });
    expect(expectError(missing, 404, 'not_found').detail).toBe('Laddboxen hittades inte');

    const unknown = await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: 'fr' }, headers: { 'accept-language': 'de' } });
    expect(expectError(unknown, 422, 'validation_failed').errors[0]).toMatchObject({ path: 'body.locale', message: 'Choose English, Swedish or German' });
    // The name stays as it was when only the language changes, and the other way round.
    expect((await api(server, '/api/me', { method: 'PATCH', cookie, body: { name: 'Greta' } })).body).toMatchObject({ name: 'Greta', locale: 'sv' });
    expect((await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: null } })).body).toMatchObject({ name: 'Greta', locale: null });
    const browser = await api(server, '/api/charge-points/00000000-0000-4000-8000-000000000000', { cookie, headers: { 'accept-language': 'de' } });
    expect(expectError(browser, 404, 'not_found').detail).toBe('Ladestation nicht gefunden');
    const extra = await api(server, '/api/me', { method: 'PATCH', cookie, body: { role: 'admin' } });
    expectError(extra, 422, 'validation_failed');
  });
});

describe('domain errors and texts the server words', () => {
  const asked = (language: string) => ({ 'accept-language': language });

  it('words a site member conflict in the browser language, or the profile language, with its arguments', async () => {
    const { email, cookie } = await signUpIn('en');
    const site = await api(server, '/api/sites', { method: 'POST', cookie, body: { name: 'Sommarstuga' } });
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    const invite = (to: string, headers?: Record<string, string>) =>
      api(server, `/api/sites/${site.body.id}/members`, { method: 'POST', cookie, body: { email: to, role: 'driver' }, headers });

    expect(expectError(await invite(email), 409, 'member_is_owner').detail).toBe('You own this site already');
    expect(expectError(await invite(email, asked('sv-SE')), 409, 'member_is_owner').detail).toBe('Du äger redan den här platsen');
    expect(expectError(await invite(email, asked('de')), 409, 'member_is_owner').detail).toBe('Dieser Standort gehört dir bereits');

    const guest = uniqueEmail('guest');
    expect((await invite(guest)).status).toBe(201);
    expect(expectError(await invite(guest), 409, 'member_exists').detail).toBe(`${guest} is already a member of this site (or invited)`);
    expect((await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: 'de' } })).status).toBe(200);
    // The profile's language wins over the browser's.
    expect(expectError(await invite(guest, asked('sv')), 409, 'member_exists').detail).toBe(`${guest} ist bereits Mitglied dieses Standorts (oder eingeladen)`);
  });

  it('words a planner field error in Swedish and German: the detail and the field message alike', async () => {
    const { cookie } = await signUpIn('en');
    const site = await api(server, '/api/sites', { method: 'POST', cookie, body: { name: 'Hem' } });
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 7 * 60_000);
    const slots = [{ start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString(), price_per_kwh: 1.5 }];
    const push = (headers?: Record<string, string>) => api(server, `/api/ha/sites/${site.body.id}/prices`, { method: 'POST', cookie, body: { slots }, headers });

    const english = expectError(await push(), 400, 'validation_error');
    expect(english).toMatchObject({ detail: 'A slot starts on a quarter hour', errors: [{ path: 'body.slots.0.start', message: 'A slot starts on a quarter hour' }] });
    const swedish = expectError(await push(asked('sv')), 400, 'validation_error');
    expect(swedish).toMatchObject({ detail: 'Ett intervall börjar på en kvart', errors: [{ path: 'body.slots.0.start', message: 'Ett intervall börjar på en kvart' }] });
    expect(expectError(await push(asked('de-AT')), 400, 'validation_error').detail).toBe('Ein Zeitfenster beginnt zur Viertelstunde');
  });

  it('names the source of a measurement in the reader’s language', async () => {
    const { cookie } = await signUpIn('en');
    const site = await api(server, '/api/sites', { method: 'POST', cookie, body: { name: 'Villa', max_current_a: 25 } });
    const pushed = await api(server, `/api/ha/sites/${site.body.id}/measurements`, { method: 'POST', cookie, body: { grid_power_w: 1200 } });
    expect(pushed.body, JSON.stringify(pushed.body)).toMatchObject({ source: 'app' });
    const status = (language: string) => api(server, `/api/ha/sites/${site.body.id}`, { cookie, headers: asked(language) });
    expect((await status('sv')).body.measurement).toMatchObject({ source: 'appen' });
    expect((await status('de')).body.measurement).toMatchObject({ source: 'App' });
  });
});

describe('e-mails', () => {
  it('sends the confirmation in the language the person signed up in', async () => {
    const { mail } = await signUpIn('de-DE,de;q=0.9,en;q=0.5');
    expect(mail.subject).toBe('Bestätige deine E-Mail-Adresse für EVConduit');
    const english = await signUpIn('en-GB');
    expect(english.mail.subject).toBe('Confirm your EVConduit e-mail address');
  });

  it('sends the password reset in the profile language, whatever the browser says', async () => {
    const { email, cookie } = await signUpIn('en');
    expect((await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: 'sv' } })).status).toBe(200);
    const asked = await api(server, '/api/auth/password-reset', { method: 'POST', body: { email }, headers: { 'accept-language': 'de' } });
    expect(asked.status).toBe(200);
    const mail = await sink.waitFor((m) => m.to.includes(email) && /reset-password\?token=/.test(unfold(m.raw)));
    expect(mail.subject).toBe('Återställ ditt lösenord för EVConduit');
  });

  it('writes notifications in the recipient’s language: subject, text and the link’s words', async () => {
    const { email, cookie } = await signUpIn('en');
    expect((await api(server, '/api/me', { method: 'PATCH', cookie, body: { locale: 'de' } })).status).toBe(200);
    const sent = await api(server, '/api/notifications/test', { method: 'POST', cookie, body: { channel: 'email' } });
    expect(sent.body, JSON.stringify(sent.body)).toMatchObject({ status: 'sent' });
    const mail = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('EVConduit') && !/token=/.test(unfold(m.raw)));
    expect(mail.subject).toBe('Testbenachrichtigung von EVConduit');
    expect(unfold(mail.raw)).toContain('EVConduit ');
    // The history shows the title in the reader's language.
    const history = await api(server, '/api/notifications/history', { cookie });
    expect(history.body.deliveries[0].title).toBe('Testbenachrichtigung von EVConduit');
  });
});

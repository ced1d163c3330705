/**
 * Notifications for people, end to end: a real server sends e-mail to a
 * real SMTP server (smtp-server sink) and messages to a fake ntfy over HTTP,
 * driven by real OCPP charge points. Each incident is told once (replays,
 * repeated states, restarts), preferences and quiet hours are respected, a
 * failing channel is retried, and a server killed mid-queue sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNtfy, type FakeNtfy, type NtfyMessage } from '../fakes/ntfy';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { startFakePushService, type FakePushService } from '../fakes/web-push-endpoint';
import { api, DEFAULT_PASSWORD, sessionCookie, signIn, uniqueEmail, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let sink: SmtpSink;
let ntfy: FakeNtfy;
let pushService: FakePushService;
let server: TestServer;
let owner: Account;
const clients: RPCClient[] = [];

const env = () => ({
  SMTP_URL: sink.url,
  NOTIFY_OFFLINE_AFTER_S: '2',
  NOTIFY_NO_ENERGY_AFTER_S: '2',
  NOTIFY_RETRY_BASE_MS: '300',
  NOTIFY_ALLOW_PRIVATE_ADDRESSES: 'true',
  JOB_INTERVAL_MS: '1000',
  JOB_LEASE_MS: '3000',
});

/** Quoted-printable soft line breaks and escapes undone, enough to find a link in a mail. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');

/** Signs up, confirms the address with the link from the mail the sink received, signs in. */
async function signUpThroughMail(target: TestServer): Promise<Account> {
  const email = uniqueEmail('notify');
  expect((await api(target, '/api/auth/signup', { method: 'POST', body: { email, password: DEFAULT_PASSWORD } })).status).toBe(202);
  const mail = await sink.waitFor((m) => m.to.includes(email) && /verify-email\?token=/.test(unfold(m.raw)));
  const token = /verify-email\?token=([\w-]+)/.exec(unfold(mail.raw))![1];
  expect((await api(target, '/api/auth/verify-email', { method: 'POST', body: { token } })).status).toBe(200);
  const signedIn = await signIn(target, email, DEFAULT_PASSWORD);
  return { cookie: sessionCookie(signedIn), user: signedIn.body.user, email, password: DEFAULT_PASSWORD };
}

async function savePrefs(body: Record<string, unknown>, account = owner, target = server) {
  const current = (await api(target, '/api/notifications/preferences', { cookie: account.cookie })).body;
  const events = Object.fromEntries(current.events.map((e: { key: string; channels: unknown }) => [e.key, e.channels]));
  const response = await api(target, '/api/notifications/preferences', {
    method: 'PUT',
    cookie: account.cookie,
    body: { events, ntfy_url: current.channels.ntfy.url, quiet_hours: current.quiet_hours, time_zone: current.time_zone, ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

const enable = (group: string, channels: Record<string, boolean>) => async (account = owner, target = server) => {
  const current = (await api(target, '/api/notifications/preferences', { cookie: account.cookie })).body;
  const events = Object.fromEntries(current.events.map((e: { key: string; channels: Record<string, boolean> }) => [e.key, e.channels]));
  events[group] = { ...events[group], ...channels };
  return savePrefs({ events }, account, target);
};

async function history(account = owner, target = server) {
  const response = await api(target, '/api/notifications/history', { cookie: account.cookie });
  expect(response.status).toBe(200);
  return response.body.deliveries as Array<Record<string, any>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const titled = (title: string) => (m: NtfyMessage) => m.title === title;
const countNtfy = (title: string) => ntfy.received.filter(titled(title)).length;
const countMail = (subject: string) => sink.received.filter((m) => m.subject === subject).length;

async function charger(label: string, target = server, account = owner): Promise<{ cp: RegisteredChargePoint; client: RPCClient; name: string }> {
  const name = `${label} ${randomBytes(3).toString('hex')}`;
  const cp = await registerChargePoint(target, account.cookie, `${label}-${randomBytes(4).toString('hex')}`, name);
  const client = await bootedCharger(target, cp, 'ocpp1.6');
  clients.push(client);
  return { cp, client, name };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function session(client: RPCClient, wh: number, connectorId = 1) {
  const { transactionId } = (await client.call('StartTransaction', { connectorId, idTag: 'NOTIFY', meterStart: 1000, timestamp: minutesAgo(90) })) as {
    transactionId: number;
  };
  const stop = { transactionId, meterStop: 1000 + wh, timestamp: minutesAgo(5), reason: 'Local' };
  await client.call('StopTransaction', stop);
  return stop;
}

beforeAll(async () => {
  [sink, ntfy, pushService] = await Promise.all([startSmtpSink(), startFakeNtfy(), startFakePushService()]);
  server = await startServer({ env: env() });
  owner = await signUpThroughMail(server);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true }).catch(() => {})));
  await server?.stop();
  await Promise.all([sink?.close(), ntfy?.close(), pushService?.close()]);
});

describe('preferences', () => {
  it('default to e-mail for faults and broken links only, and validate what is saved', async () => {
    const prefs = (await api(server, '/api/notifications/preferences', { cookie: owner.cookie })).body;
    const channels = Object.fromEntries(prefs.events.map((e: { key: string; channels: unknown }) => [e.key, e.channels]));
    expect(channels.charge_point_fault).toEqual({ email: true, ntfy: false, webpush: false });
    expect(channels.vehicle_link_broken).toEqual({ email: true, ntfy: false, webpush: false });
    expect(channels.session_finished).toEqual({ email: false, ntfy: false, webpush: false });
    expect(prefs.channels.email.address).toBe(owner.email);

    for (const ntfy_url of ['ftp://ntfy.sh/topic', 'https://ntfy.sh/a/b', 'https://user:pw@ntfy.sh/topic', 'https://ntfy.sh/']) {
      const bad = await api(server, '/api/notifications/preferences', {
        method: 'PUT',
        cookie: owner.cookie,
        body: { events: {}, ntfy_url, quiet_hours: null, time_zone: 'UTC' },
      });
      expect(bad.status, ntfy_url).toBe(422);
    }
    const badZone = await api(server, '/api/notifications/preferences', {
      method: 'PUT',
      cookie: owner.cookie,
      body: { events: {}, ntfy_url: null, quiet_hours: null, time_zone: 'Mars/Olympus' },
    });
    expect(badZone.status).toBe(422);
    expect((await api(server, '/api/notifications/preferences')).status).toBe(401);
  });

  it('offer no SMS without the Twilio settings, and refuse it with a clear error', async () => {
    const prefs = (await api(server, '/api/notifications/preferences', { cookie: owner.cookie })).body;
    expect(prefs.channels).not.toHaveProperty('sms');
    expect((await api(server, '/api/notifications/sms', { cookie: owner.cookie })).body).toEqual({ available: false });
    const code = await api(server, '/api/notifications/sms/code', { method: 'POST', cookie: owner.cookie, body: { phone: '+4915123456789' } });
    expect(code.status).toBe(409);
    expect(code.body).toMatchObject({ code: 'sms_not_configured', detail: expect.stringMatching(/Twilio/) });
    const choose = await api(server, '/api/notifications/preferences', {
      method: 'PUT',
      cookie: owner.cookie,
      body: { events: { session_finished: { sms: true } }, ntfy_url: null, quiet_hours: null, time_zone: 'UTC' },
    });
    expect(choose.status).toBe(409);
    expect((await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'sms' } })).body.code).toBe('sms_not_configured');
  });

  it('sends a test per channel: e-mail with text and HTML, ntfy once a topic is set', async () => {
    const email = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'email' } });
    expect(email.body).toEqual({ status: 'sent', error: null });
    const mail = await sink.waitFor((m) => m.to.includes(owner.email) && m.subject === 'EVConduit test notification');
    expect(mail.raw).toMatch(/text\/plain/);
    expect(mail.raw).toMatch(/text\/html/);

    const early = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'ntfy' } });
    expect(early.status).toBe(409);
    await savePrefs({ ntfy_url: `${ntfy.url}/evc-${randomBytes(4).toString('hex')}` });
    const pushed = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'ntfy' } });
    expect(pushed.body).toEqual({ status: 'sent', error: null });
    await ntfy.waitFor(titled('EVConduit test notification'));
    const tests = (await history()).filter((d) => d.kind === 'test');
    expect(tests.map((d) => [d.channel, d.status]).sort()).toEqual([['email', 'sent'], ['ntfy', 'sent']]);
  });
});

describe('Web Push', () => {
  it('sends encrypted messages a browser can decrypt, signed with the one VAPID key, and forgets expired subscriptions', async () => {
    const keys = (await api(server, '/api/notifications/web-push', { cookie: owner.cookie })).body;
    expect(keys).toMatchObject({ public_key: expect.stringMatching(/^[\w-]{87}$/), devices: 0 });
    expect((await api(server, '/api/notifications/web-push', { cookie: owner.cookie })).body.public_key).toBe(keys.public_key);

    const early = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'webpush' } });
    expect(early.status).toBe(409);
    const bad = await api(server, '/api/notifications/web-push', { method: 'POST', cookie: owner.cookie, body: { endpoint: 'https://push.example/x', keys: { p256dh: 'short', auth: 'x' } } });
    expect(bad.status).toBe(422);

    const phone = pushService.subscribe();
    const laptop = pushService.subscribe();
    for (const browser of [phone, laptop]) {
      expect((await api(server, '/api/notifications/web-push', { method: 'POST', cookie: owner.cookie, body: browser })).status).toBe(200);
    }
    expect((await api(server, '/api/notifications/preferences', { cookie: owner.cookie })).body.channels.webpush).toEqual({ devices: 2 });

    const test = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'webpush' } });
    expect(test.body).toEqual({ status: 'sent', error: null });
    const message = await pushService.waitFor((m) => m.payload.title === 'EVConduit test notification');
    expect(message.payload.body).toContain('webpush');
    expect(message.payload.url).toBe(`${server.url}/notifications`);
    expect(message.vapidKey).toBe(keys.public_key);
    expect(pushService.received.filter((m) => m.payload.title === 'EVConduit test notification')).toHaveLength(2);

    // An expired browser is removed; the other still gets the event.
    pushService.expire(laptop.endpoint);
    await enable('session_finished', { webpush: true })();
    const { client, name } = await charger('push');
    await session(client, 3000);
    const pushed = await pushService.waitFor((m) => m.payload.title === `Charging finished at ${name}`);
    expect(pushed.payload.body).toContain('Energy: 3.00 kWh');
    for (let i = 0; i < 30; i++, await sleep(100)) {
      if ((await api(server, '/api/notifications/web-push', { cookie: owner.cookie })).body.devices === 1) break;
    }
    expect((await api(server, '/api/notifications/web-push', { cookie: owner.cookie })).body.devices).toBe(1);

    expect((await api(server, '/api/notifications/web-push', { method: 'DELETE', cookie: owner.cookie, body: { endpoint: phone.endpoint } })).status).toBe(200);
    expect((await api(server, '/api/notifications/web-push', { cookie: owner.cookie })).body.devices).toBe(0);
    await enable('session_finished', { webpush: false })();
  });
});

describe('events', () => {
  it('a finished session is told once with energy and duration, however often the stop is replayed', async () => {
    await enable('session_finished', { ntfy: true })();
    const { client, name } = await charger('finish');
    const stop = await session(client, 5000);
    const message = await ntfy.waitFor(titled(`Charging finished at ${name}`));
    expect(message.message).toContain('Energy: 5.00 kWh');
    expect(message.message).toContain('Duration: 1 h 25 min');
    await client.call('StopTransaction', stop);
    await client.call('StopTransaction', stop);
    await sleep(2500);
    expect(countNtfy(`Charging finished at ${name}`)).toBe(1);
    expect(countMail(`Charging finished at ${name}`)).toBe(0); // e-mail not chosen
  });

  it('a fault is one e-mail (the default) and its recovery one more, however often it is reported', async () => {
    const { client, name } = await charger('fault');
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
    const mail = await sink.waitFor((m) => m.subject === `${name} reports a fault`);
    expect(unfold(mail.raw)).toContain('Connector 1: GroundFailure');
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'GroundFailure', status: 'Faulted' });
    await client.call('StatusNotification', { connectorId: 2, errorCode: 'OverCurrentFailure', status: 'Faulted' });
    await sleep(2000);
    expect(countMail(`${name} reports a fault`)).toBe(1);

    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await sleep(1500);
    expect(countMail(`${name} recovered`)).toBe(0); // connector 2 still faulted
    await client.call('StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' });
    await sink.waitFor((m) => m.subject === `${name} recovered`);
    await sleep(2000);
    expect(countMail(`${name} recovered`)).toBe(1);
    expect(countNtfy(`${name} reports a fault`)).toBe(0); // ntfy not chosen for faults
  });

  it('a session without energy is told once', async () => {
    await enable('session_no_energy', { ntfy: true })();
    const { client, name } = await charger('noenergy');
    await client.call('StartTransaction', { connectorId: 1, idTag: 'NOTIFY', meterStart: 200, timestamp: new Date().toISOString() });
    await ntfy.waitFor(titled(`No energy flowing at ${name}`), 15_000);
    await sleep(3000);
    expect(countNtfy(`No energy flowing at ${name}`)).toBe(1);
  });

  it('quiet hours hold a notification until they end, in the user’s time zone', async () => {
    const zone = 'Asia/Kolkata'; // UTC+05:30, no daylight saving
    const local = new Date(Date.now() + 330 * 60_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const start = hhmm(new Date(local.getTime() - 60 * 60_000));
    const end = hhmm(new Date(local.getTime() + 60 * 60_000));
    await savePrefs({ quiet_hours: { start, end }, time_zone: zone });
    const { client, name } = await charger('quiet');
    await session(client, 1000);
    let held: Record<string, any> | undefined;
    for (let i = 0; i < 50 && !held; i++, await sleep(100)) held = (await history()).find((d) => d.title === `Charging finished at ${name}`);
    expect(held).toMatchObject({ status: 'queued', channel: 'ntfy' });
    const waitMinutes = (new Date(held!.next_attempt_at).getTime() - Date.now()) / 60_000;
    expect(waitMinutes).toBeGreaterThan(58);
    expect(waitMinutes).toBeLessThan(61);
    await sleep(2500);
    expect(countNtfy(`Charging finished at ${name}`)).toBe(0);
    await savePrefs({ quiet_hours: null });
  });

  it('retries a channel that fails, with back-off, and sends once it answers', async () => {
    ntfy.failNext(2);
    const { client, name } = await charger('retry');
    await session(client, 2000);
    await ntfy.waitFor(titled(`Charging finished at ${name}`), 20_000);
    let row: Record<string, any> | undefined;
    for (let i = 0; i < 50 && row?.status !== 'sent'; i++, await sleep(100)) row = (await history()).find((d) => d.title === `Charging finished at ${name}`);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(countNtfy(`Charging finished at ${name}`)).toBe(1);
  });

  it('an outage is one "offline" and one "back online", across a restart of the server', async () => {
    await enable('charge_point_offline', { ntfy: true })();
    const { cp, client, name } = await charger('outage');
    await client.close({ force: true });
    await ntfy.waitFor(titled(`${name} is offline`), 20_000);

    await server.stop('SIGTERM', { keepData: true });
    server = await startServer({ env: env(), dataFrom: server });
    await sleep(4000);
    expect(countNtfy(`${name} is offline`)).toBe(1);

    const back = await bootedCharger(server, cp, 'ocpp1.6');
    clients.push(back);
    const online = await ntfy.waitFor(titled(`${name} is back online`), 30_000);
    expect(online.message).toMatch(/offline for \d+ min/);
    await sleep(3000);
    expect(countNtfy(`${name} is offline`)).toBe(1);
    expect(countNtfy(`${name} is back online`)).toBe(1);
  }, 120_000);

  it('many charge points going offline at once are one alert each, also when a slow ntfy holds the sender up', async () => {
    await enable('charge_point_offline', { ntfy: true })();
    const burst = await Promise.all(Array.from({ length: 60 }, () => charger('mass')));
    // 16 sends at a time, 6 s each: the batch's fourth round would begin after 10 s, so those rows go back to the queue unsent.
    ntfy.delay(6000);
    try {
      await Promise.all(burst.map(({ client }) => client.close({ force: true })));
      await Promise.all(burst.map(({ name }) => ntfy.waitFor(titled(`${name} is offline`), 90_000)));
    } finally {
      ntfy.delay(0);
    }
    await sleep(2000);
    for (const { name } of burst) expect(countNtfy(`${name} is offline`), name).toBe(1);
    const titles = new Set(burst.map(({ name }) => `${name} is offline`));
    const rows = (await history()).filter((d) => titles.has(d.title));
    expect(rows).toHaveLength(burst.length);
    // Handed back unsent, a row is tried as if for the first time.
    for (const row of rows) expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  }, 150_000);
});

describe('administrators', () => {
  it('see the failed deliveries of every user; others may not', async () => {
    expect(owner.user.role).toBe('admin'); // the installation's first account
    await savePrefs({ ntfy_url: 'http://127.0.0.1:9/dead-topic' });
    const failed = await api(server, '/api/notifications/test', { method: 'POST', cookie: owner.cookie, body: { channel: 'ntfy' } });
    expect(failed.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/ECONNREFUSED/) });
    const failures = await api(server, '/api/admin/notifications/failures', { cookie: owner.cookie });
    expect(failures.status).toBe(200);
    expect(failures.body.deliveries).toContainEqual(
      expect.objectContaining({ kind: 'test', channel: 'ntfy', status: 'failed', user_email: owner.email, last_error: expect.stringMatching(/ECONNREFUSED/) }),
    );
    const page = await fetch(`${server.url}/admin/notifications`, { headers: { cookie: owner.cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Failed deliveries');
    expect(html).toContain(owner.email);

    const other = await signUpThroughMail(server);
    expect((await api(server, '/api/admin/notifications/failures', { cookie: other.cookie })).status).toBe(403);
    await savePrefs({ ntfy_url: `${ntfy.url}/evc-${randomBytes(4).toString('hex')}` });
  });
});

describe('durability', () => {
  it('a server killed mid-queue sends nothing twice and loses nothing but what was in flight', async () => {
    const { client, name } = await charger('burst');
    ntfy.delay(1500);
    const sessions = 12;
    for (let i = 1; i <= sessions; i++) await session(client, i * 1000, 1);
    await ntfy.waitFor(titled(`Charging finished at ${name}`), 20_000);
    await server.kill({ keepData: true });
    ntfy.delay(0);
    server = await startServer({ env: env(), dataFrom: server });

    const mine = async () => (await history()).filter((d) => d.title === `Charging finished at ${name}`);
    // Rows the crash left `sending` are resolved once no send can still run (45 s).
    for (let i = 0; i < 120; i++) {
      if ((await mine()).every((d) => d.status === 'sent' || d.status === 'failed')) break;
      await sleep(1000);
    }
    const rows = await mine();
    expect(rows).toHaveLength(sessions);
    const received = ntfy.received.filter(titled(`Charging finished at ${name}`)).map((m) => m.message.split('\n')[0]);
    expect(new Set(received).size).toBe(received.length); // never twice
    const sent = rows.filter((d) => d.status === 'sent');
    const inDoubt = rows.filter((d) => d.status === 'failed');
    for (const d of inDoubt) expect(d.last_error).toMatch(/In doubt/);
    expect(sent.length + inDoubt.length).toBe(sessions);
    expect(received.length).toBeGreaterThanOrEqual(sent.length);
    expect(received.length).toBeLessThanOrEqual(sessions);
  }, 150_000);
});

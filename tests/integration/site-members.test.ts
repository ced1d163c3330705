/**
 * Site members (docs/sites.md): invitations, and each role against every
 * other's rows: a manager reaches the site's charge points and sessions but
 * never the owner's other sites nor member changes; a driver sees only their
 * own sessions and tags, starts and stops with their own tag, and loses it
 * all when removed. One server, real OCPP charge points.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { api, createApiKey, expectError, mailedToken, signUp, uniqueEmail, type Account } from '../helpers/api';
import { registerChargePoint, ScriptedCharger, type RegisteredChargePoint } from '../helpers/ocpp';
import { startServer, type TestServer } from '../helpers/server';

let server: TestServer;
let owner: Account;
let stranger: Account;
let manager: Account;
let driver1: Account;
let driver2: Account;
const sites: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const cps: Record<'a' | 'b' | 'c', RegisteredChargePoint> = {} as never;
const members: Record<string, string> = {};
const tags: Record<string, { id: string; tag: string }> = {};
let chargerA: ScriptedCharger;
let chargerB: ScriptedCharger;
const clients: RPCClient[] = [];

const hex = () => randomBytes(4).toString('hex');
const ok = (response: { status: number; body: unknown }, status = 200) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body as any;
};

async function createSite(account: Account, name: string) {
  return ok(await api(server, '/api/sites', { method: 'POST', cookie: account.cookie, body: { name } }), 201).id as string;
}
async function onSite(account: Account, siteId: string, label: string) {
  const cp = await registerChargePoint(server, account.cookie, `${label}-${hex()}`);
  ok(await api(server, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: account.cookie, body: { site_id: siteId } }));
  return cp;
}
const invite = (siteId: string, email: string, role: string, as = owner) =>
  api(server, `/api/sites/${siteId}/members`, { method: 'POST', cookie: as.cookie, body: { email, role } });
async function createTag(body: Record<string, unknown>) {
  const created = ok(await api(server, '/api/id-tags', { method: 'POST', cookie: owner.cookie, body }), 201);
  return { id: created.id as string, tag: created.tag as string };
}
const authorize = async (charger: ScriptedCharger, idTag: string) => ((await charger.client.call('Authorize', { idTag })) as any).idTagInfo.status as string;

async function session(charger: ScriptedCharger, idTag: string, whStart: number, whStop: number) {
  const started = (await charger.client.call('StartTransaction', { connectorId: 1, idTag, meterStart: whStart, timestamp: new Date(Date.now() - 60_000).toISOString() })) as any;
  await charger.client.call('StopTransaction', { transactionId: started.transactionId, idTag, meterStop: whStop, timestamp: new Date().toISOString() });
  return started.transactionId as number;
}

beforeAll(async () => {
  server = await startServer();
  [owner, stranger, manager, driver2] = await Promise.all([signUp(server), signUp(server), signUp(server), signUp(server)]);
  [sites.a, sites.b, sites.c] = await Promise.all([createSite(owner, 'Block A'), createSite(owner, 'Holiday home'), createSite(stranger, 'Elsewhere')]);
  [cps.a, cps.b, cps.c] = await Promise.all([onSite(owner, sites.a, 'garage-a'), onSite(owner, sites.b, 'home-b'), onSite(stranger, sites.c, 'other-c')]);
  chargerA = await ScriptedCharger.connect(server, cps.a, 'ocpp1.6', ['RemoteStartTransaction', 'RemoteStopTransaction']);
  chargerB = await ScriptedCharger.connect(server, cps.b, 'ocpp1.6', []);
  clients.push(chargerA.client, chargerB.client);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await server?.stop();
});

describe('members and invitations', () => {
  it('adds an existing account at once (told by mail) and invites a new address with a single-use link bound on acceptance', async () => {
    const added = ok(await invite(sites.a, manager.email.toUpperCase(), 'manager'), 201);
    expect(added).toMatchObject({ email: manager.email, role: 'manager', status: 'active', invite_expires_at: null });
    members.manager = added.id;
    await server.waitForLog((e) => e.mail?.to === manager.email && /added you to the site "Block A"/.test(e.mail.text));

    ok(await invite(sites.a, driver2.email, 'driver'), 201);
    const d1Email = uniqueEmail('driver1');
    const invited = ok(await invite(sites.a, d1Email, 'driver'), 201);
    expect(invited).toMatchObject({ status: 'invited', role: 'driver' });
    expect(Date.parse(invited.invite_expires_at) - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);
    expectError(await invite(sites.a, d1Email, 'manager'), 409, 'member_exists');
    expectError(await invite(sites.a, owner.email, 'driver'), 409, 'member_is_owner');
    const bad = expectError(await invite(sites.a, 'not-an-address', 'boss'), 422, 'validation_failed');
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.role']);

    const token = await mailedToken(server, d1Email, '/invitation');
    // Someone else signed in cannot take it; the invited address can, once.
    expectError(await api(server, '/api/invitations/accept', { method: 'POST', cookie: stranger.cookie, body: { token } }), 403, 'invitation_other_address');
    driver1 = await signUp(server, d1Email);
    const accepted = ok(await api(server, '/api/invitations/accept', { method: 'POST', cookie: driver1.cookie, body: { token } }));
    expect(accepted).toMatchObject({ id: invited.id, status: 'active' });
    expectError(await api(server, '/api/invitations/accept', { method: 'POST', cookie: driver1.cookie, body: { token } }), 400, 'invalid_invitation');

    const list = ok(await api(server, `/api/sites/${sites.a}/members`, { cookie: owner.cookie })).members;
    for (const m of list) members[m.email] = m.id;
    expect(list.map((m: any) => [m.email, m.role, m.status]).sort()).toEqual(
      [
        [manager.email, 'manager', 'active'],
        [driver2.email, 'driver', 'active'],
        [d1Email, 'driver', 'active'],
      ].sort(),
    );
  });

  it('resends and revokes a pending invitation; the old link stops working', async () => {
    const email = uniqueEmail('later');
    const pending = ok(await invite(sites.a, email, 'driver'), 201);
    const first = await mailedToken(server, email, '/invitation');
    ok(await api(server, `/api/sites/${sites.a}/members/${pending.id}/resend`, { method: 'POST', cookie: owner.cookie }));
    await server.waitForLog((e) => e.mail?.to === email && !e.mail.text.includes(first) && e.mail.text.includes('/invitation?token='));
    const second = await mailedToken(server, email, '/invitation');
    expect(second).not.toBe(first);
    const late = await signUp(server, email);
    expectError(await api(server, '/api/invitations/accept', { method: 'POST', cookie: late.cookie, body: { token: first } }), 400, 'invalid_invitation');
    ok(await api(server, `/api/sites/${sites.a}/members/${pending.id}`, { method: 'DELETE', cookie: owner.cookie }), 204);
    expectError(await api(server, '/api/invitations/accept', { method: 'POST', cookie: late.cookie, body: { token: second } }), 400, 'invalid_invitation');
  });

  it('lets only the owner change members: a manager reads the list, a driver not even that, a stranger finds no site', async () => {
    const path = `/api/sites/${sites.a}/members`;
    ok(await api(server, path, { cookie: manager.cookie }));
    expectError(await invite(sites.a, uniqueEmail(), 'driver', manager), 403, 'forbidden');
    expectError(await api(server, `${path}/${members[driver2.email]}`, { method: 'PATCH', cookie: manager.cookie, body: { role: 'manager' } }), 403, 'forbidden');
    expectError(await api(server, `${path}/${members[driver2.email]}`, { method: 'DELETE', cookie: manager.cookie }), 403, 'forbidden');
    expectError(await api(server, path, { cookie: driver1.cookie }), 403, 'forbidden');
    expectError(await api(server, path, { cookie: stranger.cookie }), 404, 'not_found');
    expectError(await invite(sites.a, uniqueEmail(), 'driver', stranger), 404, 'not_found');
    // A member id of another site is not found through this one.
    expectError(await api(server, `/api/sites/${sites.b}/members/${members[driver2.email]}`, { method: 'PATCH', cookie: owner.cookie, body: { role: 'manager' } }), 404, 'not_found');
    expectError(await api(server, `/api/sites/${sites.b}/members`, { cookie: manager.cookie }), 404, 'not_found');
  });
});

describe('id tags of people', () => {
  it('assigns tags to members or a free-text holder; a member of someone else’s site is refused', async () => {
    tags.d1 = await createTag({ tag: `D1-${hex()}`, member_id: members[driver1.email] });
    tags.d2 = await createTag({ tag: `D2-${hex()}`, member_id: members[driver2.email] });
    tags.tenant = await createTag({ tag: `T3B-${hex()}`, holder: 'Apartment 3B' });
    const listed = ok(await api(server, '/api/id-tags', { cookie: owner.cookie })).id_tags;
    expect(listed.find((t: any) => t.id === tags.tenant.id)).toMatchObject({ holder: 'Apartment 3B', member_id: null });
    expect(listed.find((t: any) => t.id === tags.d1.id)).toMatchObject({ member_id: members[driver1.email] });
    expectError(await api(server, '/api/id-tags', { method: 'POST', cookie: stranger.cookie, body: { tag: 'X1', member_id: members[driver1.email] } }), 404, 'not_found');
    expectError(await api(server, `/api/id-tags/${tags.tenant.id}`, { method: 'PATCH', cookie: stranger.cookie, body: { holder: 'x' } }), 404, 'not_found');

    expect((ok(await api(server, '/api/me/id-tags', { cookie: driver1.cookie })).id_tags as any[]).map((t) => t.tag)).toEqual([tags.d1.tag]);
    expect(ok(await api(server, '/api/me/id-tags', { cookie: manager.cookie })).id_tags).toEqual([]);
  });

  it('accepts a member’s tag on their site’s charge points only', async () => {
    expect(await authorize(chargerA, tags.d1.tag)).toBe('Accepted');
    expect(await authorize(chargerB, tags.d1.tag)).toBe('Invalid');
    expect(await authorize(chargerB, tags.tenant.tag)).toBe('Accepted');
  });
});

describe('id tags of a site’s members, managed by its managers', () => {
  it('lists, creates, reassigns, blocks and unblocks the site members’ tags, never the owner’s other tags', async () => {
    const path = `/api/sites/${sites.a}/id-tags`;
    const listed = ok(await api(server, path, { cookie: manager.cookie })).id_tags;
    expect(listed.map((t: any) => t.tag).sort()).toEqual([tags.d1.tag, tags.d2.tag].sort());
    expect(listed.find((t: any) => t.id === tags.d1.id)).toMatchObject({ member_id: members[driver1.email], member_email: driver1.email });
    expectError(await api(server, path, { cookie: driver1.cookie }), 403, 'forbidden');
    expectError(await api(server, path, { cookie: stranger.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/sites/${sites.b}/id-tags`, { cookie: manager.cookie }), 404, 'not_found');

    const bad = expectError(await api(server, path, { method: 'POST', cookie: manager.cookie, body: { tag: '', member_id: 'nobody' } }), 422, 'validation_failed');
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.member_id', 'body.tag']);
    expectError(await api(server, path, { method: 'POST', cookie: manager.cookie, body: { tag: `M-${hex()}`, member_id: crypto.randomUUID() } }), 404, 'not_found');
    expectError(await api(server, path, { method: 'POST', cookie: manager.cookie, body: { tag: tags.tenant.tag, member_id: members[driver1.email] } }), 409, 'id_tag_taken');
    expectError(await api(server, path, { method: 'POST', cookie: driver1.cookie, body: { tag: `M-${hex()}`, member_id: members[driver1.email] } }), 403, 'forbidden');
    const made = ok(await api(server, path, { method: 'POST', cookie: manager.cookie, body: { tag: `M-${hex()}`, member_id: members[driver1.email], holder: 'Spare card' } }), 201);
    expect(made).toMatchObject({ member_id: members[driver1.email], holder: 'Spare card', status: 'Accepted' });
    // The tag is the owner's (it works on the owner's charge points of this site only).
    expect(ok(await api(server, '/api/id-tags', { cookie: owner.cookie })).id_tags.map((t: any) => t.id)).toContain(made.id);
    expect(await authorize(chargerA, made.tag)).toBe('Accepted');
    expect(await authorize(chargerB, made.tag)).toBe('Invalid');

    const one = `${path}/${made.id}`;
    expect(ok(await api(server, one, { method: 'PATCH', cookie: manager.cookie, body: { status: 'Blocked' } }))).toMatchObject({ status: 'Blocked' });
    expect(await authorize(chargerA, made.tag)).toBe('Blocked');
    expect(ok(await api(server, one, { method: 'PATCH', cookie: manager.cookie, body: { status: 'Accepted', member_id: members[driver2.email] } }))).toMatchObject({
      status: 'Accepted',
      member_email: driver2.email,
    });
    expect(await authorize(chargerA, made.tag)).toBe('Accepted');
    expectError(await api(server, one, { method: 'PATCH', cookie: manager.cookie, body: { status: 'Invalid' } }), 422, 'validation_failed');
    expectError(await api(server, one, { method: 'PATCH', cookie: manager.cookie, body: { member_id: crypto.randomUUID() } }), 404, 'not_found');
    expectError(await api(server, one, { method: 'PATCH', cookie: driver2.cookie, body: { status: 'Blocked' } }), 403, 'forbidden');
    // The owner's tag of no member (and so of no site) is not the manager's.
    expectError(await api(server, `${path}/${tags.tenant.id}`, { method: 'PATCH', cookie: manager.cookie, body: { status: 'Blocked' } }), 404, 'not_found');
    expectError(await api(server, `/api/sites/${sites.b}/id-tags/${made.id}`, { method: 'PATCH', cookie: owner.cookie, body: { status: 'Blocked' } }), 404, 'not_found');
    ok(await api(server, one, { method: 'PATCH', cookie: owner.cookie, body: { status: 'Blocked' } }));
  });
});

describe('sessions by role', () => {
  it('shows a driver only their own sessions, a manager all of the site’s, nobody another site’s', async () => {
    await session(chargerA, tags.d1.tag, 1000, 8500);
    await session(chargerA, tags.d2.tag, 0, 2000);
    await session(chargerB, tags.tenant.tag, 0, 3000);

    const mine = ok(await api(server, '/api/me/sessions', { cookie: driver1.cookie }));
    expect(mine.sessions).toHaveLength(1);
    expect(mine.sessions[0]).toMatchObject({ id_tag: tags.d1.tag, energy_wh: 7500, site_name: 'Block A', charge_point_id: cps.a.id });
    expect(mine.totals).toMatchObject({ energy_wh: 7500, sessions: 1 });
    expect(mine.months).toHaveLength(12);
    expect(mine.months.at(-1)).toMatchObject({ month: mine.month, energy_wh: 7500 });
    const theirs = ok(await api(server, '/api/me/sessions', { cookie: driver2.cookie }));
    expect(theirs.sessions.map((s: any) => s.id_tag)).toEqual([tags.d2.tag]);
    expect(ok(await api(server, '/api/me/sessions?month=2020-01', { cookie: driver1.cookie })).sessions).toEqual([]);
    expectError(await api(server, '/api/me/sessions?month=2020-13', { cookie: driver1.cookie }), 422, 'validation_failed');
    // The manager sees the site's sessions through its charge point, not the owner's other site.
    const onA = ok(await api(server, `/api/charge-points/${cps.a.id}/transactions`, { cookie: manager.cookie })).transactions;
    expect(onA.map((t: any) => t.id_tag).sort()).toEqual([tags.d1.tag, tags.d2.tag].sort());
    expect(ok(await api(server, '/api/me/sessions', { cookie: manager.cookie })).sessions).toEqual([]);
    // The same through a Home Assistant key.
    const key = await createApiKey(server, driver1.cookie, 'ha');
    expect(ok(await api(server, '/api/me/sessions', { key: key.key })).sessions).toHaveLength(1);
    expect(ok(await api(server, '/api/me/charge-points', { key: key.key })).charge_points.map((c: any) => c.id)).toEqual([cps.a.id]);
  });

  it('counts a driver’s and the members’ months in the site’s time zone: just after local midnight on the 1st is the new month', async () => {
    ok(await api(server, `/api/sites/${sites.a}`, { method: 'PATCH', cookie: owner.cookie, body: { time_zone: 'Asia/Tokyo' } }));
    // Tokyo is UTC+9 all year: 00:05 on the 1st there is 15:05 UTC the day before, in the previous UTC month.
    const tokyo = new Date(Date.now() + 9 * 3600_000);
    const month = `${tokyo.getUTCFullYear()}-${String(tokyo.getUTCMonth() + 1).padStart(2, '0')}`;
    const previous = new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const start = Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), 1) - 9 * 3600_000 + 5 * 60_000;
    expect(new Date(start).toISOString().slice(0, 7)).toBe(previous);
    const late = (await chargerA.client.call('StartTransaction', { connectorId: 1, idTag: tags.d1.tag, meterStart: 0, timestamp: new Date(start).toISOString() })) as any;
    await chargerA.client.call('StopTransaction', { transactionId: late.transactionId, meterStop: 1200, timestamp: new Date(start + 10 * 60_000).toISOString() });

    const mine = ok(await api(server, '/api/me/sessions', { cookie: driver1.cookie }));
    expect(mine.month).toBe(month);
    expect(mine.sessions.map((s: any) => s.started_at)).toContain(new Date(start).toISOString());
    expect(mine.totals).toMatchObject({ energy_wh: 8700, sessions: 2 });
    expect(mine.months.at(-2)).toMatchObject({ month: previous, energy_wh: 0, sessions: 0 });
    const before = ok(await api(server, `/api/me/sessions?month=${previous}`, { cookie: driver1.cookie }));
    expect(before.sessions).toEqual([]);
    expect(before.months.at(-1)).toMatchObject({ month: previous, energy_wh: 0 });

    const listed = ok(await api(server, `/api/sites/${sites.a}/members`, { cookie: manager.cookie })).members;
    expect(listed.find((m: any) => m.id === members[driver1.email]).this_month).toMatchObject({ energy_wh: 8700, sessions: 2 });
  });

  it('gives a manager the site’s charge points to read and command, never the owner’s other site or settings', async () => {
    const list = ok(await api(server, '/api/charge-points', { cookie: manager.cookie })).charge_points;
    expect(list.map((c: any) => c.id)).toEqual([cps.a.id]);
    expect(ok(await api(server, `/api/charge-points/${cps.a.id}`, { cookie: manager.cookie }))).toMatchObject({ id: cps.a.id, role: 'manager' });
    expect(ok(await api(server, `/api/charge-points/${cps.a.id}`, { cookie: owner.cookie }))).toMatchObject({ role: 'owner' });
    // Home Assistant: the managed charge point, without the owner's car or plan.
    const haKey = await createApiKey(server, manager.cookie, 'ha');
    const ha = ok(await api(server, '/api/ha/charge-points', { key: haKey.key }));
    expect(ha.map((c: any) => [c.id, c.vehicle, c.plan])).toEqual([[cps.a.id, null, null]]);
    expectError(await api(server, `/api/charge-points/${cps.b.id}`, { cookie: manager.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cps.c.id}`, { cookie: manager.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cps.a.id}`, { method: 'PATCH', cookie: manager.cookie, body: { name: 'mine now' } }), 403, 'forbidden');
    chargerA.answer('RemoteStartTransaction', { status: 'Accepted' });
    const started = ok(await api(server, `/api/charge-points/${cps.a.id}/commands`, { method: 'POST', cookie: manager.cookie, body: { action: 'RemoteStartTransaction', payload: { connectorId: 2 } } }));
    expect(started.answer).toEqual({ status: 'Accepted' });
    // The remote start used the owner's tag, not one made for the manager.
    const ownTags = ok(await api(server, '/api/id-tags', { cookie: manager.cookie })).id_tags;
    expect(ownTags).toEqual([]);
    expectError(await api(server, `/api/charge-points/${cps.b.id}/commands`, { method: 'POST', cookie: manager.cookie, body: { action: 'Reset', payload: { type: 'Soft' } } }), 404, 'not_found');
    // A driver reaches none of the operator routes.
    expectError(await api(server, `/api/charge-points/${cps.a.id}`, { cookie: driver1.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/charge-points/${cps.a.id}/transactions`, { cookie: driver1.cookie }), 404, 'not_found');
    expect(ok(await api(server, '/api/charge-points', { cookie: driver1.cookie })).charge_points).toEqual([]);
  });

  it('lets a driver start with their own tag and stop only their own session', async () => {
    const mine = ok(await api(server, '/api/me/charge-points', { cookie: driver1.cookie })).charge_points;
    expect(mine.map((c: any) => [c.id, c.site_name])).toEqual([[cps.a.id, 'Block A']]);
    chargerA.answer('RemoteStartTransaction', { status: 'Accepted' });
    const start = ok(await api(server, `/api/me/charge-points/${cps.a.id}/start`, { method: 'POST', cookie: driver1.cookie, body: { evse_id: 1 } }));
    expect(start).toMatchObject({ action: 'RemoteStartTransaction', answer: { status: 'Accepted' }, id_tag: tags.d1.tag });
    expect(chargerA.last()).toEqual({ action: 'RemoteStartTransaction', params: { idTag: tags.d1.tag, connectorId: 1 } });
    expectError(await api(server, `/api/me/charge-points/${cps.b.id}/start`, { method: 'POST', cookie: driver1.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/me/charge-points/${cps.a.id}/start`, { method: 'POST', cookie: manager.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/me/charge-points/${cps.a.id}/start`, { method: 'POST', cookie: driver1.cookie, body: { id_tag_id: tags.d2.id } }), 409, 'no_usable_id_tag');

    // driver2's session runs: driver1 may not stop it, driver2 may.
    const running = (await chargerA.client.call('StartTransaction', { connectorId: 1, idTag: tags.d2.tag, meterStart: 0, timestamp: new Date().toISOString() })) as any;
    expectError(await api(server, `/api/me/charge-points/${cps.a.id}/stop`, { method: 'POST', cookie: driver1.cookie }), 403, 'forbidden');
    const busy = ok(await api(server, '/api/me/charge-points', { cookie: driver1.cookie })).charge_points[0];
    expect(busy).toMatchObject({ my_sessions: [], busy_evse_ids: [1] });
    chargerA.answer('RemoteStopTransaction', { status: 'Accepted' });
    ok(await api(server, `/api/me/charge-points/${cps.a.id}/stop`, { method: 'POST', cookie: driver2.cookie }));
    expect(chargerA.last()).toEqual({ action: 'RemoteStopTransaction', params: { transactionId: running.transactionId } });
    await chargerA.client.call('StopTransaction', { transactionId: running.transactionId, meterStop: 100, timestamp: new Date().toISOString() });
  });

  it('lets a driver block (never unblock) their own lost tag', async () => {
    expectError(await api(server, `/api/me/id-tags/${tags.d1.id}`, { method: 'PATCH', cookie: driver2.cookie, body: { status: 'Blocked' } }), 404, 'not_found');
    expectError(await api(server, `/api/me/id-tags/${tags.d1.id}`, { method: 'PATCH', cookie: driver1.cookie, body: { status: 'Accepted' } }), 422, 'validation_failed');
    expect(ok(await api(server, `/api/me/id-tags/${tags.d1.id}`, { method: 'PATCH', cookie: driver1.cookie, body: { status: 'Blocked' } }))).toMatchObject({ status: 'Blocked' });
    expect(await authorize(chargerA, tags.d1.tag)).toBe('Blocked');
    expectError(await api(server, `/api/me/charge-points/${cps.a.id}/start`, { method: 'POST', cookie: driver1.cookie }), 409, 'no_usable_id_tag');
  });

  it('ends a removed member’s access at once and blocks their tags, keeping whose they were', async () => {
    ok(await api(server, `/api/sites/${sites.a}/members/${members[driver2.email]}`, { method: 'DELETE', cookie: owner.cookie }), 204);
    expect(ok(await api(server, '/api/me/charge-points', { cookie: driver2.cookie })).charge_points).toEqual([]);
    expect(ok(await api(server, '/api/me/sessions', { cookie: driver2.cookie })).sessions).toEqual([]);
    expect(await authorize(chargerA, tags.d2.tag)).toBe('Blocked');
    const tag = ok(await api(server, '/api/id-tags', { cookie: owner.cookie })).id_tags.find((t: any) => t.id === tags.d2.id);
    expect(tag).toMatchObject({ status: 'Blocked', member_id: null, holder: driver2.email });

    ok(await api(server, `/api/sites/${sites.a}/members/${members.manager}`, { method: 'PATCH', cookie: owner.cookie, body: { role: 'driver' } }));
    expectError(await api(server, `/api/charge-points/${cps.a.id}`, { cookie: manager.cookie }), 404, 'not_found');
  });

  it('blocks a member’s tags when the site is deleted or the person deletes their account, rather than letting them work on every charge point', async () => {
    const siteD = await createSite(owner, 'Short-lived');
    const [leaver, stayer] = await Promise.all([signUp(server), signUp(server)]);
    const onD = ok(await invite(siteD, stayer.email, 'driver'), 201);
    const onA = ok(await invite(sites.a, leaver.email, 'driver'), 201);
    const tagD = await createTag({ tag: `DD-${hex()}`, member_id: onD.id });
    const tagL = await createTag({ tag: `DL-${hex()}`, member_id: onA.id });
    expect(await authorize(chargerA, tagL.tag)).toBe('Accepted');
    ok(await api(server, `/api/sites/${siteD}`, { method: 'DELETE', cookie: owner.cookie }), 204);
    ok(await api(server, '/api/me', { method: 'DELETE', cookie: leaver.cookie, body: { confirm: 'DELETE' } }));
    const listed = ok(await api(server, '/api/id-tags', { cookie: owner.cookie })).id_tags;
    expect(listed.find((t: any) => t.id === tagD.id)).toMatchObject({ status: 'Blocked', member_id: null, holder: stayer.email });
    expect(listed.find((t: any) => t.id === tagL.id)).toMatchObject({ status: 'Blocked', member_id: null, holder: leaver.email });
    expect(await authorize(chargerB, tagD.tag)).toBe('Blocked');
    expect(await authorize(chargerA, tagL.tag)).toBe('Blocked');
  });
});

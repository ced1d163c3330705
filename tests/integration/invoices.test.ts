/**
 * Monthly invoices of a shared site, end to end: sessions sent by a 1.6
 * charge point (with their past timestamps, as from an offline queue) on a
 * site in Europe/Zurich across the 23-hour day, members put in the database
 * (their API is another part of issue 24), then issued through the API by
 * concurrent runs (two server processes on PostgreSQL), priced, rendered as
 * PDF, mailed to an SMTP sink, and guarded by role.
 */
import { randomBytes } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError, signUp, type Account } from '../helpers/api';
import { bootedCharger, registerChargePoint, type RegisteredChargePoint } from '../helpers/ocpp';
import { insertMembers } from '../helpers/site-members';
import { startServer, usingPostgres, type TestServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';

const hex = () => randomBytes(4).toString('hex');

let sink: SmtpSink;
let server: TestServer;
/** A second instance on the same database (PostgreSQL only; PGlite is one process). */
let second: TestServer | undefined;
let owner: Account;
let driverA: Account;
let driverB: Account;
let manager: Account;
let stranger: Account;
let site: { id: string };
let otherSite: { id: string };
let cp: RegisteredChargePoint;
const tags = { a: `A${hex()}`, b: `B${hex()}`, h: `H${hex()}`, u: `U${hex()}` };

const energy = (wh: number, timestamp: string) => ({
  timestamp,
  sampledValue: [{ value: String(wh), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

async function post(path: string, body: unknown, account = owner, status = 201) {
  const response = await api(server, path, { method: 'POST', cookie: account.cookie, body });
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  const first = await startServer();
  server = first;
  [owner, driverA, driverB, manager, stranger] = await Promise.all([signUp(first), signUp(first), signUp(first), signUp(first), signUp(first)]);

  site = await post('/api/sites', {
    name: 'Lakeside garage',
    time_zone: 'Europe/Zurich',
    legal_name: 'Lakeside Housing AG',
    legal_address: 'Seestrasse 1, 8000 Zürich',
    vat_id: 'CHE-123.456.789 MWST',
    vat_rate_percent: 8.1,
  });
  otherSite = await post('/api/sites', { name: 'Elsewhere', time_zone: 'UTC' }, stranger);
  const tariff = await post('/api/tariffs', { name: 'Night', price_per_kwh: 0.3, currency: 'CHF', time_blocks: [{ from: '22:00', to: '06:00', price_per_kwh: 0.1 }] });
  for (const tag of Object.values(tags)) await post('/api/id-tags', { tag });
  cp = await registerChargePoint(first, owner.cookie, `inv-${hex()}`);
  const patched = await api(first, `/api/charge-points/${cp.id}`, { method: 'PATCH', cookie: owner.cookie, body: { tariff_id: tariff.id, site_id: site.id } });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);

  const client = await bootedCharger(first, cp, 'ocpp1.6');
  const session = async (idTag: string, readings: [string, number][]) => {
    const [[start, meterStart], ...rest] = readings;
    const last = rest.at(-1)!;
    const { transactionId } = (await client.call('StartTransaction', { connectorId: 1, idTag, meterStart, timestamp: start })) as { transactionId: number };
    await client.call('StopTransaction', { transactionId, meterStop: last[1], timestamp: last[0], transactionData: rest.map(([at, wh]) => energy(wh, at)) });
  };
  // A: the whole 23-hour local day of 29 March (23:00 UTC on the 28th to 22:00 UTC), 1 kWh every 15 minutes.
  const day: [string, number][] = [];
  for (let t = Date.parse('2026-03-28T23:00:00Z'), wh = 0; t <= Date.parse('2026-03-29T22:00:00Z'); t += 900_000, wh += 1000) day.push([new Date(t).toISOString(), wh]);
  await session(tags.a, day);
  // B: 10 kWh in the day rate; H (a holder without an account): 2 kWh at night; U: no one, not invoiced.
  await session(tags.b, [['2026-03-10T10:00:00Z', 100_000], ['2026-03-10T10:30:00Z', 105_000], ['2026-03-10T11:00:00Z', 110_000]]);
  await session(tags.h, [['2026-03-15T23:00:00Z', 0], ['2026-03-15T23:30:00Z', 2000]]);
  await session(tags.u, [['2026-03-20T12:00:00Z', 0], ['2026-03-20T12:15:00Z', 700]]);
  // A's session of February is not March's.
  await session(tags.a, [['2026-02-27T12:00:00Z', 0], ['2026-02-27T12:15:00Z', 500]]);
  await client.close({ force: true });

  await first.stop('SIGTERM', { keepData: true });
  await insertMembers(
    first,
    [
      { siteId: site.id, userId: driverA.user.id, email: driverA.email, role: 'driver', tags: [tags.a] },
      { siteId: site.id, userId: driverB.user.id, email: driverB.email, role: 'driver', tags: [tags.b] },
      { siteId: site.id, userId: manager.user.id, email: manager.email, role: 'manager' },
    ],
    [{ tag: tags.h, holder: 'Apartment 3B' }],
  );
  server = await startServer({ dataFrom: first, env: { SMTP_URL: sink.url } });
  if (usingPostgres) second = await startServer({ env: { DATABASE_URL: server.databaseUrl!, SMTP_URL: sink.url } });
}, 180_000);

afterAll(async () => {
  await second?.stop();
  await server?.stop();
  await sink?.close();
});

describe('sites: time zone and legal details', () => {
  it('refuses an unknown time zone with a message in words, and shows what was saved', async () => {
    const bad = await api(server, '/api/sites', { method: 'POST', cookie: owner.cookie, body: { name: 'X', time_zone: 'Mars/Olympus' } });
    expectError(bad, 422, 'validation_failed');
    expect(JSON.stringify(bad.body)).toContain('Not a time zone this server knows');
    const got = await api(server, `/api/sites/${site.id}`, { cookie: owner.cookie });
    expect(got.body).toMatchObject({ time_zone: 'Europe/Zurich', legal_name: 'Lakeside Housing AG', vat_id: 'CHE-123.456.789 MWST', vat_rate_percent: 8.1 });
  });
});

describe('issuing a month', () => {
  let issued: any[];

  it('refuses a month that has not ended, a bad month, a driver (403) and a stranger (404)', async () => {
    expectError(await api(server, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: owner.cookie, body: { month: '2999-01' } }), 409, 'month_not_ended');
    expectError(await api(server, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: owner.cookie, body: { month: '2026-13' } }), 422, 'validation_failed');
    expectError(await api(server, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: driverA.cookie, body: { month: '2026-03' } }), 403, 'forbidden');
    expectError(await api(server, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: stranger.cookie, body: { month: '2026-03' } }), 404, 'not_found');
  });

  it('concurrent runs (on two instances with PostgreSQL) issue each invoice once, numbered 1, 2, 3 without gaps', async () => {
    const instances = [server, second ?? server, server, second ?? server];
    const runs = await Promise.all(
      instances.map((s, i) => api(s, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: i % 2 ? manager.cookie : owner.cookie, body: { month: '2026-03' } })),
    );
    for (const r of runs) expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
    issued = runs.flatMap((r) => r.body.issued);
    expect(issued.map((i) => i.number).sort()).toEqual([1, 2, 3]);
    // Every run reports the session no one is billed for.
    for (const r of runs) expect(r.body.unassigned).toEqual([expect.objectContaining({ id_tag: tags.u, energy_kwh: '0.700' })]);
    // Again: nothing new.
    const again = await api(server, `/api/sites/${site.id}/invoices`, { method: 'POST', cookie: owner.cookie, body: { month: '2026-03' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ issued: [], already_issued: 3 });
    const list = await api(server, `/api/sites/${site.id}/invoices?month=2026-03`, { cookie: manager.cookie });
    expect(list.body.invoices.map((i: any) => i.recipient.name).sort()).toEqual(['Apartment 3B', driverA.email, driverB.email].sort());
  });

  it("A's 23-hour day: 92 kWh, 28 of them at night; totals equal the 15-minute CSV priced in local time", async () => {
    const mine = issued.find((i) => i.recipient.email === driverA.email);
    const detail = (await api(server, `/api/invoices/${mine.id}`, { cookie: owner.cookie })).body;
    expect(detail).toMatchObject({ kind: 'invoice', month: '2026-03', time_zone: 'Europe/Zurich', currency: 'CHF', energy_kwh: '92.000' });
    expect(detail.lines).toHaveLength(1);
    expect(detail.lines[0].periods).toEqual([
      { price_per_kwh: '0.1000', energy_kwh: '28.000', amount: '2.80' },
      { price_per_kwh: '0.3000', energy_kwh: '64.000', amount: '19.20' },
    ]);
    // VAT 8.1 % of 22.00 = 1.782, rounded half up to 1.78.
    expect(detail).toMatchObject({ net: '22.00', vat_rate_percent: '8.10', vat: '1.78', total: '23.78' });
    expect(detail.seller).toEqual({ site_name: 'Lakeside garage', legal_name: 'Lakeside Housing AG', legal_address: 'Seestrasse 1, 8000 Zürich', vat_id: 'CHE-123.456.789 MWST' });

    // The same energy from the charge point's 15-minute CSV, priced by its local-time column.
    const csv = (await api(server, `/api/charge-points/${cp.id}/energy.csv?month=2026-03`, { cookie: owner.cookie })).body as string;
    const [header, ...rows] = csv.trim().split('\r\n').map((r) => r.split(','));
    const col = (name: string) => header.indexOf(name);
    let cents = 0;
    let wh = 0;
    for (const r of rows.filter((r) => r[col('id_tag')] === tags.a)) {
      const hour = Number(r[col('interval_start_local')].slice(11, 13));
      const kwh = Number(r[col('energy_kwh')]);
      wh += kwh * 1000;
      cents += kwh * (hour >= 22 || hour < 6 ? 10 : 30);
    }
    expect(rows.filter((r) => r[col('id_tag')] === tags.a)).toHaveLength(92);
    expect(Math.round(wh)).toBe(92_000);
    expect(Number(detail.net)).toBeCloseTo(cents / 100, 6);
    // The spring-forward gap: 01:45+01:00 is followed by 03:00+02:00.
    const locals = rows.map((r) => r[col('interval_start_local')]);
    expect(locals[locals.indexOf('2026-03-29T01:45:00+01:00') + 1]).toBe('2026-03-29T03:00:00+02:00');
  });

  it('the PDF carries the number, the legal details and the totals (parsed back)', async () => {
    const mine = issued.find((i) => i.recipient.email === driverA.email);
    const response = await fetch(`${server.url}/api/invoices/${mine.id}/pdf`, { headers: { cookie: driverA.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const { text } = await new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) }).getText();
    expect(text).toContain(`INV-${String(mine.number).padStart(5, '0')}`);
    for (const expected of ['Lakeside Housing AG', 'Seestrasse 1, 8000 Zürich', 'VAT ID: CHE-123.456.789 MWST', '28.000 kWh x 0.1000 CHF/kWh = 2.80 CHF', 'Total: 23.78 CHF', 'Period: 2026-03 (Europe/Zurich)']) {
      expect(text).toContain(expected);
    }
  });

  it('mails each driver their invoice with the PDF, after the run; the holder without an address gets none', async () => {
    for (const driver of [driverA, driverB]) {
      const mail = await sink.waitFor((m) => m.to.includes(driver.email) && m.subject.startsWith('Invoice INV-'), 30_000);
      expect(mail.raw).toContain('application/pdf');
      expect(mail.raw).toMatch(/filename="?INV-\d{5}-2026-03\.pdf/);
    }
    const holder = issued.find((i) => i.recipient.name === 'Apartment 3B');
    expect((await api(server, `/api/invoices/${holder.id}`, { cookie: owner.cookie })).body.email.status).toBe('none');
    const mine = issued.find((i) => i.recipient.email === driverA.email);
    await expect.poll(async () => (await api(server, `/api/invoices/${mine.id}`, { cookie: owner.cookie })).body.email.status, { timeout: 15_000 }).toBe('sent');
    expect(sink.received.filter((m) => m.to.includes(driverA.email) && m.subject.startsWith('Invoice INV-'))).toHaveLength(1);
  });

  it('roles: a driver sees only their own invoices and no CSV; a manager manages this site but never reaches another', async () => {
    const a = issued.find((i) => i.recipient.email === driverA.email);
    const b = issued.find((i) => i.recipient.email === driverB.email);
    expect((await api(server, `/api/invoices/${a.id}`, { cookie: driverA.cookie })).status).toBe(200);
    expectError(await api(server, `/api/invoices/${b.id}`, { cookie: driverA.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/invoices/${b.id}/pdf`, { cookie: driverA.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/invoices/${a.id}`, { cookie: stranger.cookie }), 404, 'not_found');
    expect((await api(server, `/api/me/invoices`, { cookie: driverA.cookie })).body.invoices.map((i: any) => i.id)).toEqual([a.id]);
    expect((await api(server, `/api/sites/${site.id}/invoices`, { cookie: driverA.cookie })).body.invoices.map((i: any) => i.id)).toEqual([a.id]);
    expect((await api(server, `/api/me/invoices`, { cookie: manager.cookie })).body.invoices).toEqual([]);
    expectError(await api(server, `/api/sites/${site.id}/invoices.csv?month=2026-03`, { cookie: driverA.cookie }), 403, 'forbidden');
    expectError(await api(server, `/api/sites/${site.id}/zev.csv?month=2026-03`, { cookie: driverA.cookie }), 403, 'forbidden');
    expectError(await api(server, `/api/invoices/${a.id}`, { method: 'PATCH', cookie: driverA.cookie, body: { status: 'paid' } }), 403, 'forbidden');
    // The manager: this site's invoices yes, another site's never.
    expectError(await api(server, `/api/sites/${otherSite.id}/invoices`, { cookie: manager.cookie }), 404, 'not_found');
    expectError(await api(server, `/api/sites/${otherSite.id}/invoices`, { method: 'POST', cookie: manager.cookie, body: { month: '2026-03' } }), 404, 'not_found');
    expectError(await api(server, `/api/sites/${otherSite.id}/invoices.csv?month=2026-03`, { cookie: manager.cookie }), 404, 'not_found');
    const paid = await api(server, `/api/invoices/${a.id}`, { method: 'PATCH', cookie: manager.cookie, body: { status: 'paid' } });
    expect(paid.body).toMatchObject({ status: 'paid', total: '23.78' });
    expectError(await api(server, `/api/invoices/${a.id}`, { method: 'PATCH', cookie: manager.cookie, body: { status: 'unpaid' } }), 422, 'validation_failed');
  });

  it('the month CSV for accounting and the ZEV hand-over, in local time', async () => {
    const csv = (await api(server, `/api/sites/${site.id}/invoices.csv?month=2026-03`, { cookie: manager.cookie })).body as string;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('transaction_id,charge_point,evse_id,id_tag,billed_to,started_at,started_at_local,stopped_at,price_per_kwh,energy_kwh,net,currency');
    const ofA = lines.filter((l) => l.includes(tags.a));
    expect(ofA.map((l) => l.split(',').slice(-4).join(','))).toEqual(['0.1000,28.000,2.80,CHF', '0.3000,64.000,19.20,CHF']);
    expect(ofA[0]).toContain('2026-03-29T00:00:00+01:00');
    const zev = (await api(server, `/api/sites/${site.id}/zev.csv?month=2026-03`, { cookie: owner.cookie })).body as string;
    const zevLines = zev.trim().split('\r\n');
    expect(zevLines[0]).toBe('holder,metering_point,interval_start_utc,interval_start_local,interval_end_local,energy_kwh');
    expect(zevLines.filter((l) => l.startsWith(`${driverA.email},`))).toHaveLength(92);
    expect(zevLines.filter((l) => l.startsWith('Apartment 3B,')).map((l) => l.split(',').slice(3).join(','))).toEqual([
      '2026-03-16T00:00:00+01:00,2026-03-16T00:15:00+01:00,1.000',
      '2026-03-16T00:15:00+01:00,2026-03-16T00:30:00+01:00,1.000',
    ]);
  });

  it('a credit note cancels an invoice with the next number; the month then re-issues that person only', async () => {
    const b = issued.find((i) => i.recipient.email === driverB.email);
    expect(b).toMatchObject({ net: '3.00', vat: '0.24', total: '3.24' });
    const note = await post(`/api/invoices/${b.id}/credit-note`, {}, manager);
    expect(note).toMatchObject({ kind: 'credit_note', number: 4, credits_invoice_id: b.id, net: '-3.00', vat: '-0.24', total: '-3.24' });
    expectError(await api(server, `/api/invoices/${b.id}/credit-note`, { method: 'POST', cookie: manager.cookie }), 409, 'already_credited');
    expect((await api(server, `/api/invoices/${b.id}`, { cookie: owner.cookie })).body).toMatchObject({ status: 'void', total: '3.24' });
    expectError(await api(server, `/api/invoices/${b.id}`, { method: 'PATCH', cookie: owner.cookie, body: { status: 'open' } }), 409, 'invoice_void');
    const reissued = await post(`/api/sites/${site.id}/invoices`, { month: '2026-03' });
    expect(reissued.issued).toEqual([expect.objectContaining({ number: 5, total: '3.24', recipient: expect.objectContaining({ email: driverB.email }) })]);
    expect((await api(server, `/api/me/invoices`, { cookie: driverB.cookie })).body.invoices.map((i: any) => i.number)).toEqual([5, 4, b.number]);
  });
});

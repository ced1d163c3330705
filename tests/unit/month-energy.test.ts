/**
 * The invoices' energy per price, summed by the database (`sessionEnergy`),
 * equals to the last bit what the 15-minute rule in JS gives
 * (`intervalEnergy` on the session's readings, each interval at `priceAt` of
 * its local start): on PGlite and PostgreSQL, across both daylight-saving
 * days, a zone at +05:45, odd block edges, resent and broken readings, a
 * glitching register, sessions crossing the month's edges and a seeded set of
 * random sessions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePoints, sites, tariffs, transactions, type Tariff } from '@/server/db/schema';
import { transactionReadings, withStartStop } from '@/server/chargers/energy-export';
import { intervalEnergy } from '@/server/chargers/energy-intervals';
import { localMonthRange } from '@/server/chargers/local-time';
import { priceAt } from '@/server/chargers/tariffs';
import { monthClock, sessionEnergy } from '@/server/invoices/month-energy';
import { forEachPricedSession } from '@/server/invoices/month-usage';
import { createIdentityAndProfile } from '@/server/users/users';
import { createTestDatabase } from '../helpers/postgres';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const REGISTER = 'Energy.Active.Import.Register';

/** A reading as stored: an ISO time (microseconds allowed) and the value as PostgreSQL text ('NaN' allowed). */
type Stored = [at: string, value: string, location?: string];
interface SessionSpec {
  start: string;
  stop: string | null;
  meterStart: number | null;
  meterStop: number | null;
  readings: Stored[];
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSessions(count: number, month: { from: Date; to: Date }, seed: number): SessionSpec[] {
  const next = random(seed);
  const span = month.to.getTime() - month.from.getTime();
  return Array.from({ length: count }, () => {
    // Some start before the month or end after it.
    let t = month.from.getTime() - 6 * 3_600_000 + Math.floor(next() * (span + 6 * 3_600_000));
    let wh = Math.floor(next() * 1e6) / 7;
    const meterStart = wh;
    const readings: Stored[] = [];
    const start = new Date(t).toISOString();
    for (let n = 1 + Math.floor(next() * 40); n > 0; n--) {
      t += 1000 + Math.floor(next() * 50 * 60_000);
      // Mostly growing by fractions of a Wh, sometimes a glitch down.
      wh = next() < 0.1 ? wh - next() * 500 : wh + next() * 3000;
      readings.push([new Date(t).toISOString(), String(wh)]);
    }
    return { start, stop: new Date(t + 60_000).toISOString(), meterStart, meterStop: wh + 10, readings };
  });
}

const quarterHours = (from: string, to: string, step = 900_000, whPerStep = 1000): Stored[] => {
  const out: Stored[] = [];
  for (let t = Date.parse(from), wh = 0; t <= Date.parse(to); t += step, wh += whPerStep) out.push([new Date(t).toISOString(), String(wh)]);
  return out;
};

function suite(open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>) {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let ownerId: string;
  let night: Tariff;
  let odd: Tariff;

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
    await migrate(handle);
    ownerId = (await handle.db.transaction((tx) => createIdentityAndProfile(tx, { email: 'month-energy@example.com' }))).id;
    [night] = await handle.db
      .insert(tariffs)
      .values({ ownerId, name: 'Night', pricePerKwh: '0.3', currency: 'CHF', timeBlocks: [{ from: '22:00', to: '06:00', pricePerKwh: 0.1 }] })
      .returning();
    // Edges off the quarter hours, an overlapping second block (the first wins) and a block that is empty.
    [odd] = await handle.db
      .insert(tariffs)
      .values({
        ownerId,
        name: 'Odd',
        pricePerKwh: '0.2575',
        currency: 'EUR',
        timeBlocks: [
          { from: '07:10', to: '09:50', pricePerKwh: 0.41 },
          { from: '08:00', to: '12:07', pricePerKwh: 0.1234 },
          { from: '13:00', to: '13:00', pricePerKwh: 9 },
          { from: '23:52', to: '00:08', pricePerKwh: 0.05 },
        ],
      })
      .returning();
    // PGlite's start and the migrations take a while on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await closeDatabase();
    await cleanup?.();
  });

  let cpCount = 0;
  /** Stores the sessions on a new charge point, returns their ids. */
  async function store(specs: SessionSpec[]): Promise<string[]> {
    const [cp] = await handle.db
      .insert(chargePoints)
      .values({ ownerId, identity: `me-${++cpCount}`, name: `me-${cpCount}` })
      .returning();
    const ids: string[] = [];
    for (const [i, s] of specs.entries()) {
      const [t] = await handle.db
        .insert(transactions)
        .values({
          chargePointId: cp.id,
          evseId: 1,
          connectorId: 1,
          ocppTransactionId: `me-${cpCount}-${i}`,
          startedAt: new Date(s.start),
          stoppedAt: s.stop ? new Date(s.stop) : null,
          meterStartWh: s.meterStart,
          meterStopWh: s.meterStop,
        })
        .returning();
      ids.push(t.id);
      if (s.readings.length === 0) continue;
      const rows = JSON.stringify(s.readings.map(([at, value, location = '']) => ({ at, value, location })));
      await handle.db.execute(sql`insert into meter_values (charge_point_id, transaction_id, evse_id, sampled_at, measurand, phase, location, value)
        select ${cp.id}::uuid, ${t.id}::uuid, 1, r.at, ${REGISTER}, '', r.location, r.value::float8
        from jsonb_to_recordset(${rows}::jsonb) as r(at timestamptz, value text, location text)`);
    }
    return ids;
  }

  /** The JS rule, as the invoices priced before: every interval, then its price at its local start. */
  async function expected(ids: string[], tariff: Tariff | null, range: { from: Date; to: Date }, timeZone: string) {
    const readings = await transactionReadings(ids);
    const rows = await handle.db.select().from(transactions);
    const out = new Map<string, { wh: number; byPrice: [string, number][] }>();
    for (const id of ids) {
      const t = rows.find((r) => r.id === id)!;
      const intervals = intervalEnergy(withStartStop(t, readings.get(id)!), range.from, range.to);
      if (intervals.size === 0) continue;
      let wh = 0;
      const byPrice = new Map<string, number>();
      for (const [start, e] of intervals) {
        wh += e;
        if (!tariff) continue;
        const p = priceAt(tariff, new Date(start), timeZone).toFixed(4);
        byPrice.set(p, (byPrice.get(p) ?? 0) + e);
      }
      out.set(id, { wh, byPrice: [...byPrice] });
    }
    return out;
  }

  async function check(specs: SessionSpec[], tariff: Tariff | null, month: string, timeZone: string) {
    const ids = await store(specs);
    const range = localMonthRange(month, timeZone);
    const want = await expected(ids, tariff, range, timeZone);
    expect(want.size).toBeGreaterThan(0);
    const got = await sessionEnergy(
      ids.map((id) => ({ id, tariff })),
      range,
      monthClock(range, timeZone),
    );
    expect(got).toEqual(want);
    return got;
  }

  it('the 23-hour day of March and the 25-hour day of October in Zurich, at the night rate', async () => {
    const march = await check([{ start: '2026-03-28T23:00:00Z', stop: '2026-03-29T22:00:00Z', meterStart: 0, meterStop: null, readings: quarterHours('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z') }], night, '2026-03', 'Europe/Zurich');
    // 92 quarter hours of 1 kWh; 22:00–06:00 local on that day is 7 hours (28 of them).
    expect([...march.values()][0]).toEqual({ wh: 92_000, byPrice: [['0.1000', 28_000], ['0.3000', 64_000]] });
    const october = await check([{ start: '2026-10-24T22:00:00Z', stop: null, meterStart: 0, meterStop: null, readings: quarterHours('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 900_000, 333.3) }], night, '2026-10', 'Europe/Zurich');
    expect([...october.values()][0].byPrice.map(([p]) => p)).toEqual(['0.1000', '0.3000']);
  });

  it('readings off the quarter hours, resent, broken, glitching, or at the same millisecond, at odd block edges at +05:45', async () => {
    await check(
      [
        {
          start: '2026-06-10T01:03:07.250Z',
          stop: '2026-06-10T09:41:59.999Z',
          meterStart: 1000,
          meterStop: 99_000.125,
          readings: [
            // A sample at the start instant wins over meterStart.
            ['2026-06-10T01:03:07.250Z', '1500'],
            ['2026-06-10T02:17:00.000100Z', '2500.5'],
            // Same millisecond, later microsecond, other location: the first is kept.
            ['2026-06-10T02:17:00.000900Z', '90000', 'Outlet'],
            ['2026-06-10T03:00:00Z', 'NaN'],
            ['2026-06-10T03:05:00Z', 'Infinity'],
            ['2026-06-10T03:33:33.333Z', '2400'],
            ['2026-06-10T04:44:44.444Z', '7777.7'],
            ['2026-06-10T05:00:00Z', '7000'],
            ['2026-06-10T06:59:01Z', '45000.001'],
          ],
        },
        // Only meterStart and meterStop, over 40 days: the month cuts it.
        { start: '2026-05-20T00:00:00Z', stop: '2026-06-29T00:00:00Z', meterStart: 10, meterStop: 1_000_010, readings: [] },
        // Nothing inside the month.
        { start: '2026-05-01T00:00:00Z', stop: '2026-05-01T02:00:00Z', meterStart: 0, meterStop: 500, readings: [] },
        // No energy at all.
        { start: '2026-06-03T00:00:00Z', stop: '2026-06-03T02:00:00Z', meterStart: 500, meterStop: 500, readings: [] },
      ],
      odd,
      '2026-06',
      'Asia/Kathmandu',
    );
  });

  it('a session without a tariff has its energy and no prices', async () => {
    const got = await check([{ start: '2026-02-27T23:50:00Z', stop: '2026-03-01T00:20:00Z', meterStart: 0, meterStop: 30_000, readings: [['2026-02-28T12:00:00Z', '11111.5']] }], null, '2026-02', 'UTC');
    expect([...got.values()][0].byPrice).toEqual([]);
  });

  it('a month of more sessions than a page is visited once each, in order of start (ties and microseconds at the page edges)', async () => {
    const [site] = await handle.db.insert(sites).values({ ownerId, name: 'Paged', timeZone: 'Europe/Zurich' }).returning();
    const [cp] = await handle.db.insert(chargePoints).values({ ownerId, identity: 'paged', name: 'paged', siteId: site.id, tariffId: night.id }).returning();
    // 1,234 sessions at 618 start times, mostly two at once (ties), every third a microsecond later.
    await handle.db.execute(sql`insert into transactions (charge_point_id, evse_id, connector_id, ocpp_transaction_id, started_at, stopped_at, meter_start_wh, meter_stop_wh)
      select ${cp.id}::uuid, 1, 1, 'paged-' || g, s.at + (case when g % 3 = 0 then interval '1 microsecond' else interval '0' end), s.at + interval '1 hour', 0, 1000
      from generate_series(1, 1234) g, lateral (select timestamptz '2026-03-02T00:00:00Z' + ((g / 2) * interval '17 minutes') as at) s`);
    const visited: { id: string; startedAt: Date; wh: number }[] = [];
    await forEachPricedSession(site, localMonthRange('2026-03', 'Europe/Zurich'), (session) =>
      visited.push({ id: session.transactionId, startedAt: session.startedAt, wh: session.energy.wh }),
    );
    const stored = await handle.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.chargePointId, cp.id));
    expect(visited).toHaveLength(1234);
    expect(new Set(visited.map((v) => v.id))).toEqual(new Set(stored.map((r) => r.id)));
    for (let i = 1; i < visited.length; i++) expect(visited[i].startedAt.getTime()).toBeGreaterThanOrEqual(visited[i - 1].startedAt.getTime());
    for (const v of visited) expect(v.wh).toBeCloseTo(1000, 6);
  });

  it('a seeded set of random sessions, in two zones', async () => {
    const range = localMonthRange('2026-10', 'America/St_Johns');
    await check(randomSessions(60, range, 24), night, '2026-10', 'America/St_Johns');
    await check(randomSessions(60, localMonthRange('2026-03', 'Europe/Zurich'), 7), odd, '2026-03', 'Europe/Zurich');
  });
}

describe('month energy per price on PGlite', () => {
  suite(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    const handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
    return { handle, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describe.skipIf(!TEST_DATABASE_URL)('month energy per price on PostgreSQL (TEST_DATABASE_URL)', () => {
  suite(async () => {
    const database = await createTestDatabase(TEST_DATABASE_URL!);
    const handle = await openDatabase(parseConfig({ DATABASE_URL: database.url }));
    return { handle, cleanup: () => database.drop() };
  });
});

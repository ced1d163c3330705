/**
 * A night of charging in fast time, on a real embedded database: a matched
 * session with a plan (30 % → 80 % by 07:00, hourly prices pushed), the one
 * clock moved from each schedule edge or hour to the next, the car's level
 * rising with the energy its schedule let through, and a new price push in
 * the middle of the night. Each step does what the subscribers do after the
 * event (src/server/events/subscribers.ts): a level report re-plans the car's
 * session (`vehicle.saved`), a push re-plans the site (`site.pricesChanged`).
 * What the charge point would apply is the session's stored schedule as
 * sendLimit turns it into a TxProfile (`schedulePeriods`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '@/server/clock';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle } from '@/server/db/client';
import { migrate } from '@/server/db/migrate';
import { chargePoints, sites, transactions, users, vehicles } from '@/server/db/schema';
import { nextPlanEdge, planAllowsAt, planMaskOf } from '@/server/planner/mask';
import { schedulePeriods, type PlanMask } from '@/server/planner/plan';
import { executePlan, getPlan, replanSite, replanVehicles, setPlan } from '@/server/planner/plans';
import { pushPrices } from '@/server/planner/prices';

const HOUR = 3_600_000;
const MIN = 60_000;
/** 22:00 UTC, the evening the car is plugged in (the site is in UTC). */
const EVENING = Date.parse('2031-03-10T22:00:00Z');
const DEPARTURE = EVENING + 9 * HOUR;
const CAPACITY_KWH = 60;
const CURRENT_A = 16; // no connector maximum reported: the planner's 16 A
const POWER_W = CURRENT_A * 3 * 230;
/** The planner's default: 90 % of the energy at the wall reaches the battery. */
const EFFICIENCY = 0.9;

/** Prices of the hours from 22:00: the cheapest three are 00, 01 and 02, then 04. */
const EVENING_PRICES = [0.3, 0.28, 0.08, 0.1, 0.12, 0.2, 0.15, 0.25, 0.35];
/** Pushed at 00:30 for 01:00–07:00: 01 and 02 dear now, 03–05 cheap. */
const NIGHT_PRICES = [0.4, 0.4, 0.05, 0.06, 0.07, 0.35];
const REPRICED_AT = EVENING + 2.5 * HOUR;

let handle: DatabaseHandle;
let dataDir: string;
let restoreClock: (() => void) | undefined;
let clockAt = EVENING;

// Migrations on a busy two-core machine can take more than the default minute.
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-planner-night-'));
  handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
  await migrate(handle);
  restoreClock = setClock(() => new Date(clockAt));
}, 180_000);
afterAll(async () => {
  restoreClock?.();
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const hourly = (from: number, prices: number[]) =>
  prices.map((p, i) => ({ start: new Date(from + i * HOUR).toISOString(), end: new Date(from + (i + 1) * HOUR).toISOString(), price_per_kwh: p }));

/** The price of the hour a moment falls in, as last pushed. */
const priceAt = (t: number) => (t >= EVENING + 3 * HOUR && t >= REPRICED_AT ? NIGHT_PRICES[Math.floor((t - EVENING - 3 * HOUR) / HOUR)] : EVENING_PRICES[Math.floor((t - EVENING) / HOUR)]);

/** The planned slots of a plan as the API presents it. */
const slotsOf = (plan: object) => (plan as { slots: Array<{ start: string; end: string; price_per_kwh: number }> }).slots;

/** The current the session's TxProfile allows at `t` (the period it is in). */
function profileLimitAt(mask: PlanMask, t: number): number {
  const periods = schedulePeriods(mask, CURRENT_A, 3);
  const offsetS = (t - mask.startAt.getTime()) / 1000;
  return periods.filter((p) => p.startPeriod <= offsetS).at(-1)!.limit;
}

async function seed() {
  const { db } = handle;
  const email = `night-${Math.random().toString(36).slice(2)}@example.com`;
  const [{ id: userId }] = resultRows<{ id: string }>(await db.execute(sql`insert into auth.users (email) values (${email}) returning id`));
  await db.insert(users).values({ id: userId, email });
  const [site] = await db.insert(sites).values({ ownerId: userId, name: 'Home', timeZone: 'UTC' }).returning();
  const [cp] = await db.insert(chargePoints).values({ ownerId: userId, siteId: site.id, identity: `night-${userId}`, name: 'Garage', ocppVersion: 'ocpp1.6' }).returning();
  const [car] = await db
    .insert(vehicles)
    .values({ userId, enodeVehicleId: `ev-${userId}`, state: { chargeState: { batteryLevel: 30, batteryCapacity: CAPACITY_KWH, isPluggedIn: true } } })
    .returning();
  const [tx] = await db
    .insert(transactions)
    .values({ chargePointId: cp.id, evseId: 1, connectorId: 1, ocppTransactionId: '1', idTag: 'HOME', startedAt: new Date(EVENING), vehicleId: car.id, vehicleMatch: 'auto' })
    .returning();
  return { userId, siteId: site.id, chargePointId: cp.id, vehicleId: car.id, transactionId: tx.id };
}

describe('a night in fast time', () => {
  it('charges only in the planned (cheapest) hours, re-plans the rest of the night when prices change, and reaches the target by departure', async () => {
    const s = await seed();
    await pushPrices(s.userId, s.siteId, { slots: hourly(EVENING, EVENING_PRICES) });
    await setPlan(s.userId, s.chargePointId, { vehicle_id: s.vehicleId, target_battery_level: 80, departure: new Date(DEPARTURE).toISOString(), strategy: 'cheapest' }, 'en');
    await executePlan(s.transactionId);

    // 50 % of 60 kWh at 90 %: 33.3 kWh at 11.04 kW, 3 h 2 min: 00, 01, 02 and the first minutes of 04.
    const first = await getPlan(s.userId, s.chargePointId, {}, 'en');
    expect(first).toMatchObject({ reachable: true, price_source: 'pushed prices' });
    const firstSlots = slotsOf(first).map((x) => [x.start.slice(11, 16), x.end.slice(11, 16), x.price_per_kwh]);
    expect(firstSlots).toEqual([
      ['00:00', '01:00', 0.08],
      ['01:00', '02:00', 0.1],
      ['02:00', '03:00', 0.12],
      ['04:00', '04:02', 0.15],
    ]);

    let level = 30;
    const charged: Array<{ from: number; to: number; price: number }> = [];
    let repriced = false;
    while (clockAt < DEPARTURE) {
      const mask = (await planMaskOf(s.transactionId))!;
      const limit = profileLimitAt(mask, clockAt);
      // The allocator's view of the plan agrees with the profile the charge point holds.
      expect(planAllowsAt(mask, new Date(clockAt)), new Date(clockAt).toISOString()).toBe(limit > 0);
      const nextHour = Math.floor(clockAt / HOUR) * HOUR + HOUR;
      const candidates = [nextHour, DEPARTURE, nextPlanEdge(mask, new Date(clockAt))?.getTime() ?? Infinity, repriced ? Infinity : REPRICED_AT];
      const next = Math.min(...candidates.filter((t) => t > clockAt));
      if (limit > 0) {
        level += (((limit * 3 * 230 * (next - clockAt)) / HOUR / 1000) * EFFICIENCY * 100) / CAPACITY_KWH;
        charged.push({ from: clockAt, to: next, price: priceAt(clockAt) });
      }
      clockAt = next;
      // The car reports its level (vehicle.saved), and the new prices arrive at 00:30 (site.pricesChanged).
      await handle.db.update(vehicles).set({ state: { chargeState: { batteryLevel: level, batteryCapacity: CAPACITY_KWH, isPluggedIn: true } } }).where(eq(vehicles.id, s.vehicleId));
      await replanVehicles([s.vehicleId]);
      if (clockAt === REPRICED_AT && !repriced) {
        repriced = true;
        await pushPrices(s.userId, s.siteId, { slots: hourly(EVENING + 3 * HOUR, NIGHT_PRICES) });
        await replanSite(s.siteId);
        // What is left (2 h 32 min) goes to the new cheap hours 03, 04 and 05; the rest of 00 (0.08) is dearer than those.
        const after = await getPlan(s.userId, s.chargePointId, {}, 'en');
        expect(slotsOf(after).map((x) => x.price_per_kwh)).toEqual([0.05, 0.06, 0.07]);
      }
    }

    // Merged into runs: 00:00–00:30 before the new prices, then 03:00 until the target was reached, within 05.
    const runs = charged.reduce<Array<{ from: number; to: number }>>((out, c) => {
      const last = out.at(-1);
      if (last && last.to === c.from) last.to = c.to;
      else out.push({ from: c.from, to: c.to });
      return out;
    }, []);
    expect(runs.map((r) => new Date(r.from).toISOString().slice(11, 16))).toEqual(['00:00', '03:00']);
    expect(runs[0].to).toBe(REPRICED_AT);
    const end = runs[1].to;
    expect(end).toBeGreaterThan(EVENING + 7 * HOUR + 30 * MIN);
    expect(end).toBeLessThanOrEqual(EVENING + 7 * HOUR + 34 * MIN);
    // Never in an hour dearer than one left unused.
    expect(Math.max(...charged.map((c) => c.price))).toBeLessThanOrEqual(0.08);
    // The target is reached by departure, without charging far past it (minutes rounded up, once per re-plan).
    expect(level).toBeGreaterThanOrEqual(80);
    expect(level).toBeLessThan(80.5);
    const energyKwh = charged.reduce((sum, c) => sum + (POWER_W * (c.to - c.from)) / HOUR / 1000, 0);
    expect(energyKwh).toBeCloseTo((50 / 100) * CAPACITY_KWH / EFFICIENCY, 0);
    // From departure on the schedule gives the session its current again (it charges on if still there).
    const last = (await planMaskOf(s.transactionId))!;
    expect(profileLimitAt(last, DEPARTURE)).toBe(CURRENT_A);
  });
});

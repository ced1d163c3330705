/**
 * Live site measurements: Home Assistant (or anything with a key) pushes a
 * site's grid power, optionally solar production, home battery power and a
 * live maximum. Stored bounded: the latest value per site (one row, replaced)
 * and one row per site and local day of energy by source, integrated from the
 * measurements (kept `ENERGY_HISTORY_DAYS`). A measurement triggers the site's
 * rebalance through `site.measured`, after commit.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Locale } from '@/i18n/locales';
import { serverTranslator } from '@/i18n/messages';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, resultRows, type Db } from '@/server/db/client';
import { apiKeys, siteEnergyDays, siteMeasurements, type Site } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { translatedError } from '@/server/http/errors';
import { localParts } from '@/server/chargers/local-time';
import { requireSiteRole } from '@/server/chargers/site-access';
import type { AuthContext } from '@/server/auth/current-user';

const power = (what: string) =>
  z
    .number({ error: `Enter ${what} in W (a number)` })
    .min(-10_000_000, 'At least -10000000 W')
    .max(10_000_000, 'At most 10000000 W');

export const measurementSchema = z.object({
  /** Import positive, export negative. */
  grid_power_w: power('the grid power'),
  pv_power_w: power('the solar production').min(0, 'Solar production cannot be negative').nullish(),
  /** Discharging into the house positive, charging negative. */
  battery_power_w: power('the home battery power').nullish(),
  /** The live maximum per phase (main fuse, grid operator's limit). */
  max_import_a: z.number({ error: 'Enter the live maximum in A' }).min(0, 'At least 0 A').max(10_000, 'At most 10000 A').nullish(),
});
export type MeasurementInput = z.infer<typeof measurementSchema>;

/** Pushes closer together than this are refused (429) per site. */
const MIN_INTERVAL_MS = 1000;

export const measurementFresh = (measuredAt: Date, at = now()) => at.getTime() - measuredAt.getTime() <= getConfig().energy.staleS * 1000;

/** The site's calendar day (YYYY-MM-DD) of an instant. */
export function siteDay(at: Date, timeZone: string): string {
  try {
    // Through the cached formatter: building an Intl.DateTimeFormat took about 1 ms, on every measurement.
    const { year, month, day } = localParts(at.getTime(), timeZone);
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

type Row = typeof siteMeasurements.$inferSelect;

/** The energy of the interval from `prev` to `at`, by source, in Wh (held values, the interval capped at the stale time). */
export function energyBetween(prev: Pick<Row, 'gridPowerW' | 'pvPowerW' | 'batteryPowerW' | 'chargersPowerW' | 'measuredAt'>, at: Date) {
  const seconds = Math.min(Math.max(0, (at.getTime() - prev.measuredAt.getTime()) / 1000), getConfig().energy.staleS);
  const h = seconds / 3600;
  const grid = prev.gridPowerW;
  const battery = prev.batteryPowerW ?? 0;
  const chargers = Math.max(0, prev.chargersPowerW);
  const fromGrid = Math.min(chargers, Math.max(0, grid));
  const fromBattery = Math.min(chargers - fromGrid, Math.max(0, battery));
  return {
    gridImportWh: Math.max(0, grid) * h,
    gridExportWh: Math.max(0, -grid) * h,
    pvWh: Math.max(0, prev.pvPowerW ?? 0) * h,
    batteryDischargeWh: Math.max(0, battery) * h,
    batteryChargeWh: Math.max(0, -battery) * h,
    chargersWh: chargers * h,
    chargersGridWh: fromGrid * h,
    chargersBatteryWh: fromBattery * h,
    chargersSolarWh: (chargers - fromGrid - fromBattery) * h,
  };
}

async function sourceOf(db: Db, auth: AuthContext): Promise<string> {
  if (auth.method !== 'api_key' || !auth.apiKeyId) return 'app';
  const [key] = await db.select({ name: apiKeys.name }).from(apiKeys).where(eq(apiKeys.id, auth.apiKeyId));
  return key ? `API key "${key.name}"` : 'API key';
}

/** Stores a measurement (owner or manager of the site), adds the previous one's energy to its day, and asks for a rebalance. */
export async function recordMeasurement(auth: AuthContext, siteId: string, input: MeasurementInput, locale: Locale) {
  const db = await getDb();
  const [{ site }, source] = await Promise.all([requireSiteRole(auth.user.id, siteId, ['owner', 'manager']), sourceOf(db, auth)]);
  // No transaction: this runs for every site every 10 s, and on PGlite a transaction has the database to itself.
  // The write replaces the measurement read only if no other push replaced it meanwhile (an interval's energy
  // is counted once); one that did is less than a second old, so reading again answers 429.
  for (let attempt = 1; ; attempt++) {
    const at = now();
    const [prev] = await db.select().from(siteMeasurements).where(eq(siteMeasurements.siteId, siteId));
    // One client pushing as fast as it can would cost a write and a rebalance each time.
    if ((prev && Math.abs(at.getTime() - prev.measuredAt.getTime()) < MIN_INTERVAL_MS) || attempt > 3)
      throw translatedError(429, 'too_many_measurements', 'errors.energy.tooManyMeasurements', undefined, { headers: { 'retry-after': '1' } });
    const next = {
      siteId,
      gridPowerW: input.grid_power_w,
      pvPowerW: input.pv_power_w ?? null,
      batteryPowerW: input.battery_power_w ?? null,
      maxImportA: input.max_import_a ?? null,
      solarDrawA: null,
      measuredAt: at,
      source,
    };
    if (await replaceMeasurement(db, site, prev, next)) {
      emit({ type: 'site.measured', siteId });
      return presentMeasurement(next, now(), locale);
    }
  }
}

type NewMeasurement = Omit<Row, 'chargersPowerW'>;

/**
 * One statement: stores `next` in place of `prev` (none: only if there is still none) and adds `prev`'s
 * interval to its day. False when another push replaced `prev` first: nothing is written then.
 */
async function replaceMeasurement(db: Db, site: Site, prev: Row | undefined, next: NewMeasurement): Promise<boolean> {
  const m = siteMeasurements;
  const { siteId, ...set } = next;
  const replace = db
    .insert(m)
    .values(next)
    .onConflictDoUpdate({
      target: m.siteId,
      set,
      // Stored from a JavaScript Date: milliseconds.
      setWhere: prev ? sql`date_trunc('milliseconds', ${m.measuredAt}) = ${prev.measuredAt.toISOString()}::timestamptz` : sql`false`,
    })
    .returning({ siteId: m.siteId });
  if (!prev || next.measuredAt <= prev.measuredAt) return (await replace).length > 0;

  const at = next.measuredAt;
  const e = energyBetween(prev, at);
  const day = siteDay(prev.measuredAt, site.timeZone);
  const d = siteEnergyDays;
  const keys = Object.keys(e) as Array<keyof typeof e>;
  const column = (k: keyof typeof e) => sql.identifier(d[k].name);
  const [saved] = resultRows<{ saved: number }>(
    await db.execute(sql`
      with saved as (${replace.getSQL()}),
      added as (
        insert into ${d} (site_id, day, ${sql.join(keys.map(column), sql`, `)})
        select ${siteId}::uuid, ${day}::date, ${sql.join(keys.map((k) => sql`${e[k]}::double precision`), sql`, `)}
        where exists (select 1 from saved)
        on conflict (site_id, day) do update set
          ${sql.join(keys.map((k) => sql`${column(k)} = ${d}.${column(k)} + excluded.${column(k)}`), sql`, `)},
          ${sql.identifier(d.updatedAt.name)} = ${at.toISOString()}::timestamptz
      )
      select count(*)::int as saved from saved`),
  );
  if (!saved?.saved) return false;
  if (siteDay(at, site.timeZone) !== day) {
    const oldest = siteDay(new Date(at.getTime() - getConfig().energy.historyDays * 86_400_000), site.timeZone);
    await db.delete(d).where(and(eq(d.siteId, siteId), lt(d.day, oldest)));
  }
  return true;
}

/**
 * Who sent the measurement, in the reader's words. Stored as `app`, `API key`
 * or `API key "<name>"` (also in rows written before translation), read back here.
 */
function sourceText(source: string, locale: Locale): string {
  const t = serverTranslator(locale);
  if (source === 'app') return t('serverTexts.measurementSource.app');
  if (source === 'API key') return t('serverTexts.measurementSource.apiKey');
  const named = /^API key "(.*)"$/s.exec(source);
  return named ? t('serverTexts.measurementSource.apiKeyNamed', { name: named[1] }) : source;
}

export function presentMeasurement(m: Omit<Row, 'chargersPowerW'> | undefined, at: Date, locale: Locale) {
  if (!m) return null;
  return {
    grid_power_w: m.gridPowerW,
    pv_power_w: m.pvPowerW,
    battery_power_w: m.batteryPowerW,
    max_import_a: m.maxImportA,
    measured_at: m.measuredAt.toISOString(),
    source: sourceText(m.source, locale),
    fresh: measurementFresh(m.measuredAt, at),
  };
}

export async function latestMeasurement(siteId: string): Promise<Row | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(siteMeasurements).where(eq(siteMeasurements.siteId, siteId));
  return row;
}

/**
 * The controller's view of what the site's sessions draw (W, for the surplus shown and the energy
 * split) and, the first time it sees a measurement, what its solar sessions drew then (A).
 */
export async function recordChargersPower(siteId: string, watts: number, snapshot?: { measuredAt: Date; solarDrawA: number }): Promise<void> {
  const db = await getDb();
  const m = siteMeasurements;
  // One statement (one commit): the snapshot only onto the measurement it was taken for, and only once.
  const solarDrawA = snapshot
    ? sql`case when ${m.measuredAt} = ${snapshot.measuredAt.toISOString()}::timestamptz then coalesce(${m.solarDrawA}, ${snapshot.solarDrawA}) else ${m.solarDrawA} end`
    : m.solarDrawA;
  await db.update(m).set({ chargersPowerW: watts, solarDrawA }).where(eq(m.siteId, siteId));
}

/** A day's energy by source (the site's local today by default). */
export async function energyOfDay(site: Site, day = siteDay(now(), site.timeZone)) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(siteEnergyDays)
    .where(and(eq(siteEnergyDays.siteId, site.id), eq(siteEnergyDays.day, day)));
  // Hundredths of a Wh: a day of 10 s pushes adds up from small steps.
  const wh = (v: number | undefined) => Math.round((v ?? 0) * 100) / 100;
  return {
    day,
    grid_import_wh: wh(row?.gridImportWh),
    grid_export_wh: wh(row?.gridExportWh),
    pv_wh: wh(row?.pvWh),
    battery_discharge_wh: wh(row?.batteryDischargeWh),
    battery_charge_wh: wh(row?.batteryChargeWh),
    chargers_wh: wh(row?.chargersWh),
    chargers_by_source_wh: { solar: wh(row?.chargersSolarWh), battery: wh(row?.chargersBatteryWh), grid: wh(row?.chargersGridWh) },
  };
}

/** Today's energy of each of the user's sites that has measurements (the dashboard). */
export async function todayOfSites(sites: Site[]) {
  const db = await getDb();
  const measured = sites.length
    ? new Set(
        (await db.select({ siteId: siteMeasurements.siteId }).from(siteMeasurements).where(inArray(siteMeasurements.siteId, sites.map((s) => s.id)))).map(
          (r) => r.siteId,
        ),
      )
    : new Set<string>();
  return Promise.all(sites.filter((s) => measured.has(s.id)).map(async (s) => ({ site_id: s.id, site_name: s.name, ...(await energyOfDay(s)) })));
}

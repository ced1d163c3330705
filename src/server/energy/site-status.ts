/**
 * A site's energy status for Home Assistant and the site page: the live
 * measurement (where from, when, fresh or not), the effective limit and where
 * it comes from, what our sessions draw and were allocated, the surplus, each
 * connector's mode, and today's energy by source.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Locale } from '@/i18n/locales';
import { now } from '@/server/clock';
import { siteAllocation } from '@/server/chargers/load/allocation';
import { effectiveLimitA } from '@/server/chargers/load/modes';
import { requireSiteRole } from '@/server/chargers/site-access';
import { getDb } from '@/server/db/client';
import { chargePoints, connectors, transactions, type Site } from '@/server/db/schema';
import { energyOfDay, latestMeasurement, measurementFresh, presentMeasurement } from './measurements';

const VOLTAGE_V = 230;

export async function siteEnergyStatus(userId: string, siteId: string, locale: Locale) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  return presentSiteEnergy(site, locale);
}

export async function presentSiteEnergy(site: Site, locale: Locale) {
  const at = now();
  const db = await getDb();
  const [m, allocation, cps, today] = await Promise.all([
    latestMeasurement(site.id),
    siteAllocation(site.id),
    db.select({ id: chargePoints.id, name: chargePoints.name, identity: chargePoints.identity }).from(chargePoints).where(eq(chargePoints.siteId, site.id)).orderBy(asc(chargePoints.name)),
    energyOfDay(site),
  ]);
  const ids = cps.map((c) => c.id);
  const [conns, open] = ids.length
    ? await Promise.all([
        db.select().from(connectors).where(inArray(connectors.chargePointId, ids)).orderBy(asc(connectors.evseId), asc(connectors.connectorId)),
        db
          .select({ chargePointId: transactions.chargePointId, evseId: transactions.evseId })
          .from(transactions)
          .where(and(inArray(transactions.chargePointId, ids), isNull(transactions.stoppedAt))),
      ])
    : [[], []];
  const fresh = m !== undefined && measurementFresh(m.measuredAt, at);
  const limit = effectiveLimitA(site.maxCurrentA, m?.maxImportA ?? null, fresh);
  const liveLimits = fresh && m?.maxImportA != null && (site.maxCurrentA === null || m.maxImportA < site.maxCurrentA);
  const allocatedA = new Map(allocation.sessions.map((s) => [`${s.charge_point_id}:${s.evse_id}`, s.allocated_a]));
  const allocatedW = allocation.sessions.reduce((sum, s) => sum + s.allocated_a, 0) * VOLTAGE_V * site.phases;
  return {
    id: site.id,
    name: site.name,
    phases: site.phases,
    fixed_limit_a: site.maxCurrentA,
    effective_limit_a: limit,
    /** live: the fresh live maximum; fixed: the site's own limit (also when measurements are stale); none. */
    limit_source: liveLimits ? 'live' : site.maxCurrentA !== null ? 'fixed' : 'none',
    measurement: presentMeasurement(m, at, locale),
    measured: {
      grid_power_w: fresh ? m!.gridPowerW : null,
      pv_power_w: fresh ? m!.pvPowerW : null,
      battery_power_w: fresh ? m!.batteryPowerW : null,
    },
    chargers_power_w: m ? Math.round(m.chargersPowerW) : 0,
    allocated_power_w: Math.round(allocatedW),
    /** What the chargers could take without importing: export plus what they draw now; null without a fresh measurement. */
    surplus_power_w: fresh ? Math.round(Math.max(0, -m!.gridPowerW + m!.chargersPowerW)) : null,
    charge_points: cps.map((cp) => ({
      ...cp,
      connectors: conns
        .filter((c) => c.chargePointId === cp.id && c.evseId > 0)
        .map((c) => ({
          evse_id: c.evseId,
          connector_id: c.connectorId,
          charging_mode: c.chargingMode,
          charging: open.some((t) => t.chargePointId === cp.id && t.evseId === c.evseId),
          solar_on: c.chargingMode === 'solar' ? c.solarOn : null,
          allocated_a: allocatedA.get(`${cp.id}:${c.evseId}`) ?? null,
        })),
    })),
    today,
  };
}

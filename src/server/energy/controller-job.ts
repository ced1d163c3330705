/**
 * The solar controller between measurements: measurements trigger a site's
 * rebalance (`site.measured`), but time alone must too, when a start or stop
 * delay runs out, or when measurements stop and the site falls back to its
 * fixed limit. Every 10 s, in one instance, this asks for a rebalance of the
 * sites with a switch pending, of those whose measurement just went stale,
 * and of those where a session's charging plan window started or ended
 * (load balancing gives a session its share only inside its windows; the
 * site's own run also schedules a wake for that moment in its process, this
 * is the one that survives a restart or a hand-over to another instance).
 */
import { and, eq, exists, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { requestRebalance } from '@/server/chargers/load/rebalance';
import { getConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { chargePlans, chargePoints, connectors, siteMeasurements, transactions } from '@/server/db/schema';
import type { PeriodicJob } from '@/server/system/jobs';

const INTERVAL_MS = 10_000;

export async function sitesDueForControl(at = now()): Promise<string[]> {
  const db = await getDb();
  const staleAt = new Date(at.getTime() - getConfig().energy.staleS * 1000);
  // Runs are spaced by at least the interval; a late one (a lease handed over) still catches a recent change.
  const window = new Date(staleAt.getTime() - 3 * INTERVAL_MS);
  const edgesSince = new Date(at.getTime() - 2 * INTERVAL_MS).toISOString();
  const until = at.toISOString();
  const [stale, pending, planned] = await Promise.all([
    db
      .select({ siteId: siteMeasurements.siteId })
      .from(siteMeasurements)
      .where(and(lte(siteMeasurements.measuredAt, staleAt), gt(siteMeasurements.measuredAt, window))),
    db
      .selectDistinct({ siteId: sql<string>`${chargePoints.siteId}` })
      .from(connectors)
      .innerJoin(chargePoints, eq(chargePoints.id, connectors.chargePointId))
      .where(
        and(
          isNotNull(chargePoints.siteId),
          or(isNotNull(connectors.solarCoveredSince), isNotNull(connectors.solarMissingSince)),
          // Only while a session is open there: a delay left running by an ended session waits for the next one.
          exists(
            db
              .select({ one: sql`1` })
              .from(transactions)
              .where(and(eq(transactions.chargePointId, connectors.chargePointId), eq(transactions.evseId, connectors.evseId), isNull(transactions.stoppedAt))),
          ),
        ),
      ),
    db
      .execute(
        sql`select distinct cp.site_id as "siteId"
        from ${chargePlans} p
        join ${transactions} t on t.id = p.transaction_id and t.stopped_at is null
        join ${chargePoints} cp on cp.id = t.charge_point_id
        where cp.site_id is not null and p.mask is not null and exists (
          select 1 from (
            select (p.mask->>'until')::timestamptz as edge
            union all select (w->>'start')::timestamptz from jsonb_array_elements(p.mask->'on') w
            union all select (w->>'end')::timestamptz from jsonb_array_elements(p.mask->'on') w
          ) e where e.edge > ${edgesSince}::timestamptz and e.edge <= ${until}::timestamptz)`,
      )
      .then((r) => resultRows<{ siteId: string }>(r)),
  ]);
  return [...new Set([...stale, ...pending, ...planned].map((r) => r.siteId))];
}

export const energyControllerJob: PeriodicJob = {
  name: 'energy controller',
  intervalMs: INTERVAL_MS,
  async run() {
    for (const siteId of await sitesDueForControl()) requestRebalance(siteId);
  },
};

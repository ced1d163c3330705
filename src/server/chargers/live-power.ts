import { sql } from 'drizzle-orm';
import { getDb, resultRows } from '@/server/db/client';
import { meterValues } from '@/server/db/schema';

const POWER = ['Power.Active.Import'];

/**
 * The newest power reading per charge point and EVSE, in W (meter values are
 * stored in W/Wh): one query for all. Both steps walk the sample key (charge
 * point, evse, sampled_at, …): a skip scan finds each charge point's EVSEs,
 * then one backward probe each finds its newest reading, so the cost does not
 * grow with the history (a DISTINCT ON read sorted all its power samples).
 */
export async function livePowerOf(chargePointIds: string[]): Promise<Map<string, Map<number, number>>> {
  const byChargePoint = new Map<string, Map<number, number>>();
  if (chargePointIds.length === 0) return byChargePoint;
  const db = await getDb();
  const mv = meterValues;
  const ids = sql.join(chargePointIds.map((id) => sql`(${id}::uuid)`), sql`, `);
  const result = await db.execute(sql`
    with recursive evses(charge_point_id, evse_id) as (
      select cp.id, (select m.evse_id from ${mv} m where m.charge_point_id = cp.id order by m.evse_id limit 1)
      from (values ${ids}) as cp(id)
      union all
      select e.charge_point_id,
        (select m.evse_id from ${mv} m where m.charge_point_id = e.charge_point_id and m.evse_id > e.evse_id order by m.evse_id limit 1)
      from evses e where e.evse_id is not null
    )
    select e.charge_point_id as "chargePointId", e.evse_id as "evseId", p.value from evses e
    cross join lateral (
      select ${mv.value} from ${mv}
      where ${mv.chargePointId} = e.charge_point_id and ${mv.evseId} = e.evse_id and ${mv.phase} = ''
        and ${mv.measurand} in (${sql.join(POWER.map((m) => sql`${m}`), sql`, `)})
      order by ${mv.sampledAt} desc limit 1
    ) p`);
  for (const r of resultRows<{ chargePointId: string; evseId: number; value: number }>(result)) {
    if (!byChargePoint.has(r.chargePointId)) byChargePoint.set(r.chargePointId, new Map());
    byChargePoint.get(r.chargePointId)!.set(r.evseId, r.value);
  }
  return byChargePoint;
}

/** The newest power reading per EVSE of one charge point, in W. */
export async function livePower(chargePointId: string): Promise<Map<number, number>> {
  return (await livePowerOf([chargePointId])).get(chargePointId) ?? new Map();
}

/**
 * A connector's power now, in W: its EVSE's newest reading while a session is
 * open there (a reading left from an earlier session is not live), 0 without
 * a session, null before the session's first reading.
 */
export const connectorPower = (evseId: number, charging: Set<number>, power: Map<number, number> | undefined): number | null =>
  charging.has(evseId) ? (power?.get(evseId) ?? null) : 0;

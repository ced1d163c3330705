import { sql } from 'drizzle-orm';
import { getDb, resultRows } from '@/server/db/client';
import { meterValues } from '@/server/db/schema';

const POWER = ['Power.Active.Import'];

/**
 * The newest power reading per EVSE, in W (meter values are stored in W/Wh).
 * Both steps walk the sample key (charge point, evse, sampled_at, …): a skip
 * scan finds the EVSEs, then one backward probe each finds its newest
 * reading, so the cost does not grow with the charge point's history (a
 * DISTINCT ON read and sorted all its power samples).
 */
export async function livePower(chargePointId: string): Promise<Map<number, number>> {
  const db = await getDb();
  const mv = meterValues;
  const result = await db.execute(sql`
    with recursive evses(evse_id) as (
      (select ${mv.evseId} from ${mv} where ${mv.chargePointId} = ${chargePointId} order by ${mv.evseId} limit 1)
      union all
      select (select m.evse_id from ${mv} m where m.charge_point_id = ${chargePointId} and m.evse_id > e.evse_id order by m.evse_id limit 1)
      from evses e where e.evse_id is not null
    )
    select e.evse_id as "evseId", p.value from evses e
    cross join lateral (
      select ${mv.value} from ${mv}
      where ${mv.chargePointId} = ${chargePointId} and ${mv.evseId} = e.evse_id and ${mv.phase} = ''
        and ${mv.measurand} in (${sql.join(POWER.map((m) => sql`${m}`), sql`, `)})
      order by ${mv.sampledAt} desc limit 1
    ) p`);
  return new Map(resultRows<{ evseId: number; value: number }>(result).map((r) => [r.evseId, r.value]));
}

import { sql } from 'drizzle-orm';
import { getDb, resultRows } from '@/server/db/client';
import { meterValues, type Transaction } from '@/server/db/schema';

const POWER = ['Power.Active.Import'];

/** An open session: live power is its own newest reading, never one left from an earlier session on the EVSE. */
export type OpenSession = Pick<Transaction, 'id' | 'chargePointId' | 'evseId' | 'startedAt'>;

/**
 * The newest power reading of each open session, in W (meter values are stored
 * in W/Wh), per charge point and EVSE: one query for all. A reading counts
 * when it is the session's or unassigned (a 1.6 MeterValues may carry no
 * transactionId) and sampled since the session started, on the charge point's
 * own clock like the start. Each lookup is one backward probe on the sample
 * key (charge point, evse, sampled_at, …) bounded by the start, so the cost
 * does not grow with the history.
 */
export async function livePowerOf(sessions: OpenSession[]): Promise<Map<string, Map<number, number>>> {
  const byChargePoint = new Map<string, Map<number, number>>();
  if (sessions.length === 0) return byChargePoint;
  const db = await getDb();
  const mv = meterValues;
  const open = sql.join(
    sessions.map((s) => sql`(${s.id}::uuid, ${s.chargePointId}::uuid, ${s.evseId}::integer, ${s.startedAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select s.charge_point_id as "chargePointId", s.evse_id as "evseId", p.value
    from (values ${open}) as s(id, charge_point_id, evse_id, started_at)
    cross join lateral (
      select ${mv.value} from ${mv}
      where ${mv.chargePointId} = s.charge_point_id and ${mv.evseId} = s.evse_id and ${mv.sampledAt} >= s.started_at
        and ${mv.phase} = '' and ${mv.measurand} in (${sql.join(POWER.map((m) => sql`${m}`), sql`, `)})
        and (${mv.transactionId} = s.id or ${mv.transactionId} is null)
      order by ${mv.sampledAt} desc limit 1
    ) p`);
  for (const r of resultRows<{ chargePointId: string; evseId: number; value: number }>(result)) {
    if (!byChargePoint.has(r.chargePointId)) byChargePoint.set(r.chargePointId, new Map());
    byChargePoint.get(r.chargePointId)!.set(r.evseId, r.value);
  }
  return byChargePoint;
}

/**
 * A connector's power now, in W: its EVSE's open session's newest reading, 0
 * without a session, null before the session's first reading.
 */
export const connectorPower = (evseId: number, charging: Set<number>, power: Map<number, number> | undefined): number | null =>
  charging.has(evseId) ? (power?.get(evseId) ?? null) : 0;

/** A charge point's power now: the sum over EVSEs with a session, 0 without one, null while none of them has a reading yet. */
export function totalPower(charging: Set<number>, power: Map<number, number> | undefined): number | null {
  const readings = [...charging].map((evse) => power?.get(evse)).filter((w) => w !== undefined);
  if (charging.size === 0) return 0;
  return readings.length === 0 ? null : readings.reduce((a, b) => a + b, 0);
}

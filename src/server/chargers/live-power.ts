import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { meterValues } from '@/server/db/schema';

const POWER = ['Power.Active.Import'];

/** The newest power reading per charge point and EVSE, in W (meter values are stored in W/Wh): one query for all. */
export async function livePowerOf(chargePointIds: string[]): Promise<Map<string, Map<number, number>>> {
  const byChargePoint = new Map<string, Map<number, number>>();
  if (chargePointIds.length === 0) return byChargePoint;
  const db = await getDb();
  const rows = await db
    .selectDistinctOn([meterValues.chargePointId, meterValues.evseId], {
      chargePointId: meterValues.chargePointId,
      evseId: meterValues.evseId,
      value: meterValues.value,
    })
    .from(meterValues)
    .where(and(inArray(meterValues.chargePointId, chargePointIds), inArray(meterValues.measurand, POWER), eq(meterValues.phase, '')))
    .orderBy(meterValues.chargePointId, meterValues.evseId, desc(meterValues.sampledAt));
  for (const r of rows) {
    if (!byChargePoint.has(r.chargePointId)) byChargePoint.set(r.chargePointId, new Map());
    byChargePoint.get(r.chargePointId)!.set(r.evseId, r.value);
  }
  return byChargePoint;
}

/** The newest power reading per EVSE of one charge point, in W. */
export async function livePower(chargePointId: string): Promise<Map<number, number>> {
  return (await livePowerOf([chargePointId])).get(chargePointId) ?? new Map();
}

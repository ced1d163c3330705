import { and, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { meterValues } from '@/server/db/schema';

const POWER = ['Power.Active.Import'];

/** The newest power reading per EVSE, in W (meter values are stored in W/Wh). */
export async function livePower(chargePointId: string): Promise<Map<number, number>> {
  const db = await getDb();
  const rows = await db
    .selectDistinctOn([meterValues.evseId], { evseId: meterValues.evseId, value: meterValues.value })
    .from(meterValues)
    .where(and(eq(meterValues.chargePointId, chargePointId), inArray(meterValues.measurand, POWER), eq(meterValues.phase, '')))
    .orderBy(meterValues.evseId, desc(meterValues.sampledAt));
  return new Map(rows.map((r) => [r.evseId, r.value]));
}

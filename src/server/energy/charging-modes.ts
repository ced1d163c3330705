/**
 * Setting a connector's charging mode (off, fast, min_solar, solar). Kept on
 * the connector row, so the site's controller reads it with the session; a
 * change resets the solar controller's switch state (a session switched to
 * Solar waits for its start delay) and triggers the site's rebalance.
 */
import { and, eq, gte } from 'drizzle-orm';
import { z } from 'zod';
import { CHARGING_MODES, type ChargingMode } from '@/server/chargers/load/modes';
import type { Db, Tx } from '@/server/db/client';
import { connectors } from '@/server/db/schema';

export const chargingModeSchema = z.enum(CHARGING_MODES as [ChargingMode, ...ChargingMode[]], {
  error: 'Choose one of: off, fast, min_solar, solar',
});

const resetState = { solarOn: false, solarCoveredSince: null, solarMissingSince: null, solarSwitchedAt: null };

/** Every connector of the charge point (one it never reported is created as EVSE 1, connector 1). */
export async function setModeOfAll(db: Db | Tx, chargePointId: string, mode: ChargingMode): Promise<void> {
  const rows = await db
    .update(connectors)
    .set({ chargingMode: mode, ...resetState })
    .where(and(eq(connectors.chargePointId, chargePointId), gte(connectors.evseId, 1)))
    .returning({ id: connectors.id });
  if (rows.length === 0) await setModeOf(db, chargePointId, 1, 1, mode);
}

export async function setModeOf(db: Db | Tx, chargePointId: string, evseId: number, connectorId: number, mode: ChargingMode): Promise<void> {
  await db
    .insert(connectors)
    .values({ chargePointId, evseId, connectorId, chargingMode: mode })
    .onConflictDoUpdate({ target: [connectors.chargePointId, connectors.evseId, connectors.connectorId], set: { chargingMode: mode, ...resetState } });
}

export const chargingModeBody = z.object({
  charging_mode: chargingModeSchema,
  /** 1.6 connector / 2.0.1 EVSE; left out: every connector of the charge point. */
  connector_id: z.number({ error: 'Enter a connector number' }).int().min(1, 'Connectors count from 1').max(32, 'At most 32').optional(),
});


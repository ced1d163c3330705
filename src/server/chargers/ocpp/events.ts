import { eq, isNull, lte, or } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePointEvents, chargePoints, connectors } from '@/server/db/schema';

/** Vendor ids whose DataTransfer we understand; any other is stored and answered UnknownVendorId. */
const KNOWN_VENDOR_IDS = new Set(['org.evconduit']);

export const dataTransferStatus = (vendorId: string) => (KNOWN_VENDOR_IDS.has(vendorId) ? 'Accepted' : 'UnknownVendorId');

/** Keeps a message as it came (DataTransfer, reports, events, security and log notices). */
export async function recordEvent(chargePointId: string, action: string, payload: unknown): Promise<void> {
  const db = await getDb();
  await db.insert(chargePointEvents).values({ chargePointId, action, payload: payload ?? {}, receivedAt: now() });
}

export interface ConnectorStatus {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string;
  info?: string;
  at: Date;
}

/**
 * Upserts a connector's status. A notification older than the stored one
 * (a replay after an outage) does not overwrite it. 1.6 connector 0 is the
 * charge point itself and is kept as evse 0 / connector 0.
 */
export async function recordConnectorStatus(chargePointId: string, s: ConnectorStatus): Promise<void> {
  const db = await getDb();
  // Faults are kept as history; the connector row only holds the newest status.
  if (s.status === 'Faulted' || (s.errorCode && s.errorCode !== 'NoError')) await recordEvent(chargePointId, 'StatusNotification', s);
  const values = { status: s.status, errorCode: s.errorCode ?? null, info: s.info ?? null, statusAt: s.at, updatedAt: now() };
  await db
    .insert(connectors)
    .values({ chargePointId, evseId: s.evseId, connectorId: s.connectorId, ...values })
    .onConflictDoUpdate({
      target: [connectors.chargePointId, connectors.evseId, connectors.connectorId],
      set: values,
      setWhere: or(isNull(connectors.statusAt), lte(connectors.statusAt, s.at)),
    });
}

/** Firmware or diagnostics/log upload progress, shown on the charge point. */
export async function recordProgress(chargePointId: string, kind: 'firmware' | 'diagnostics', status: string): Promise<void> {
  const db = await getDb();
  const at = now();
  const set =
    kind === 'firmware' ? { firmwareStatus: status, firmwareStatusAt: at } : { diagnosticsStatus: status, diagnosticsStatusAt: at };
  await db.update(chargePoints).set(set).where(eq(chargePoints.id, chargePointId));
}

import { eq, isNull, lte, or } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePointEvents, chargePoints, connectors } from '@/server/db/schema';
import { trimAfterInserts } from './event-retention';

/** Vendor ids whose DataTransfer we understand; any other is stored and answered UnknownVendorId. */
const KNOWN_VENDOR_IDS = new Set(['org.evconduit']);

export const dataTransferStatus = (vendorId: string) => (KNOWN_VENDOR_IDS.has(vendorId) ? 'Accepted' : 'UnknownVendorId');

/** Stored payloads above this size (as JSON) keep only their start: free-form vendor data must not fill the database. */
export const STORED_PAYLOAD_MAX_CHARS = 8192;
const PREVIEW_CHARS = 1024;

/** The payload to store: as it came, or when too large a marker with its size and the start of its JSON. */
export function storablePayload(payload: unknown): unknown {
  const json = JSON.stringify(payload ?? {});
  if (json.length <= STORED_PAYLOAD_MAX_CHARS) return payload ?? {};
  return truncatedMarker(json);
}

/** What is stored instead of JSON text above STORED_PAYLOAD_MAX_CHARS: its size and its start. */
export function truncatedMarker(json: string): { truncated: true; chars: number; preview: string } {
  let preview = json.slice(0, PREVIEW_CHARS);
  // Never end on the first half of a surrogate pair (PostgreSQL refuses it).
  if (/[\ud800-\udbff]$/.test(preview)) preview = preview.slice(0, -1);
  return { truncated: true, chars: json.length, preview };
}

/**
 * Keeps a message (DataTransfer, reports, events, security and log notices),
 * capped in size; every so many, the charge point's oldest beyond
 * OCPP_EVENTS_PER_CHARGE_POINT are deleted (event-retention.ts).
 */
export async function recordEvent(chargePointId: string, action: string, payload: unknown): Promise<void> {
  const db = await getDb();
  await db.insert(chargePointEvents).values({ chargePointId, action, payload: storablePayload(payload), receivedAt: now() });
  await trimAfterInserts(chargePointId);
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

import { randomInt } from 'node:crypto';
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { randomSecret, sha256Hex } from '@/server/auth/crypto';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePointOperations, type ChargePointOperation } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import type { CommandAnswer } from './ocpp/commands';
import type { Command16, Command201 } from './ocpp/command-schemas';
import type { PreparedCommand } from './commands';
import { getOwnedChargePoint } from './ownership';

export type OperationKind = 'firmware' | 'diagnostics';
type OperationCommand = Extract<Command16 | Command201, { action: 'UpdateFirmware' | 'GetDiagnostics' | 'GetLog' }>;

/** Largest diagnostics/log file the upload endpoint keeps; below the 10 MB at which Next cuts bodies passing the proxy. */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

const newRequestId = () => randomInt(1, 2 ** 31 - 1);

/** A one-time upload URL on this server; only the token's hash is stored. */
function uploadLocation(chargePointId: string) {
  const token = randomSecret(24);
  return { url: `${getConfig().appUrl}/api/charge-points/${chargePointId}/diagnostics-upload/${token}`, tokenHash: sha256Hex(token) };
}

/**
 * UpdateFirmware, GetDiagnostics, GetLog: fills in the defaults (retrieve
 * now, a requestId, our own upload URL when none is given) and records the
 * operation before sending, because the charge point may report progress
 * before its answer has reached us. A command that fails is forgotten.
 */
export async function prepareOperation(chargePointId: string, command: OperationCommand): Promise<PreparedCommand> {
  const at = now().toISOString();
  let kind: OperationKind = 'diagnostics';
  let payload: CommandAnswer;
  let location: string;
  let requestId: number | null = null;
  let tokenHash: string | null = null;
  const upload = () => {
    const own = uploadLocation(chargePointId);
    tokenHash = own.tokenHash;
    return own.url;
  };
  if (command.action === 'UpdateFirmware' && 'location' in command.payload) {
    kind = 'firmware';
    location = command.payload.location;
    payload = { ...command.payload, retrieveDate: command.payload.retrieveDate ?? at };
  } else if (command.action === 'UpdateFirmware' && 'firmware' in command.payload) {
    kind = 'firmware';
    requestId = command.payload.requestId ?? newRequestId();
    location = command.payload.firmware.location;
    payload = { ...command.payload, requestId, firmware: { ...command.payload.firmware, retrieveDateTime: command.payload.firmware.retrieveDateTime ?? at } };
  } else if (command.action === 'GetDiagnostics') {
    location = command.payload.location ?? upload();
    payload = { ...command.payload, location };
  } else if (command.action === 'GetLog') {
    requestId = command.payload.requestId ?? newRequestId();
    location = command.payload.log.remoteLocation ?? upload();
    payload = { ...command.payload, requestId, log: { ...command.payload.log, remoteLocation: location } };
  } else {
    throw new Error(`not an operation: ${command.action}`);
  }

  const db = await getDb();
  const [row] = await db
    .insert(chargePointOperations)
    .values({ chargePointId, kind, action: command.action, requestId, location, status: 'Requested', statusAt: now(), uploadTokenHash: tokenHash })
    .returning({ id: chargePointOperations.id });
  return {
    payload,
    after: async (answer) => {
      // 1.6 UpdateFirmware answers {}; GetDiagnostics {fileName?}; 2.0.1 a status and GetLog a filename.
      const status = typeof answer.status === 'string' ? answer.status : 'Accepted';
      const fileName = (answer.fileName ?? answer.filename) as string | undefined;
      await db
        .update(chargePointOperations)
        // Progress reported meanwhile stays the status.
        .set({ status: sql`case when ${chargePointOperations.history} = '[]'::jsonb then ${status}::text else ${chargePointOperations.status} end`, fileName: fileName ?? null })
        .where(eq(chargePointOperations.id, row.id));
    },
    failed: async () => {
      await db.delete(chargePointOperations).where(eq(chargePointOperations.id, row.id));
    },
  };
}

/**
 * A FirmwareStatusNotification, DiagnosticsStatusNotification or
 * LogStatusNotification: appended to the operation it names (2.0.1
 * requestId) or else the newest of its kind. Idle means nothing is running
 * and belongs to no operation.
 */
export async function recordOperationProgress(chargePointId: string, kind: OperationKind, status: string, requestId?: number): Promise<void> {
  if (status === 'Idle') return;
  const db = await getDb();
  const [target] = await db
    .select({ id: chargePointOperations.id })
    .from(chargePointOperations)
    .where(
      and(
        eq(chargePointOperations.chargePointId, chargePointId),
        eq(chargePointOperations.kind, kind),
        requestId !== undefined ? eq(chargePointOperations.requestId, requestId) : undefined,
      ),
    )
    .orderBy(desc(chargePointOperations.createdAt))
    .limit(1);
  if (!target) return;
  const at = now();
  await db
    .update(chargePointOperations)
    .set({
      status,
      statusAt: at,
      history: sql`${chargePointOperations.history} || ${JSON.stringify([{ status, at: at.toISOString() }])}::jsonb`,
    })
    .where(eq(chargePointOperations.id, target.id));
}

/** Keeps an upload to a one-time URL; the token works once. */
export async function storeUpload(chargePointId: string, token: string, bytes: Uint8Array, fileName: string | null): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .update(chargePointOperations)
    .set({
      upload: bytes,
      uploadSize: bytes.byteLength,
      uploadedAt: now(),
      uploadTokenHash: null,
      fileName: sql`coalesce(${chargePointOperations.fileName}, ${fileName})`,
    })
    .where(and(eq(chargePointOperations.chargePointId, chargePointId), eq(chargePointOperations.uploadTokenHash, sha256Hex(token))))
    .returning({ id: chargePointOperations.id });
  if (!row) throw notFound('upload');
}

/** A location as the owner may see it again: without a password in it, and without our upload token. */
function shownLocation(location: string): string {
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString().replace(/(\/diagnostics-upload\/)[^/]+/, '$1…');
  } catch {
    return location;
  }
}

const presentOperation = (o: Omit<ChargePointOperation, 'upload'>) => ({
  id: o.id,
  kind: o.kind,
  action: o.action,
  request_id: o.requestId,
  location: shownLocation(o.location),
  status: o.status,
  status_at: o.statusAt.toISOString(),
  history: o.history,
  file_name: o.fileName,
  uploaded: o.uploadedAt !== null,
  upload_size: o.uploadSize,
  uploaded_at: o.uploadedAt?.toISOString() ?? null,
  created_at: o.createdAt.toISOString(),
});

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the file stays out of listings
const { upload, ...withoutFile } = getTableColumns(chargePointOperations);

/** The charge point's firmware and diagnostics operations, newest first. */
export async function listOperations(ownerId: string, id: string, kind?: OperationKind) {
  const cp = await getOwnedChargePoint(ownerId, id);
  const db = await getDb();
  const rows = await db
    .select(withoutFile)
    .from(chargePointOperations)
    .where(and(eq(chargePointOperations.chargePointId, cp.id), kind ? eq(chargePointOperations.kind, kind) : undefined))
    .orderBy(desc(chargePointOperations.createdAt))
    .limit(20);
  return rows.map(presentOperation);
}

/** An uploaded diagnostics/log file of the owner's charge point. */
export async function uploadedFile(ownerId: string, id: string, operationId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const cp = await getOwnedChargePoint(ownerId, id);
  const db = await getDb();
  const [row] = await db
    .select({ upload: chargePointOperations.upload, fileName: chargePointOperations.fileName })
    .from(chargePointOperations)
    .where(and(eq(chargePointOperations.id, operationId), eq(chargePointOperations.chargePointId, cp.id)));
  if (!row?.upload) throw notFound('file');
  return { bytes: row.upload, fileName: row.fileName ?? 'diagnostics' };
}

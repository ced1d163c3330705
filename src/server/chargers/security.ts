import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { AppError } from '@/server/http/errors';
import { sha256Hex } from '@/server/auth/crypto';
import { recordAudit } from '@/server/audit/audit';
import { getLogger } from '@/server/observability/logger';
import { connectedProtocol, sendCommand } from './ocpp/commands';
import { getOwnedChargePoint } from './ownership';
import { newChargePointPassword } from './registration';

export const connectionSettingsSchema = z.object({
  /** Security profile 0: connections without a password. Only for charge points on a closed network. */
  allow_no_password: z.boolean().optional(),
  /** WebSocket ping interval in seconds; 0 turns pings off (chargers that ignore them), null is the default (30 s). */
  ping_interval_s: z.number().int().min(0).max(3600).nullable().optional(),
});

export const presentConnectionSettings = (cp: ChargePoint) => ({
  allow_no_password: cp.allowNoPassword,
  ping_interval_s: cp.pingIntervalS,
  password_rotation: cp.passwordRotationStatus
    ? { status: cp.passwordRotationStatus, at: cp.passwordRotationAt?.toISOString() ?? null }
    : null,
});

/** Applies on the charge point's next connection (the ping interval too). */
export async function updateConnectionSettings(ownerId: string, id: string, input: z.infer<typeof connectionSettingsSchema>) {
  const cp = await getOwnedChargePoint(ownerId, id);
  const set = {
    ...(input.allow_no_password !== undefined && { allowNoPassword: input.allow_no_password }),
    ...(input.ping_interval_s !== undefined && { pingIntervalS: input.ping_interval_s }),
  };
  if (Object.keys(set).length === 0) return presentConnectionSettings(cp);
  const db = await getDb();
  const [row] = await db.update(chargePoints).set({ ...set, updatedAt: now() }).where(eq(chargePoints.id, cp.id)).returning();
  if (input.allow_no_password !== undefined && input.allow_no_password !== cp.allowNoPassword) {
    const action = input.allow_no_password ? 'charge_point.allow_no_password' : 'charge_point.require_password';
    await recordAudit({ actorUserId: ownerId, action, subjectType: 'charge_point', subjectId: cp.id });
  }
  return presentConnectionSettings(row);
}

type Outcome = 'accepted' | 'rejected' | 'no_answer';

/**
 * Offers a new Basic-auth password to a connected charge point through the
 * protocol: 2.0.1 SetVariables SecurityCtrlr.BasicAuthPassword (use case
 * A01), 1.6 ChangeConfiguration AuthorizationKey (security whitepaper).
 */
export async function offerPassword(identity: string, password: string): Promise<{ outcome: Outcome; answer: string }> {
  const protocol = await connectedProtocol(identity);
  try {
    if (protocol === 'ocpp2.0.1') {
      const reply = await sendCommand(identity, 'SetVariables', {
        setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: password }],
      });
      const status = String((reply.setVariableResult as { attributeStatus: string }[] | undefined)?.[0]?.attributeStatus);
      return { outcome: status === 'Accepted' ? 'accepted' : 'rejected', answer: status };
    }
    const reply = await sendCommand(identity, 'ChangeConfiguration', { key: 'AuthorizationKey', value: password });
    const status = String(reply.status);
    // RebootRequired: taken, used after the charge point restarts (and reconnects).
    return { outcome: status === 'Accepted' || status === 'RebootRequired' ? 'accepted' : 'rejected', answer: status };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A CALLERROR (e.g. NotSupported) is a refusal; after a timeout or a dropped socket it may have taken the password all the same.
    if (error.code === 'charge_point_error') return { outcome: 'rejected', answer: error.detail };
    if (error.code === 'charge_point_timeout' || error.code === 'charge_point_offline') return { outcome: 'no_answer', answer: error.detail };
    throw error;
  }
}

export interface RotationResult {
  status: 'completed' | 'awaiting_reconnect' | 'unconfirmed' | 'rejected';
  /** Shown once; null when the charge point refused it (the old password stays). */
  password: string | null;
  /** The charge point's answer, when it was asked. */
  answer: string | null;
}

/**
 * Rotates a charge point's password. Offline: the new one replaces the old at
 * once (enter it in the charge point). Connected: the charge point is asked
 * to take it; the old one stays valid until it connects with the new one.
 */
export async function rotatePassword(ownerId: string, id: string): Promise<RotationResult> {
  const cp = await getOwnedChargePoint(ownerId, id);
  const db = await getDb();
  const password = newChargePointPassword();
  const hash = sha256Hex(password);
  const audit = (detail: string) =>
    recordAudit({ actorUserId: ownerId, action: 'charge_point.password_rotate', subjectType: 'charge_point', subjectId: cp.id, details: { result: detail } });

  if (!(await connectedProtocol(cp.identity))) {
    await db
      .update(chargePoints)
      .set({ passwordHash: hash, pendingPasswordHash: null, passwordRotationStatus: 'completed', passwordRotationAt: now() })
      .where(eq(chargePoints.id, cp.id));
    await audit('completed');
    return { status: 'completed', password, answer: null };
  }

  // Valid before we ask: the charge point may reconnect with it before its answer reaches us.
  await db.update(chargePoints).set({ pendingPasswordHash: hash, passwordRotationStatus: 'unconfirmed', passwordRotationAt: now() }).where(eq(chargePoints.id, cp.id));
  const { outcome, answer } = await offerPassword(cp.identity, password);
  getLogger().info({ chargePoint: cp.identity, outcome, answer }, 'password rotation');
  const stillPending = and(eq(chargePoints.id, cp.id), eq(chargePoints.pendingPasswordHash, hash));
  if (outcome === 'rejected') {
    await db.update(chargePoints).set({ pendingPasswordHash: null, passwordRotationStatus: 'rejected', passwordRotationAt: now() }).where(stillPending);
    await audit('rejected');
    return { status: 'rejected', password: null, answer };
  }
  const status = outcome === 'accepted' ? 'awaiting_reconnect' : 'unconfirmed';
  const [row] = await db.update(chargePoints).set({ passwordRotationStatus: status }).where(stillPending).returning({ id: chargePoints.id });
  await audit(status);
  // Already reconnected with it (and promoted) while we waited for the answer.
  return { status: row ? status : 'completed', password, answer };
}

/** The charge point connected with its new password: from now on only that one is valid. */
export async function completeRotation(chargePointId: string): Promise<void> {
  const db = await getDb();
  const [cp] = await db.select({ pending: chargePoints.pendingPasswordHash }).from(chargePoints).where(eq(chargePoints.id, chargePointId));
  if (!cp?.pending) return;
  await db
    .update(chargePoints)
    .set({ passwordHash: cp.pending, pendingPasswordHash: null, passwordRotationStatus: 'completed', passwordRotationAt: now() })
    .where(and(eq(chargePoints.id, chargePointId), eq(chargePoints.pendingPasswordHash, cp.pending)));
}

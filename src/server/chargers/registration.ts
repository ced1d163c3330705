import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { AppError, conflict, type ErrorKey } from '@/server/http/errors';
import { randomBytes } from 'node:crypto';
import { constantTimeEqual, sha256Hex } from '@/server/auth/crypto';
import { recordAudit } from '@/server/audit/audit';
import { getOwnedSite } from './sites';
import { requireOwnedTariff } from './tariffs';
import { getPendingSetting } from './pending-setting';

/**
 * OCPP identities: 1–48 printable characters without ':' (it would break the
 * HTTP Basic user name) or '/' (it would end the URL path segment).
 */
export const identitySchema = z
  .string()
  .min(1)
  .max(48)
  .regex(/^[A-Za-z0-9._~\-*+|@!$()=]+$/, 'Use letters, digits and . _ ~ - * + | @ ! $ ( ) = only');

export const registerChargePointSchema = z.object({
  identity: identitySchema,
  name: z.string().trim().min(1).max(100),
  /** One of the owner's sites (load balancing, grouping); can be changed later. */
  site_id: z.uuid().optional(),
  /** One of the owner's tariffs, to price its sessions; can be changed later. */
  tariff_id: z.uuid().optional(),
});

/**
 * 20 random bytes as 40 hex digits: fits 2.0.1's BasicAuthPassword (16–40
 * characters) and 1.6's AuthorizationKey (hex, at most 40) alike.
 */
export const newChargePointPassword = () => randomBytes(20).toString('hex');

/** Where a charge point connects, under `baseUrl` (see public-url.ts): an https base gives wss. */
export function ocppUrl(baseUrl: string, identity: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `/ocpp/${encodeURIComponent(identity)}`;
  return url.toString();
}

/** Registers a charge point for its owner; the password is returned once and stored hashed. */
export async function registerChargePoint(
  ownerId: string,
  input: z.infer<typeof registerChargePointSchema>,
): Promise<{ chargePoint: ChargePoint; password: string }> {
  if (input.site_id) await getOwnedSite(ownerId, input.site_id);
  if (input.tariff_id) await requireOwnedTariff(ownerId, input.tariff_id);
  const db = await getDb();
  const password = newChargePointPassword();
  const [chargePoint] = await db
    .insert(chargePoints)
    .values({ ownerId, identity: input.identity, name: input.name, siteId: input.site_id, tariffId: input.tariff_id, passwordHash: sha256Hex(password) })
    .onConflictDoNothing()
    .returning();
  if (!chargePoint) throw await identityTaken(ownerId, input.identity);
  await recordAudit({ actorUserId: ownerId, action: 'charge_point.register', subjectType: 'charge_point', subjectId: chargePoint.id });
  return { chargePoint, password };
}

/**
 * Says what to do about a taken identity without telling whose it is: the
 * caller's own charge point, one connecting as pending (claim it), or
 * someone else's (choose another).
 */
async function identityTaken(ownerId: string, identity: string): Promise<AppError> {
  const db = await getDb();
  const [existing] = await db
    .select({ ownerId: chargePoints.ownerId, registrationStatus: chargePoints.registrationStatus })
    .from(chargePoints)
    .where(eq(chargePoints.identity, identity));
  const pending = existing?.ownerId === null && existing.registrationStatus === 'pending';
  let key: ErrorKey;
  if (existing?.ownerId === ownerId) {
    key = 'errors.chargePoints.identityYours';
  } else if (pending && (await getPendingSetting()).accept_unknown_identities) {
    key = 'errors.chargePoints.identityPending';
  } else {
    key = 'errors.chargePoints.identityTaken';
  }
  // On the field, so the form shows it next to the identity.
  return conflict('identity_taken', key, { identity }, { field: 'body.identity' });
}

export type CredentialCheck =
  | { ok: true; chargePoint: ChargePoint; usedNewPassword: boolean }
  | { ok: false; reason: 'unknown_identity' | 'unclaimed' | 'bad_password' | 'rejected' };

const matches = (password: Buffer, hash: string | null) => hash !== null && constantTimeEqual(sha256Hex(password), hash);

/**
 * Security profile 1: HTTP Basic password, compared by hash in constant time.
 * During a rotation both the old and the new password are valid; the first
 * connection with the new one makes it the only one. Profile 0 (no
 * password) only when the owner allowed it for this charge point.
 * `foreignUser`: an Authorization header for another user name (ocpp-rpc
 * then gives no password), never the same as sending none.
 */
export async function checkChargePointCredentials(identity: string, password: Buffer | undefined, foreignUser = false): Promise<CredentialCheck> {
  const db = await getDb();
  const [chargePoint] = await db.select().from(chargePoints).where(eq(chargePoints.identity, identity));
  if (!chargePoint) return { ok: false, reason: 'unknown_identity' };
  if (chargePoint.registrationStatus === 'rejected') return { ok: false, reason: 'rejected' };
  // A pending identity nobody claimed yet has no password: pending.ts decides.
  if (chargePoint.ownerId === null) return { ok: false, reason: 'unclaimed' };
  if (!password) {
    return chargePoint.allowNoPassword && !foreignUser ? { ok: true, chargePoint, usedNewPassword: false } : { ok: false, reason: 'bad_password' };
  }
  // Both compared, so the timing does not tell which one matched.
  const current = matches(password, chargePoint.passwordHash);
  const next = matches(password, chargePoint.pendingPasswordHash);
  if (!current && !next) return { ok: false, reason: 'bad_password' };
  return { ok: true, chargePoint, usedNewPassword: next };
}

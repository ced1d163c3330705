import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { conflict } from '@/server/http/errors';
import { constantTimeEqual, randomSecret, sha256Hex } from '@/server/auth/crypto';
import { recordAudit } from '@/server/audit/audit';

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
});

export function ocppUrl(identity: string): string {
  const url = new URL(getConfig().appUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `/ocpp/${encodeURIComponent(identity)}`;
  return url.toString();
}

/** Registers a charge point for its owner; the password is returned once and stored hashed. */
export async function registerChargePoint(
  ownerId: string,
  input: z.infer<typeof registerChargePointSchema>,
): Promise<{ chargePoint: ChargePoint; password: string; url: string }> {
  const db = await getDb();
  const password = randomSecret(24);
  const [chargePoint] = await db
    .insert(chargePoints)
    .values({ ownerId, identity: input.identity, name: input.name, passwordHash: sha256Hex(password) })
    .onConflictDoNothing()
    .returning();
  if (!chargePoint) throw conflict(`A charge point with identity "${input.identity}" already exists`, 'identity_taken');
  await recordAudit({ actorUserId: ownerId, action: 'charge_point.register', subjectType: 'charge_point', subjectId: chargePoint.id });
  return { chargePoint, password, url: ocppUrl(input.identity) };
}

export type CredentialCheck =
  | { ok: true; chargePoint: ChargePoint }
  | { ok: false; reason: 'unknown_identity' | 'bad_password' | 'rejected' };

/** Security profile 1: HTTP Basic password, compared by hash in constant time. */
export async function checkChargePointCredentials(identity: string, password: Buffer | undefined): Promise<CredentialCheck> {
  const db = await getDb();
  const [chargePoint] = await db.select().from(chargePoints).where(eq(chargePoints.identity, identity));
  if (!chargePoint) return { ok: false, reason: 'unknown_identity' };
  if (chargePoint.registrationStatus === 'rejected') return { ok: false, reason: 'rejected' };
  if (chargePoint.allowNoPassword && !password) return { ok: true, chargePoint };
  if (!password || !chargePoint.passwordHash || !constantTimeEqual(sha256Hex(password), chargePoint.passwordHash)) {
    return { ok: false, reason: 'bad_password' };
  }
  return { ok: true, chargePoint };
}

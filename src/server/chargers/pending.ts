import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint, type User } from '@/server/db/schema';
import { forbidden, notFound } from '@/server/http/errors';
import { constantTimeEqual, sha256Hex } from '@/server/auth/crypto';
import { recordAudit } from '@/server/audit/audit';
import { getLogger } from '@/server/observability/logger';
import { sendCommand } from './ocpp/commands';
import { connectedSql } from './ocpp/presence';
import { chargePointWithPresence } from './ownership';
import { closeOnHolder, holderOf, setOwnerOnHolder } from './ocpp/remote';
import { identitySchema, newChargePointPassword } from './registration';
import { offerPassword } from './security';
import { getPendingSetting } from './pending-setting';

/**
 * Unclaimed identities kept at most: anyone can make one up, so they must not
 * fill the table. A new one beyond it evicts the longest unseen, so junk
 * identities cannot keep a real charge point out.
 */
export const MAX_PENDING_IDENTITIES = 200;
/** Wrong serial numbers per pending identity before only an administrator can claim it (guessing a serial). */
export const MAX_CLAIM_ATTEMPTS = 5;

export const isUnclaimed = (cp: ChargePoint) => cp.ownerId === null && cp.registrationStatus === 'pending';

/**
 * Records an unknown identity as pending, if the setting allows it and there
 * is room; returns null when it must be refused.
 */
export async function admitUnknownIdentity(identity: string): Promise<ChargePoint | null> {
  if (!(await getPendingSetting()).accept_unknown_identities || !identitySchema.safeParse(identity).success) return null;
  const db = await getDb();
  const [existing] = await db.select().from(chargePoints).where(eq(chargePoints.identity, identity));
  if (existing) return isUnclaimed(existing) ? existing : null;
  await evictOldestUnclaimed(MAX_PENDING_IDENTITIES - 1);
  const [row] = await db
    .insert(chargePoints)
    .values({ ownerId: null, identity, name: identity, registrationStatus: 'pending', lastSeenAt: now() })
    .onConflictDoNothing()
    .returning();
  // Null: registered by someone in the meantime; the normal check decides next time.
  return row ?? null;
}

const unclaimed = and(isNull(chargePoints.ownerId), eq(chargePoints.registrationStatus, 'pending'));

/** Deletes the longest-unseen unclaimed identities beyond `keep`, closing their sockets on the instances holding them. */
async function evictOldestUnclaimed(keep: number): Promise<void> {
  const db = await getDb();
  const [{ pending }] = await db.select({ pending: count() }).from(chargePoints).where(unclaimed);
  if (pending <= keep) return;
  const oldest = db
    .select({ id: chargePoints.id })
    .from(chargePoints)
    .where(unclaimed)
    .orderBy(sql`${chargePoints.lastSeenAt} asc nulls first`, asc(chargePoints.createdAt))
    .limit(pending - keep);
  const evicted = await db
    .delete(chargePoints)
    .where(and(inArray(chargePoints.id, oldest), unclaimed))
    .returning({ identity: chargePoints.identity, holder: chargePoints.connectedInstanceId });
  for (const { identity, holder } of evicted) {
    if (holder) void closeOnHolder(identity, holder, 1008, 'Unclaimed identity evicted');
  }
  if (evicted.length > 0) getLogger().warn({ evicted: evicted.length }, 'pending identities evicted: the cap was reached');
}

/**
 * Unclaimed identities; any signed-in user may see them while the setting is
 * on. The serial number is the proof of a claim, so only administrators see it.
 */
export async function listPendingIdentities(viewer: Pick<User, 'role'>) {
  if (!(await getPendingSetting()).accept_unknown_identities) return [];
  const db = await getDb();
  const rows = await db
    .select({ cp: chargePoints, connected: connectedSql() })
    .from(chargePoints)
    .where(unclaimed)
    .orderBy(asc(chargePoints.createdAt));
  return rows.map(({ cp, connected }) => ({
    id: cp.id,
    identity: cp.identity,
    ocpp_version: cp.ocppVersion,
    vendor: cp.vendor,
    model: cp.model,
    serial_number: viewer.role === 'admin' ? cp.serialNumber : undefined,
    connected,
    first_seen_at: cp.createdAt.toISOString(),
    last_seen_at: cp.lastSeenAt?.toISOString() ?? null,
  }));
}

export const claimSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  /** The serial number on the charge point's label, as it reported it at boot; administrators may leave it out. */
  serial_number: z.string().trim().min(1).max(100).optional(),
});

const normalizeSerial = (serial: string) => sha256Hex(serial.trim().toUpperCase());

/**
 * Anyone can see a pending identity, so a claim needs proof of having the
 * charge point at hand: the serial number it reported at boot (compared in
 * constant time, a few tries per identity), or an administrator's approval
 * (an administrator claims without it).
 */
async function checkClaimProof(user: Pick<User, 'id' | 'role'>, cp: ChargePoint, serial: string | undefined): Promise<void> {
  if (user.role === 'admin') return;
  // Many installers make the identity the serial number: then everyone who sees the list knows it.
  if (!cp.serialNumber || normalizeSerial(cp.serialNumber) === normalizeSerial(cp.identity)) {
    throw forbidden('claim_needs_admin', 'errors.claims.noSerial');
  }
  if (cp.claimFailedAttempts >= MAX_CLAIM_ATTEMPTS) {
    throw forbidden('claim_needs_admin', 'errors.claims.tooManyWrong');
  }
  if (!serial) throw forbidden('claim_proof_required', 'errors.claims.serialRequired');
  if (constantTimeEqual(normalizeSerial(serial), normalizeSerial(cp.serialNumber))) return;
  const db = await getDb();
  await db
    .update(chargePoints)
    .set({ claimFailedAttempts: sql`${chargePoints.claimFailedAttempts} + 1` })
    .where(and(eq(chargePoints.id, cp.id), unclaimed));
  getLogger().warn({ chargePoint: cp.identity, userId: user.id }, 'pending charge point claim with a wrong serial number');
  throw forbidden('claim_proof_invalid', 'errors.claims.wrongSerial');
}

/**
 * Makes a pending identity the user's charge point with a new password
 * (shown once). Its next BootNotification is Accepted. A connected charge
 * point is also offered the password through the protocol.
 */
export async function claimPendingIdentity(user: Pick<User, 'id' | 'role'>, id: string, input: z.infer<typeof claimSchema>) {
  const db = await getDb();
  const [candidate] = await db.select().from(chargePoints).where(and(eq(chargePoints.id, id), unclaimed));
  if (!candidate) throw notFound('pendingChargePoint');
  await checkClaimProof(user, candidate, input.serial_number);
  const password = newChargePointPassword();
  const [cp] = await db
    .update(chargePoints)
    .set({ ownerId: user.id, registrationStatus: 'accepted', passwordHash: sha256Hex(password), updatedAt: now(), ...(input.name && { name: input.name }) })
    .where(and(eq(chargePoints.id, id), unclaimed))
    .returning(chargePointWithPresence());
  if (!cp) throw notFound('pendingChargePoint');
  await recordAudit({ actorUserId: user.id, action: 'charge_point.claim', subjectType: 'charge_point', subjectId: cp.id });
  const holder = await holderOf(cp.identity);
  let offered: Awaited<ReturnType<typeof offerPassword>> | null = null;
  // Its open socket, on whichever instance, now acts for the new owner (Authorize, remote start).
  if (holder && (await setOwnerOnHolder(cp.identity, holder, user.id))) {
    offered = await offerPassword(cp.identity, password);
    requestBoot(cp.identity);
  }
  return { chargePoint: cp, password, passwordOffer: offered };
}

/**
 * Asks a just-claimed station to boot again now rather than after its Pending
 * interval (OCA TC_B_31); its next BootNotification is Accepted. A station
 * that refuses just boots later, so failures are only logged.
 */
function requestBoot(identity: string): void {
  sendCommand(identity, 'TriggerMessage', { requestedMessage: 'BootNotification' }).then(
    (answer) => getLogger().info({ chargePoint: identity, status: answer.status }, 'claimed charge point asked to boot'),
    (err) => getLogger().warn({ chargePoint: identity, err }, 'claimed charge point not asked to boot'),
  );
}

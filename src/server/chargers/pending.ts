import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, type ChargePoint } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { sha256Hex } from '@/server/auth/crypto';
import { recordAudit } from '@/server/audit/audit';
import { getSetting, setSetting } from '@/server/settings/store';
import { getLogger } from '@/server/observability/logger';
import { sendCommand } from './ocpp/commands';
import { getConnection } from './ocpp/registry';
import type { Session } from './ocpp/session';
import { identitySchema, newChargePointPassword, ocppUrl } from './registration';
import { offerPassword } from './security';

/**
 * Unknown identities accepted as "pending" (admin setting, off by default):
 * they may connect and boot (answered Pending) until a user claims them.
 */
const SETTING_KEY = 'ocpp_pending_identities';
/** Unclaimed identities kept at most: anyone can make one up, so they must not fill the table. */
export const MAX_PENDING_IDENTITIES = 200;

export const pendingSettingSchema = z.object({ accept_unknown_identities: z.boolean() });

export async function getPendingSetting(): Promise<z.infer<typeof pendingSettingSchema>> {
  return { accept_unknown_identities: (await getSetting<boolean>(SETTING_KEY)) === true };
}

export async function setPendingSetting(adminId: string, input: z.infer<typeof pendingSettingSchema>) {
  await setSetting(SETTING_KEY, input.accept_unknown_identities);
  await recordAudit({ actorUserId: adminId, action: 'settings.ocpp_pending_identities', details: input });
  return getPendingSetting();
}

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
  const [{ pending }] = await db.select({ pending: count() }).from(chargePoints).where(isNull(chargePoints.ownerId));
  if (pending >= MAX_PENDING_IDENTITIES) return null;
  const [row] = await db
    .insert(chargePoints)
    .values({ ownerId: null, identity, name: identity, registrationStatus: 'pending', lastSeenAt: now() })
    .onConflictDoNothing()
    .returning();
  // Null: registered by someone in the meantime; the normal check decides next time.
  return row ?? null;
}

/** Unclaimed identities; any signed-in user may see and claim them while the setting is on. */
export async function listPendingIdentities() {
  if (!(await getPendingSetting()).accept_unknown_identities) return [];
  const db = await getDb();
  const rows = await db
    .select()
    .from(chargePoints)
    .where(and(isNull(chargePoints.ownerId), eq(chargePoints.registrationStatus, 'pending')))
    .orderBy(asc(chargePoints.createdAt));
  return rows.map((cp) => ({
    id: cp.id,
    identity: cp.identity,
    ocpp_version: cp.ocppVersion,
    vendor: cp.vendor,
    model: cp.model,
    serial_number: cp.serialNumber,
    connected: getConnection(cp.identity) !== undefined,
    first_seen_at: cp.createdAt.toISOString(),
    last_seen_at: cp.lastSeenAt?.toISOString() ?? null,
  }));
}

export const claimSchema = z.object({ name: z.string().trim().min(1).max(100).optional() });

/**
 * Makes a pending identity the user's charge point with a new password
 * (shown once). Its next BootNotification is Accepted. A connected charge
 * point is also offered the password through the protocol.
 */
export async function claimPendingIdentity(userId: string, id: string, input: z.infer<typeof claimSchema>) {
  const db = await getDb();
  const password = newChargePointPassword();
  const [cp] = await db
    .update(chargePoints)
    .set({ ownerId: userId, registrationStatus: 'accepted', passwordHash: sha256Hex(password), updatedAt: now(), ...(input.name && { name: input.name }) })
    .where(and(eq(chargePoints.id, id), isNull(chargePoints.ownerId), eq(chargePoints.registrationStatus, 'pending')))
    .returning();
  if (!cp) throw notFound('Pending charge point');
  await recordAudit({ actorUserId: userId, action: 'charge_point.claim', subjectType: 'charge_point', subjectId: cp.id });
  const live = getConnection(cp.identity);
  let offered: Awaited<ReturnType<typeof offerPassword>> | null = null;
  if (live) {
    // Its open socket now acts for the new owner (Authorize, remote start).
    (live.session as Session).ownerId = userId;
    offered = await offerPassword(cp.identity, password);
    requestBoot(cp.identity);
  }
  return { chargePoint: cp, password, url: ocppUrl(cp.identity), passwordOffer: offered };
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

import { and, eq } from 'drizzle-orm';
import { getLogger } from '@/server/observability/logger';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { enodeLinks, vehicles } from '@/server/db/schema';
import { enodeClient } from '@/server/enode';
import { simulatorLinkUrl } from '@/server/enode/simulator-link';
import { recordAudit } from '@/server/audit/audit';
import { AppError } from '@/server/http/errors';
import { setLinkStatus } from './links';
import { saveVehicles, savedVehicleEvents } from './store';
import { findVehicle } from './vehicles';
import { emit } from '@/server/events/domain-events';

export const LINK_CALLBACK_PATH = '/vehicles/link/callback';

/**
 * Starts an Enode link session; the user continues at `linkUrl`. Enode sends
 * them back under `baseUrl` (public-url.ts): the address they came by, which
 * holds their session cookie, unless APP_URL says otherwise.
 */
export async function startLink(userId: string, baseUrl: string, vendor?: string): Promise<{ linkUrl: string }> {
  const { linkUrl, linkToken } = await enodeClient().createLinkSession(userId, {
    redirectUri: `${baseUrl}${LINK_CALLBACK_PATH}`,
    vendor,
  });
  // The built-in simulator's page is on 127.0.0.1 only: EVConduit serves it under the address in use.
  return { linkUrl: getConfig().enode?.simulated ? simulatorLinkUrl(baseUrl, linkToken) : linkUrl };
}

/** The dashboard, telling why a link did not finish. */
export const linkFailedPage = (reason: string) => `/dashboard?${new URLSearchParams({ vehicle_link: 'failed', vehicle_link_error: reason })}`;

export type LinkOutcome =
  /** `vehicles`: how many this link added (0 when it renewed an existing link). */
  | { ok: true; vehicles: number; overLimit?: { count: number; notice: string } }
  | { ok: false; error: string };

/**
 * Enode's redirect back. On success the vehicles are fetched at once, so the
 * user never waits for a webhook; on failure Enode's message is passed on.
 * Vehicles beyond the plan's `linked_vehicles` are not stored (saveVehicles
 * refuses them); the Enode link stays, so after an upgrade they arrive with
 * their next update.
 */
export async function completeLink(userId: string, query: { error?: string; error_message?: string }): Promise<LinkOutcome> {
  if (query.error) return { ok: false, error: query.error_message || query.error };
  let fetched;
  try {
    fetched = await enodeClient().listUserVehicles(userId);
  } catch (error) {
    // The link itself succeeded; the vehicles will also arrive by webhook.
    if (error instanceof AppError) return { ok: false, error: error.detail };
    throw error;
  }
  const db = await getDb();
  const { results, linkedBefore } = await db.transaction(async (tx) => {
    const active = await tx
      .select({ vendor: enodeLinks.vendor })
      .from(enodeLinks)
      .where(and(eq(enodeLinks.userId, userId), eq(enodeLinks.status, 'active')));
    const saved = await saveVehicles(tx, fetched.map((vehicle) => ({ userId, vehicle })));
    for (const vendor of new Set(fetched.map((v) => v.vendor).filter((v): v is string => Boolean(v)))) {
      await setLinkStatus(tx, userId, vendor, 'active');
    }
    return { results: saved, linkedBefore: new Set(active.map((link) => link.vendor)) };
  });
  emit(...savedVehicleEvents(results));
  // Enode lists all the user's vehicles; the ones this link added are those of vendors not linked before.
  const stored = results.filter((r) => r.status !== 'vehicle_limit').length;
  const added = fetched.filter((v, i) => results[i].status !== 'vehicle_limit' && !linkedBefore.has(v.vendor ?? '')).length;
  await recordAudit({ actorUserId: userId, action: 'vehicle.link', subjectType: 'user', subjectId: userId, details: { vehicles: stored } });
  const refused = results.filter((r) => r.status === 'vehicle_limit');
  if (refused.length === 0) return { ok: true, vehicles: added };
  const { limit, tier } = refused[0];
  const notice =
    `Your ${tier} plan allows ${limit} linked vehicle${limit === 1 ? '' : 's'}, so ${refused.length} ` +
    `${refused.length === 1 ? 'vehicle was' : 'vehicles were'} not added. Upgrade to Basic or Pro on the Billing page, or unlink another vehicle.`;
  return { ok: true, vehicles: added, overLimit: { count: refused.length, notice } };
}

/** Unlinks the vehicle's vendor at Enode (Enode links per vendor) and forgets its vehicles. */
export async function unlinkVehicle(userId: string, ref: string): Promise<void> {
  const vehicle = await findVehicle(userId, ref);
  const db = await getDb();
  const deleted = (ids: { id: string }[]) => emit(...ids.map(({ id }) => ({ type: 'vehicle.deleted' as const, userId, vehicleId: id })));
  if (!vehicle.vendor) {
    deleted(await db.delete(vehicles).where(and(eq(vehicles.userId, userId), eq(vehicles.id, vehicle.id))).returning({ id: vehicles.id }));
    return;
  }
  const vendor = vehicle.vendor;
  await enodeClient().unlinkVendor(userId, vendor);
  deleted(
    await db.transaction(async (tx) => {
      const ids = await tx.delete(vehicles).where(and(eq(vehicles.userId, userId), eq(vehicles.vendor, vendor))).returning({ id: vehicles.id });
      await setLinkStatus(tx, userId, vendor, 'unlinked');
      return ids;
    }),
  );
  await recordAudit({ actorUserId: userId, action: 'vehicle.unlink', subjectType: 'vehicle', subjectId: vehicle.id, details: { vendor } });
}

/**
 * Before an account goes: Enode forgets the user and their vendor credentials.
 * Enode being down must not keep someone from deleting their account, so a
 * failure is logged (with the user id, for the operator) rather than thrown.
 */
export async function forgetEnodeUser(userId: string): Promise<void> {
  if (!getConfig().enode) return;
  const db = await getDb();
  const [linked] = await db.select({ id: enodeLinks.id }).from(enodeLinks).where(eq(enodeLinks.userId, userId)).limit(1);
  const [vehicle] = linked ? [linked] : await db.select({ id: vehicles.id }).from(vehicles).where(eq(vehicles.userId, userId)).limit(1);
  if (!vehicle) return;
  try {
    await enodeClient().deleteUser(userId);
  } catch (error) {
    getLogger().error({ userId, reason: error instanceof Error ? error.message : String(error) }, 'Could not delete the user at Enode');
  }
}

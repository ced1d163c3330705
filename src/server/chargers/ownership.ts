import { and, eq, getTableColumns, or, sql } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, siteMembers, type ChargePoint } from '@/server/db/schema';
import { forbidden, notFound } from '@/server/http/errors';
import { connectedSql } from './ocpp/presence';

/** A charge point row with whether it is connected (to any instance), as presence.ts reads it. */
export type ChargePointWithPresence = ChargePoint & { connected: boolean };

/** Select or RETURNING columns for ChargePointWithPresence: presence in the same statement, never a query of its own. */
export const chargePointWithPresence = () => ({ ...getTableColumns(chargePoints), connected: connectedSql() });

/**
 * Who reaches a charge point: its owner, or a manager of the site it is on
 * (docs/sites.md). Drivers operate through their own routes (drivers.ts).
 */
export type ChargePointRole = 'owner' | 'manager';

/** SQL: the user manages the site of the charge point row in scope. */
export const managesSiteOf = (userId: string) =>
  sql`exists (select 1 from ${siteMembers} where ${siteMembers.siteId} = ${chargePoints.siteId} and ${siteMembers.userId} = ${userId} and ${siteMembers.role} = 'manager')`;

/** SQL: the charge point row in scope is the user's own or on a site they manage. */
export const operableBy = (userId: string) => or(eq(chargePoints.ownerId, userId), managesSiteOf(userId))!;

/**
 * The charge point when the user is its owner or manages its site, with that
 * role. One the user may not see is 404, like a missing one; a role not in
 * `allowed` is 403.
 */
export async function chargePointForUser(
  userId: string,
  id: string,
  allowed: readonly ChargePointRole[] = ['owner'],
): Promise<ChargePointWithPresence & { role: ChargePointRole }> {
  const db = await getDb();
  const [row] = await db
    .select(chargePointWithPresence())
    .from(chargePoints)
    .where(and(eq(chargePoints.id, id), operableBy(userId)));
  if (!row) throw notFound('chargePoint');
  const role: ChargePointRole = row.ownerId === userId ? 'owner' : 'manager';
  if (!allowed.includes(role)) throw forbidden('forbidden', 'errors.chargePoints.ownerOnly');
  return { ...row, role };
}

/** One of the user's own charge points; someone else's is 404, one on a site the user manages 403. */
export async function getOwnedChargePoint(ownerId: string, id: string): Promise<ChargePointWithPresence> {
  return chargePointForUser(ownerId, id, ['owner']);
}

/** A charge point the user operates (owner or site manager): what reading and commands use. */
export async function getOperableChargePoint(userId: string, id: string): Promise<ChargePointWithPresence & { role: ChargePointRole }> {
  return chargePointForUser(userId, id, ['owner', 'manager']);
}

/**
 * Whose running session it is, and who may see or change its car and plan
 * (docs/planner.md#matching). A session started with an id tag assigned to a
 * member of the charge point's site (a driver's own tag) is that member's;
 * any other (the owner's tag, a remote start by the owner or a manager, a tag
 * with a free-text holder) is the charge point owner's.
 *
 * - The owner and the site's managers read every session on the charge point.
 * - The session's user changes its car and plan: the owner on their own
 *   sessions, a driver on the session their tag started.
 * - A driver reaches only their own running session; anything else is 404.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { chargePoints, idTags, siteMembers, transactions, type ChargePoint, type Transaction } from '@/server/db/schema';
import { conflict, forbidden, notFound } from '@/server/http/errors';
import { siteRole, type SiteRole } from '@/server/chargers/site-access';
import { sessionMember, sessionTag } from '@/server/chargers/session-member';

export interface OpenSession {
  tx: Transaction;
  /** The user whose cars the session may be matched with; null: a member without an account yet (no car). */
  userId: string | null;
  /** The site membership whose tag started it; null: the owner's session. */
  memberId: string | null;
}

/** Open sessions (newest first) with their user: of one charge point (or one of its connectors), or one session by its id or the charge point's transaction id. */
export async function openSessionsWithUser(
  where: { chargePointId: string; evseId?: number } | { chargePointId: string; ocppTransactionId: string } | { transactionId: string },
): Promise<Array<OpenSession & { ownerId: string | null }>> {
  const db = await getDb();
  const rows = await db
    .select({ tx: transactions, ownerId: chargePoints.ownerId, memberId: siteMembers.id, memberUserId: siteMembers.userId })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(idTags, sessionTag)
    .leftJoin(siteMembers, sessionMember)
    .where(
      and(
        isNull(transactions.stoppedAt),
        'transactionId' in where
          ? eq(transactions.id, where.transactionId)
          : 'ocppTransactionId' in where
            ? and(eq(transactions.chargePointId, where.chargePointId), eq(transactions.ocppTransactionId, where.ocppTransactionId))
            : and(eq(transactions.chargePointId, where.chargePointId), where.evseId === undefined ? undefined : eq(transactions.evseId, where.evseId)),
      ),
    )
    .orderBy(desc(transactions.startedAt));
  return rows.map((r) => ({ ...r, userId: r.memberId ? r.memberUserId : r.ownerId }));
}

export interface SessionAccess {
  cp: ChargePoint;
  role: SiteRole;
  /** The sessions the caller sees: every open one for the owner and managers, their own for a driver. */
  sessions: OpenSession[];
}

/** The charge point and the caller's role on it (its owner's, or their role on its site); none is 404. */
export async function chargePointRole(userId: string, chargePointId: string): Promise<{ cp: ChargePoint; role: SiteRole }> {
  const db = await getDb();
  const [cp] = await db.select().from(chargePoints).where(eq(chargePoints.id, chargePointId));
  const role: SiteRole | null = !cp ? null : cp.ownerId === userId ? 'owner' : cp.siteId ? ((await siteRole(userId, cp.siteId))?.role ?? null) : null;
  if (!cp || !role) throw notFound('chargePoint');
  return { cp, role };
}

/** The charge point's open sessions the caller may read; a charge point they have no role on is 404. */
export async function readableSessions(userId: string, chargePointId: string, evseId?: number): Promise<SessionAccess> {
  const { cp, role } = await chargePointRole(userId, chargePointId);
  const open = await openSessionsWithUser({ chargePointId, evseId });
  const sessions = role === 'driver' ? open.filter((s) => s.memberId && s.userId === userId) : open;
  if (role === 'driver' && sessions.length === 0) throw notFound('session');
  return { cp, role, sessions };
}

/**
 * The one session a request is about (several without an EVSE asked: 409), or
 * null when none runs (only for the owner and managers; a driver gets 404).
 * With `change`, the caller must be its user: the owner, when no session
 * runs yet.
 */
export async function sessionFor(userId: string, chargePointId: string, evseId: number | undefined, change: boolean): Promise<{ cp: ChargePoint; role: SiteRole; session: OpenSession | null }> {
  const { cp, role, sessions } = await readableSessions(userId, chargePointId, evseId);
  if (sessions.length > 1 && evseId === undefined) throw conflict('evse_required', 'errors.planner.evseRequired');
  const session = sessions[0] ?? null;
  if (change && (session ? session.userId !== userId : role !== 'owner')) {
    throw forbidden('forbidden', session?.memberId ? 'errors.planner.memberSession' : 'errors.planner.ownerOnly');
  }
  return { cp, role, session };
}

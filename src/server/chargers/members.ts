/**
 * Members of a site: the owner invites people by e-mail as manager or driver
 * (docs/sites.md). An address that already has an account is added at once
 * and told by mail; a new one gets a single-use invitation link (its SHA-256
 * hash stored, 7 days) that binds the account which accepts it. Only the
 * owner changes members; managers may read the list.
 */
import { and, asc, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePoints, idTags, siteMembers, sites, transactions, users, type Site, type User } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { badRequest, conflict, forbidden, notFound, translatedError } from '@/server/http/errors';
import { sendMail } from '@/server/mail/mailer';
import { getLogger } from '@/server/observability/logger';
import { recordAudit } from '@/server/audit/audit';
import { randomSecret, sha256Hex } from '@/server/auth/crypto';
import { takeAttempt, type RateLimit } from '@/server/auth/rate-limits';
import { getUserByEmail } from '@/server/users/users';
import { localMonth, localMonthRange } from './local-time';
import { requireSiteRole } from './site-access';

export const MEMBER_ROLES = ['manager', 'driver'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** A site has at most this many members (invited or not): bounds the list and what one owner can mail. */
export const MAX_MEMBERS_PER_SITE = 500;

const role = z.enum(MEMBER_ROLES, { error: 'Choose manager or driver' });
export const inviteMemberSchema = z.object({
  email: z.string().trim().max(254, 'At most 254 characters').pipe(z.email('Enter an e-mail address, such as name@example.com')),
  role,
});
export const updateMemberSchema = z.object({ role });

/** Invitation mails one owner may send in an hour, and one address may get. */
const INVITES_PER_OWNER: RateLimit = { bucket: 'site_invites_per_owner', limit: 50, windowMs: 3600_000 };
const INVITES_PER_RECIPIENT: RateLimit = { bucket: 'site_invites_per_recipient', limit: 5, windowMs: 3600_000 };

type MemberRow = typeof siteMembers.$inferSelect;

export type MemberStatus = 'active' | 'invited' | 'expired';
const statusOf = (m: MemberRow): MemberStatus =>
  m.userId && m.acceptedAt ? 'active' : m.inviteExpiresAt && m.inviteExpiresAt > now() ? 'invited' : 'expired';

export const presentMember = (m: MemberRow & { name?: string | null }) => ({
  id: m.id,
  site_id: m.siteId,
  email: m.email,
  name: m.name ?? null,
  role: m.role,
  status: statusOf(m),
  invite_expires_at: m.userId ? null : (m.inviteExpiresAt?.toISOString() ?? null),
  accepted_at: m.acceptedAt?.toISOString() ?? null,
  created_at: m.createdAt.toISOString(),
});
export type PresentedMember = ReturnType<typeof presentMember>;

/** The site's members, for its owner and managers; a driver is refused (403). */
export async function listMembers(userId: string, siteId: string) {
  await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const db = await getDb();
  const rows = await db
    .select({ member: siteMembers, name: users.name })
    .from(siteMembers)
    .leftJoin(users, eq(users.id, siteMembers.userId))
    .where(eq(siteMembers.siteId, siteId))
    .orderBy(asc(siteMembers.role), asc(siteMembers.email));
  return rows.map((r) => ({ ...r.member, name: r.name }));
}

async function memberOf(siteId: string, memberId: string): Promise<MemberRow> {
  const db = await getDb();
  const [row] = await db.select().from(siteMembers).where(and(eq(siteMembers.id, memberId), eq(siteMembers.siteId, siteId)));
  if (!row) throw notFound('member');
  return row;
}

/** Counts one invitation mail against the owner's and the address's hourly limits (429 beyond). */
async function takeInviteMail(ownerId: string, email: string): Promise<void> {
  for (const [policy, key] of [
    [INVITES_PER_OWNER, ownerId],
    [INVITES_PER_RECIPIENT, email.toLowerCase()],
  ] as const) {
    const until = await takeAttempt(policy, key);
    if (until) {
      const seconds = Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000));
      throw translatedError(429, 'too_many_invitations', 'errors.members.tooManyInvitations', { seconds: String(seconds) }, { extra: { retry_after_s: seconds }, headers: { 'retry-after': String(seconds) } });
    }
  }
}

/** Mail failures are logged, not the caller's error: the member is saved, and the owner can resend. */
async function mail(to: string, subject: string, text: string): Promise<boolean> {
  try {
    await sendMail({ to, subject, text });
    return true;
  } catch (error) {
    getLogger().warn({ err: error }, 'site member mail not sent');
    return false;
  }
}

const roleWords = (r: MemberRole) =>
  r === 'manager' ? 'a manager (you operate its charge points, id tags and sessions)' : 'a driver (you charge there with your own id tags and see your own sessions)';

function inviteText(site: Site, inviter: Pick<User, 'email' | 'name'>, r: MemberRole, token: string) {
  const link = `${getConfig().appUrl}/invitation?token=${token}`;
  return `${inviter.name || inviter.email} invited you to the site "${site.name}" on EVConduit as ${roleWords(r)}.\n\nAccept the invitation (sign up or sign in with this address):\n${link}\n\nThe link works once and expires in 7 days. If you did not expect this, ignore this message.`;
}

/**
 * Invites an address to the site (owner only). An existing account is added
 * at once and told; a new address gets an invitation link.
 */
export async function inviteMember(owner: User, siteId: string, input: z.infer<typeof inviteMemberSchema>) {
  const { site } = await requireSiteRole(owner.id, siteId, ['owner']);
  if (input.email.toLowerCase() === owner.email.toLowerCase()) throw conflict('member_is_owner', 'errors.members.isOwner');
  const db = await getDb();
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(siteMembers).where(eq(siteMembers.siteId, siteId));
  if (count >= MAX_MEMBERS_PER_SITE) throw conflict('too_many_members', 'errors.members.tooMany', { max: String(MAX_MEMBERS_PER_SITE) });
  await takeInviteMail(owner.id, input.email);
  const existing = await getUserByEmail(input.email);
  const token = existing ? null : randomSecret(32);
  const [row] = await db
    .insert(siteMembers)
    .values({
      siteId,
      email: existing?.email ?? input.email,
      role: input.role,
      userId: existing?.id ?? null,
      acceptedAt: existing ? now() : null,
      inviteTokenHash: token ? sha256Hex(token) : null,
      inviteExpiresAt: token ? new Date(now().getTime() + INVITATION_TTL_MS) : null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict('member_exists', 'errors.members.exists', { email: input.email });
  await recordAudit({ actorUserId: owner.id, action: 'site.member.add', subjectType: 'site', subjectId: siteId, details: { email: row.email, role: row.role } });
  emit({ type: 'site.changed', siteId });
  const mailed = token
    ? await mail(row.email, `You are invited to "${site.name}" on EVConduit`, inviteText(site, owner, row.role, token))
    : await mail(
        row.email,
        `You were added to "${site.name}" on EVConduit`,
        `${owner.name || owner.email} added you to the site "${site.name}" as ${roleWords(row.role)}.\n\n${row.role === 'driver' ? 'Your charging' : 'The site'}: ${getConfig().appUrl}${row.role === 'driver' ? '/my-charging' : '/charge-points'}\n`,
      );
  return { member: row, mailed };
}

/** A new link for a pending invitation (the old one stops working). */
export async function resendInvitation(owner: User, siteId: string, memberId: string) {
  const { site } = await requireSiteRole(owner.id, siteId, ['owner']);
  const member = await memberOf(siteId, memberId);
  if (member.userId) throw conflict('invitation_accepted', 'errors.members.alreadyAccepted');
  await takeInviteMail(owner.id, member.email);
  const token = randomSecret(32);
  const db = await getDb();
  const [row] = await db
    .update(siteMembers)
    .set({ inviteTokenHash: sha256Hex(token), inviteExpiresAt: new Date(now().getTime() + INVITATION_TTL_MS) })
    .where(and(eq(siteMembers.id, member.id), isNull(siteMembers.userId)))
    .returning();
  if (!row) throw conflict('invitation_accepted', 'errors.members.alreadyAccepted');
  const mailed = await mail(row.email, `You are invited to "${site.name}" on EVConduit`, inviteText(site, owner, row.role, token));
  return { member: row, mailed };
}

export async function updateMember(ownerId: string, siteId: string, memberId: string, input: z.infer<typeof updateMemberSchema>) {
  await requireSiteRole(ownerId, siteId, ['owner']);
  await memberOf(siteId, memberId);
  const db = await getDb();
  const [row] = await db.update(siteMembers).set({ role: input.role }).where(and(eq(siteMembers.id, memberId), eq(siteMembers.siteId, siteId))).returning();
  if (!row) throw notFound('member');
  await recordAudit({ actorUserId: ownerId, action: 'site.member.role', subjectType: 'site', subjectId: siteId, details: { email: row.email, role: row.role } });
  emit({ type: 'site.changed', siteId });
  return row;
}

/**
 * Removes a member (or revokes an invitation). Their access ends with the
 * row; their id tags are blocked at once and keep the person's address as
 * holder, so the owner still sees whose card it was.
 */
export async function removeMember(ownerId: string, siteId: string, memberId: string): Promise<void> {
  await requireSiteRole(ownerId, siteId, ['owner']);
  const db = await getDb();
  const removed = await db.transaction(async (tx) => {
    const [member] = await tx.select().from(siteMembers).where(and(eq(siteMembers.id, memberId), eq(siteMembers.siteId, siteId))).for('update');
    if (!member) return null;
    await tx
      .update(idTags)
      .set({ status: 'Blocked', memberId: null, holder: sql`coalesce(${idTags.holder}, ${member.email})` })
      .where(eq(idTags.memberId, member.id));
    await tx.delete(siteMembers).where(eq(siteMembers.id, member.id));
    return member;
  });
  if (!removed) throw notFound('member');
  await recordAudit({ actorUserId: ownerId, action: 'site.member.remove', subjectType: 'site', subjectId: siteId, details: { email: removed.email } });
  emit({ type: 'site.changed', siteId });
}

const pendingInvitation = (token: string) =>
  and(eq(siteMembers.inviteTokenHash, sha256Hex(token)), isNull(siteMembers.userId), gt(siteMembers.inviteExpiresAt, now()));

/** What the invitation page shows before accepting: the site, the role and the address it is for. */
export async function describeInvitation(token: string) {
  const db = await getDb();
  const [row] = await db
    .select({ member: siteMembers, siteName: sites.name })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(pendingInvitation(token));
  if (!row) return null;
  return { site_name: row.siteName, role: row.member.role, email: row.member.email, expires_at: row.member.inviteExpiresAt?.toISOString() ?? null };
}

/**
 * Accepts an invitation as the signed-in user, whose address must be the one
 * invited (the link was sent there). Single use: the token is cleared.
 */
export async function acceptInvitation(user: User, token: string) {
  const db = await getDb();
  const [pending] = await db.select().from(siteMembers).where(pendingInvitation(token));
  if (!pending) throw badRequest('invalid_invitation', 'errors.members.invalidInvitation');
  if (pending.email.toLowerCase() !== user.email.toLowerCase()) {
    throw forbidden('invitation_other_address', 'errors.members.otherAddress', { email: pending.email });
  }
  const [row] = await db
    .update(siteMembers)
    .set({ userId: user.id, acceptedAt: now(), inviteTokenHash: null, inviteExpiresAt: null })
    .where(and(eq(siteMembers.id, pending.id), pendingInvitation(token)))
    .returning();
  if (!row) throw badRequest('invalid_invitation', 'errors.members.invalidInvitation');
  emit({ type: 'site.changed', siteId: row.siteId });
  return row;
}

/** The sites the user is a member of (accepted), with their role: the driver portal and the navigation. */
export async function myMemberships(userId: string) {
  const db = await getDb();
  return db
    .select({ memberId: siteMembers.id, siteId: sites.id, siteName: sites.name, role: siteMembers.role, ownerId: sites.ownerId })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(and(eq(siteMembers.userId, userId), sql`${siteMembers.acceptedAt} is not null`))
    .orderBy(asc(sites.name));
}

/**
 * Each member's energy and cost this month (the site's local month, in its
 * time zone) on the site's charge points,
 * by the tags assigned to them: the owner's and managers' view.
 */
export async function memberTotalsThisMonth(userId: string, siteId: string) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const { from, to } = localMonthRange(localMonth(now().getTime(), site.timeZone), site.timeZone);
  const db = await getDb();
  const rows = await db
    .select({
      memberId: siteMembers.id,
      currency: transactions.currency,
      energyWh: sql<number>`coalesce(sum(${transactions.energyWh}), 0)::float8`,
      cost: sql<number>`coalesce(sum(${transactions.cost}), 0)::float8`,
      sessions: sql<number>`count(*)::int`,
    })
    .from(transactions)
    .innerJoin(chargePoints, and(eq(chargePoints.id, transactions.chargePointId), eq(chargePoints.siteId, siteId)))
    .innerJoin(idTags, and(eq(idTags.ownerId, chargePoints.ownerId), eq(idTags.tag, transactions.idTag)))
    .innerJoin(siteMembers, and(eq(siteMembers.id, idTags.memberId), eq(siteMembers.siteId, siteId)))
    .where(and(gte(transactions.startedAt, from), lt(transactions.startedAt, to)))
    .groupBy(siteMembers.id, transactions.currency);
  const totals: Record<string, { energy_wh: number; sessions: number; cost: { currency: string; amount: number }[] }> = {};
  for (const r of rows) {
    const t = (totals[r.memberId] ??= { energy_wh: 0, sessions: 0, cost: [] });
    t.energy_wh += r.energyWh;
    t.sessions += r.sessions;
    if (r.currency) t.cost.push({ currency: r.currency, amount: Math.round(r.cost * 100) / 100 });
  }
  return totals;
}

/** Members of all the owner's sites, for assigning id tags (the Id tags page). */
export async function tagMemberOptions(ownerId: string) {
  const db = await getDb();
  const rows = await db
    .select({ id: siteMembers.id, email: siteMembers.email, siteName: sites.name, role: siteMembers.role })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(eq(sites.ownerId, ownerId))
    .orderBy(asc(sites.name), asc(siteMembers.email));
  return rows.map((r) => ({ id: r.id, email: r.email, site_name: r.siteName, role: r.role }));
}

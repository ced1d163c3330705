import { and, eq } from 'drizzle-orm';
import { chargePoints, idTags, siteMembers, transactions } from '@/server/db/schema';

/**
 * Joins from a transaction (with its charge point) to the id tag that started
 * it, among the charge point owner's tags, and to the membership of the charge
 * point's site that tag is assigned to: whose session it is (a driver's with
 * their own tag, docs/site-members.md).
 */
export const sessionTag = and(eq(idTags.ownerId, chargePoints.ownerId), eq(idTags.tag, transactions.idTag))!;
export const sessionMember = and(eq(siteMembers.id, idTags.memberId), eq(siteMembers.siteId, chargePoints.siteId))!;

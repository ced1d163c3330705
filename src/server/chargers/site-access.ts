import { and, eq } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { siteMembers, sites, type Site } from '@/server/db/schema';
import { forbidden, notFound } from '@/server/http/errors';

/**
 * What a person may do on a site. The owner does everything; a manager
 * operates the site (charge points, id tags, tariffs, sessions, invoices) but
 * cannot delete it or change its members; a driver sees only their own
 * sessions, tags and invoices and starts and stops with their own tag.
 */
export type SiteRole = 'owner' | 'manager' | 'driver';

/** The user's role on the site, or null when they have none (or the site does not exist). */
export async function siteRole(userId: string, siteId: string, db: Db | Tx | null = null): Promise<{ site: Site; role: SiteRole } | null> {
  const q = db ?? (await getDb());
  const [row] = await q
    .select({ site: sites, memberRole: siteMembers.role })
    .from(sites)
    .leftJoin(siteMembers, and(eq(siteMembers.siteId, sites.id), eq(siteMembers.userId, userId)))
    .where(eq(sites.id, siteId))
    .limit(1);
  if (!row) return null;
  if (row.site.ownerId === userId) return { site: row.site, role: 'owner' };
  return row.memberRole ? { site: row.site, role: row.memberRole } : null;
}

/**
 * The site when the user holds one of `allowed`. A site the user has no role
 * on is 404, like a missing one (its existence is not revealed); a role that
 * is not enough is 403.
 */
export async function requireSiteRole(userId: string, siteId: string, allowed: readonly SiteRole[], db: Db | Tx | null = null) {
  const found = await siteRole(userId, siteId, db);
  if (!found) throw notFound('site');
  if (!allowed.includes(found.role)) throw forbidden('forbidden', 'errors.sites.roleNotAllowed', { role: found.role });
  return found;
}

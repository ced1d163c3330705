/**
 * The id tags of a site's members, as the site's owner and managers see them
 * (docs/site-members.md#id-tags-on-a-site): only tags assigned to a member of
 * this site, never the owner's other tags. A manager lists them, creates one
 * for a member (the tag belongs to the site's owner, like every tag used on
 * its charge points), moves it to another member of the site, edits its
 * holder and label, and blocks or unblocks it. Drivers get 403, anyone else
 * 404 (`requireSiteRole`).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { idTags, siteMembers, type IdTag } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { recordAudit } from '@/server/audit/audit';
import { conflict, notFound } from '@/server/http/errors';
import { presentIdTag } from './id-tags';
import { requireSiteRole } from './site-access';

const tagSchema = z.string({ error: 'Enter a tag' }).trim().min(1, 'Enter a tag').max(20, 'At most 20 characters (the OCPP 1.6 limit)');
const memberId = z.uuid('Choose a member of this site');

export const createSiteIdTagSchema = z.object({
  tag: tagSchema,
  member_id: memberId,
  label: z.string().trim().max(100, 'At most 100 characters').nullish(),
  holder: z.string().trim().max(100, 'At most 100 characters').nullish(),
  status: z.enum(['Accepted', 'Blocked'], { error: 'Choose Accepted or Blocked' }).default('Accepted'),
});

export const updateSiteIdTagSchema = z.object({
  /** Another member of the same site (a tag stays on its site: to release it, ask the owner). */
  member_id: memberId.optional(),
  label: z.string().trim().max(100, 'At most 100 characters').nullish(),
  holder: z.string().trim().max(100, 'At most 100 characters').nullish(),
  status: z.enum(['Accepted', 'Blocked'], { error: 'Choose Accepted or Blocked' }).optional(),
});

/** A member of this site (any other id is 404, like a missing one). */
async function assertSiteMember(siteId: string, id: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: siteMembers.id })
    .from(siteMembers)
    .where(and(eq(siteMembers.id, id), eq(siteMembers.siteId, siteId)));
  if (!row) throw notFound('member');
}

export async function listSiteIdTags(userId: string, siteId: string) {
  await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const db = await getDb();
  const rows = await db
    .select({ tag: idTags, email: siteMembers.email })
    .from(idTags)
    .innerJoin(siteMembers, and(eq(siteMembers.id, idTags.memberId), eq(siteMembers.siteId, siteId)))
    .orderBy(asc(siteMembers.email), asc(idTags.tag));
  return rows.map((r) => presentSiteIdTag(r.tag, r.email));
}

export const presentSiteIdTag = (t: IdTag, email: string | null) => ({ ...presentIdTag(t), member_email: email });

export async function createSiteIdTag(userId: string, siteId: string, input: z.infer<typeof createSiteIdTagSchema>) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  await assertSiteMember(site.id, input.member_id);
  const db = await getDb();
  const [row] = await db
    .insert(idTags)
    .values({ ownerId: site.ownerId, tag: input.tag, label: input.label || null, holder: input.holder || null, status: input.status, memberId: input.member_id })
    .onConflictDoNothing()
    .returning();
  // The owner's other tags are not revealed: only that the text is taken.
  if (!row) throw conflict('id_tag_taken', 'errors.idTags.takenBySiteOwner', { tag: input.tag });
  await recordAudit({ actorUserId: userId, action: 'site.id_tag_created', subjectType: 'site', subjectId: site.id, details: { id_tag: row.tag, member_id: input.member_id } });
  emit({ type: 'site.changed', siteId: site.id });
  return listOne(siteId, row.id);
}

async function listOne(siteId: string, id: string) {
  const db = await getDb();
  const [row] = await db
    .select({ tag: idTags, email: siteMembers.email })
    .from(idTags)
    .innerJoin(siteMembers, and(eq(siteMembers.id, idTags.memberId), eq(siteMembers.siteId, siteId)))
    .where(eq(idTags.id, id));
  if (!row) throw notFound('idTag');
  return presentSiteIdTag(row.tag, row.email);
}

export async function updateSiteIdTag(userId: string, siteId: string, id: string, input: z.infer<typeof updateSiteIdTagSchema>) {
  const { site } = await requireSiteRole(userId, siteId, ['owner', 'manager']);
  if (input.member_id) await assertSiteMember(site.id, input.member_id);
  const db = await getDb();
  const [row] = await db
    .update(idTags)
    .set({
      ...(input.label !== undefined && { label: input.label || null }),
      ...(input.holder !== undefined && { holder: input.holder || null }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.member_id !== undefined && { memberId: input.member_id }),
    })
    // Only a tag of the site's owner assigned to a member of this site.
    .where(
      and(
        eq(idTags.id, id),
        eq(idTags.ownerId, site.ownerId),
        inSite(siteId),
      ),
    )
    .returning({ id: idTags.id });
  if (!row) throw notFound('idTag');
  await recordAudit({ actorUserId: userId, action: 'site.id_tag_updated', subjectType: 'site', subjectId: site.id, details: { id_tag_id: id, ...input } });
  emit({ type: 'site.changed', siteId: site.id });
  return listOne(siteId, id);
}

const inSite = (siteId: string) => sql`${idTags.memberId} in (select ${siteMembers.id} from ${siteMembers} where ${siteMembers.siteId} = ${siteId})`;

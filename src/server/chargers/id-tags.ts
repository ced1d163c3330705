import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { idTags, siteMembers, sites, type IdTag } from '@/server/db/schema';
import { conflict, notFound } from '@/server/http/errors';
import { emit } from '@/server/events/domain-events';

export const ID_TAG_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;
export type IdTagStatus = (typeof ID_TAG_STATUSES)[number];

/** 1.6 idTags are at most 20 characters (CiString20); 2.0.1 allows 36. */
const tagSchema = z.string().trim().min(1, 'Enter a tag').max(20, 'At most 20 characters (the OCPP 1.6 limit)');

export const createIdTagSchema = z.object({
  tag: tagSchema,
  label: z.string().trim().max(100).nullish(),
  status: z.enum(ID_TAG_STATUSES).default('Accepted'),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
  parent_tag: tagSchema.nullish(),
  /** Who has the card without an account (apartment 3B). */
  holder: z.string().trim().max(100, 'At most 100 characters').nullish(),
  /** A member of one of the owner's sites: the tag is theirs (they see and may block it) and works on that site's charge points only. */
  member_id: z.uuid('Choose a member of one of your sites').nullish(),
});

export const updateIdTagSchema = createIdTagSchema.omit({ tag: true }).partial().extend({
  status: z.enum(ID_TAG_STATUSES).optional(),
});

export const presentIdTag = (t: IdTag) => ({
  id: t.id,
  tag: t.tag,
  label: t.label,
  status: t.status,
  expires_at: t.expiresAt?.toISOString() ?? null,
  parent_tag: t.parentTag,
  holder: t.holder,
  member_id: t.memberId,
  created_at: t.createdAt.toISOString(),
});

/** A member id given for a tag must be on one of the owner's sites (another's is 404, like a missing one). */
async function assertOwnersMember(ownerId: string, memberId: string | null | undefined): Promise<void> {
  if (!memberId) return;
  const db = await getDb();
  const [row] = await db
    .select({ id: siteMembers.id })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(and(eq(siteMembers.id, memberId), eq(sites.ownerId, ownerId)));
  if (!row) throw notFound('member');
}

export async function listIdTags(ownerId: string): Promise<IdTag[]> {
  const db = await getDb();
  return db.select().from(idTags).where(eq(idTags.ownerId, ownerId)).orderBy(asc(idTags.tag));
}

export async function createIdTag(ownerId: string, input: z.infer<typeof createIdTagSchema>): Promise<IdTag> {
  await assertOwnersMember(ownerId, input.member_id);
  const db = await getDb();
  const [row] = await db
    .insert(idTags)
    .values({
      ownerId,
      tag: input.tag,
      label: input.label ?? null,
      status: input.status,
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      parentTag: input.parent_tag ?? null,
      holder: input.holder || null,
      memberId: input.member_id ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict('id_tag_taken', 'errors.idTags.alreadyYours', { tag: input.tag });
  return row;
}

export async function updateIdTag(ownerId: string, id: string, input: z.infer<typeof updateIdTagSchema>): Promise<IdTag> {
  await assertOwnersMember(ownerId, input.member_id);
  const db = await getDb();
  const [row] = await db
    .update(idTags)
    .set({
      ...(input.label !== undefined && { label: input.label }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.expires_at !== undefined && { expiresAt: input.expires_at ? new Date(input.expires_at) : null }),
      ...(input.parent_tag !== undefined && { parentTag: input.parent_tag }),
      ...(input.holder !== undefined && { holder: input.holder || null }),
      ...(input.member_id !== undefined && { memberId: input.member_id }),
    })
    .where(and(eq(idTags.id, id), eq(idTags.ownerId, ownerId)))
    .returning();
  if (!row) throw notFound('idTag');
  return row;
}

export async function deleteIdTag(ownerId: string, id: string): Promise<void> {
  const db = await getDb();
  const [row] = await db.delete(idTags).where(and(eq(idTags.id, id), eq(idTags.ownerId, ownerId))).returning({ id: idTags.id });
  if (!row) throw notFound('idTag');
}

export interface Authorization {
  status: IdTagStatus | 'Unknown';
  parentTag?: string;
  expiresAt?: Date;
}

/**
 * Authorizes a tag against the charge point owner's id tags; a tag past its
 * expiry is Expired. A tag assigned to a site member works only on that
 * site's charge points: elsewhere it is Invalid.
 */
export async function authorizeTag(ownerId: string | null, tag: string, chargePointId: string): Promise<Authorization> {
  if (!ownerId) return { status: 'Unknown' };
  const [row] = await idTagOfOwner({ ownerId, tag, chargePointId });
  if (!row) return { status: 'Unknown' };
  if (!row.onSite) return { status: 'Invalid' };
  const expiresAt = row.expiresAtMs === null ? undefined : new Date(row.expiresAtMs);
  const expired = expiresAt !== undefined && expiresAt <= now();
  return {
    status: expired && row.status === 'Accepted' ? 'Expired' : row.status,
    parentTag: row.parentTag ?? undefined,
    expiresAt,
  };
}

// Every Authorize and 1.6 start asks: built once. The expiry as epoch milliseconds reads the same from either driver.
const idTagOfOwner = preparedStatement<
  { ownerId: string; tag: string; chargePointId: string },
  { status: IdTagStatus; parentTag: string | null; expiresAtMs: number | null; onSite: boolean }
>(
  () => sql`select ${idTags.status}, ${idTags.parentTag} as "parentTag", (extract(epoch from ${idTags.expiresAt}) * 1000)::float8 as "expiresAtMs",
      (${idTags.memberId} is null or exists (select 1 from site_members sm join charge_points cp on cp.site_id = sm.site_id
        where sm.id = ${idTags.memberId} and cp.id = ${sql.placeholder('chargePointId')}::uuid)) as "onSite"
    from ${idTags} where ${idTags.ownerId} = ${sql.placeholder('ownerId')} and ${idTags.tag} = ${sql.placeholder('tag')}`,
);

/** The member's site of each of the owner's member tags: a local list marks those of other sites Invalid. */
export async function memberTagSites(ownerId: string): Promise<Map<string, string>> {
  const db = await getDb();
  const rows = await db
    .select({ tag: idTags.tag, siteId: siteMembers.siteId })
    .from(idTags)
    .innerJoin(siteMembers, eq(siteMembers.id, idTags.memberId))
    .where(eq(idTags.ownerId, ownerId));
  return new Map(rows.map((r) => [r.tag, r.siteId]));
}

/** The id tags assigned to the user's memberships (across sites), with the site they work on. */
export async function myIdTags(userId: string) {
  const db = await getDb();
  return db
    .select({ tag: idTags, siteId: sites.id, siteName: sites.name })
    .from(idTags)
    .innerJoin(siteMembers, eq(siteMembers.id, idTags.memberId))
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(and(eq(siteMembers.userId, userId), sql`${siteMembers.acceptedAt} is not null`))
    .orderBy(asc(sites.name), asc(idTags.tag));
}

export const presentMyIdTag = (r: Awaited<ReturnType<typeof myIdTags>>[number]) => ({
  id: r.tag.id,
  tag: r.tag.tag,
  label: r.tag.label,
  status: r.tag.status,
  expires_at: r.tag.expiresAt?.toISOString() ?? null,
  site_id: r.siteId,
  site_name: r.siteName,
});

/**
 * A driver blocks their own tag (a lost card). Only blocking: unblocking is
 * the owner's, so a blocked card cannot be brought back by whoever found it
 * and the account with it.
 */
export async function blockMyIdTag(userId: string, id: string) {
  const db = await getDb();
  const [row] = await db
    .update(idTags)
    .set({ status: 'Blocked' })
    .where(
      and(
        eq(idTags.id, id),
        sql`${idTags.memberId} in (select ${siteMembers.id} from ${siteMembers} where ${siteMembers.userId} = ${userId} and ${siteMembers.acceptedAt} is not null)`,
      ),
    )
    .returning();
  if (!row) throw notFound('idTag');
  const [mine] = (await myIdTags(userId)).filter((r) => r.tag.id === row.id);
  emit({ type: 'site.changed', siteId: mine.siteId });
  return presentMyIdTag(mine);
}

/** The tag remote starts use when none is given: the user's first Accepted tag, or a new one. */
export async function ensureOwnIdTag(ownerId: string): Promise<string> {
  const db = await getDb();
  const [existing] = await db
    .select({ tag: idTags.tag })
    .from(idTags)
    .where(and(eq(idTags.ownerId, ownerId), eq(idTags.status, 'Accepted')))
    .orderBy(asc(idTags.createdAt))
    .limit(1);
  if (existing) return existing.tag;
  const tag = `EVC${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 20);
  await db.insert(idTags).values({ ownerId, tag, label: 'EVConduit' }).onConflictDoNothing();
  return tag;
}

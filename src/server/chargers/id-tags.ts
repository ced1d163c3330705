import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { idTags, type IdTag } from '@/server/db/schema';
import { conflict, notFound } from '@/server/http/errors';

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
  created_at: t.createdAt.toISOString(),
});

export async function listIdTags(ownerId: string): Promise<IdTag[]> {
  const db = await getDb();
  return db.select().from(idTags).where(eq(idTags.ownerId, ownerId)).orderBy(asc(idTags.tag));
}

export async function createIdTag(ownerId: string, input: z.infer<typeof createIdTagSchema>): Promise<IdTag> {
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
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`You already have the id tag "${input.tag}"`, 'id_tag_taken');
  return row;
}

export async function updateIdTag(ownerId: string, id: string, input: z.infer<typeof updateIdTagSchema>): Promise<IdTag> {
  const db = await getDb();
  const [row] = await db
    .update(idTags)
    .set({
      ...(input.label !== undefined && { label: input.label }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.expires_at !== undefined && { expiresAt: input.expires_at ? new Date(input.expires_at) : null }),
      ...(input.parent_tag !== undefined && { parentTag: input.parent_tag }),
    })
    .where(and(eq(idTags.id, id), eq(idTags.ownerId, ownerId)))
    .returning();
  if (!row) throw notFound('Id tag');
  return row;
}

export async function deleteIdTag(ownerId: string, id: string): Promise<void> {
  const db = await getDb();
  const [row] = await db.delete(idTags).where(and(eq(idTags.id, id), eq(idTags.ownerId, ownerId))).returning({ id: idTags.id });
  if (!row) throw notFound('Id tag');
}

export interface Authorization {
  status: IdTagStatus | 'Unknown';
  parentTag?: string;
  expiresAt?: Date;
}

/** Authorizes a tag against the charge point owner's id tags; a tag past its expiry is Expired. */
export async function authorizeTag(ownerId: string | null, tag: string): Promise<Authorization> {
  if (!ownerId) return { status: 'Unknown' };
  const [row] = await idTagOfOwner({ ownerId, tag });
  if (!row) return { status: 'Unknown' };
  const expiresAt = row.expiresAtMs === null ? undefined : new Date(row.expiresAtMs);
  const expired = expiresAt !== undefined && expiresAt <= now();
  return {
    status: expired && row.status === 'Accepted' ? 'Expired' : row.status,
    parentTag: row.parentTag ?? undefined,
    expiresAt,
  };
}

// Every Authorize and 1.6 start asks: built once. The expiry as epoch milliseconds reads the same from either driver.
const idTagOfOwner = preparedStatement<{ ownerId: string; tag: string }, { status: IdTagStatus; parentTag: string | null; expiresAtMs: number | null }>(
  () => sql`select ${idTags.status}, ${idTags.parentTag} as "parentTag", (extract(epoch from ${idTags.expiresAt}) * 1000)::float8 as "expiresAtMs"
    from ${idTags} where ${idTags.ownerId} = ${sql.placeholder('ownerId')} and ${idTags.tag} = ${sql.placeholder('tag')}`,
);

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

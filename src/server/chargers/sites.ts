import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { sites, type Site } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { emit } from '@/server/events/domain-events';
import { timeZoneSchema } from './local-time';

// Messages in words: the Sites page shows them next to the field.
const name = z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters');
const phases = z.union([z.literal(1), z.literal(3)], { error: 'Either 1 or 3 phases' });
const minPerSession = z.number({ error: 'Enter a current in A' }).min(0, 'At least 0 A').max(100, 'At most 100 A');
/** Free text printed on invoices; empty clears it. */
const legalText = (max: number) =>
  z
    .string({ error: 'Enter text' })
    .trim()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));
const vatRate = z
  .number({ error: 'Enter a VAT rate in %, such as 8.1' })
  .min(0, 'At least 0 %')
  .max(100, 'At most 100 %')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'At most two decimals, such as 8.1 or 7.75');
const legal = {
  /** The site's IANA time zone: tariff blocks, exports and invoices use its local time. */
  time_zone: timeZoneSchema.optional(),
  legal_name: legalText(200),
  legal_address: legalText(500),
  vat_id: legalText(50),
  vat_rate_percent: vatRate.optional(),
};

export const createSiteSchema = z.object({
  name,
  /** Per phase; null means no limit (no load balancing). */
  max_current_a: z.number({ error: 'Enter a current in A' }).positive('More than 0 A (leave empty for no limit)').max(10_000, 'At most 10000 A').nullish(),
  phases: phases.default(3),
  /** Below this a session gets 0 A (queued) rather than too little to charge. */
  min_current_per_session_a: minPerSession.default(6),
  ...legal,
});
export const updateSiteSchema = z.object({
  name: name.optional(),
  max_current_a: createSiteSchema.shape.max_current_a,
  phases: phases.optional(),
  min_current_per_session_a: minPerSession.optional(),
  ...legal,
});

export const presentSite = (s: Site) => ({
  id: s.id,
  name: s.name,
  max_current_a: s.maxCurrentA,
  phases: s.phases,
  min_current_per_session_a: s.minCurrentPerSessionA,
  time_zone: s.timeZone,
  legal_name: s.legalName,
  legal_address: s.legalAddress,
  vat_id: s.vatId,
  vat_rate_percent: Number(s.vatRatePercent),
  created_at: s.createdAt.toISOString(),
});

const legalColumns = (input: z.infer<typeof updateSiteSchema>) => ({
  ...(input.time_zone !== undefined && { timeZone: input.time_zone }),
  ...(input.legal_name !== undefined && { legalName: input.legal_name }),
  ...(input.legal_address !== undefined && { legalAddress: input.legal_address }),
  ...(input.vat_id !== undefined && { vatId: input.vat_id }),
  ...(input.vat_rate_percent !== undefined && { vatRatePercent: input.vat_rate_percent.toFixed(2) }),
});

export async function listSites(ownerId: string): Promise<Site[]> {
  const db = await getDb();
  return db.select().from(sites).where(eq(sites.ownerId, ownerId)).orderBy(asc(sites.name));
}

export async function getOwnedSite(ownerId: string, id: string): Promise<Site> {
  const db = await getDb();
  const [row] = await db.select().from(sites).where(and(eq(sites.id, id), eq(sites.ownerId, ownerId)));
  if (!row) throw notFound('site');
  return row;
}

export async function createSite(ownerId: string, input: z.infer<typeof createSiteSchema>): Promise<Site> {
  const db = await getDb();
  const [row] = await db
    .insert(sites)
    .values({
      ownerId,
      name: input.name,
      maxCurrentA: input.max_current_a ?? null,
      phases: input.phases,
      minCurrentPerSessionA: input.min_current_per_session_a,
      ...legalColumns(input),
    })
    .returning();
  return row;
}

export async function updateSite(ownerId: string, id: string, input: z.infer<typeof updateSiteSchema>): Promise<Site> {
  const db = await getDb();
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.max_current_a !== undefined && { maxCurrentA: input.max_current_a }),
    ...(input.phases !== undefined && { phases: input.phases }),
    ...(input.min_current_per_session_a !== undefined && { minCurrentPerSessionA: input.min_current_per_session_a }),
    ...legalColumns(input),
  };
  if (Object.keys(set).length === 0) return getOwnedSite(ownerId, id);
  const [row] = await db.update(sites).set(set).where(and(eq(sites.id, id), eq(sites.ownerId, ownerId))).returning();
  if (!row) throw notFound('site');
  emit({ type: 'site.changed', siteId: row.id });
  return row;
}

export async function deleteSite(ownerId: string, id: string): Promise<void> {
  const db = await getDb();
  const [row] = await db.transaction(async (tx) => {
    // Its members' id tags are blocked (docs/site-members.md), not left to work on every charge point of the owner.
    await tx.execute(sql`update id_tags t set status = 'Blocked', member_id = null, holder = coalesce(t.holder, m.email)
      from site_members m join sites s on s.id = m.site_id where m.id = t.member_id and s.id = ${id} and s.owner_id = ${ownerId}`);
    return tx.delete(sites).where(and(eq(sites.id, id), eq(sites.ownerId, ownerId))).returning({ id: sites.id });
  });
  if (!row) throw notFound('site');
  // Its sessions are no longer balanced: load balancing clears their limits.
  emit({ type: 'site.changed', siteId: row.id });
}

import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { tariffs, type Tariff } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { currencySchema } from '@/server/currency';
import { offsetMs } from './local-time';

const DAY_MS = 86_400_000;

// Messages in words: the Sites page shows them next to the field.
const hhmm = z.string({ error: 'Use HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM');
const price = z.number({ error: 'Enter a price' }).min(0, 'At least 0').max(1000, 'At most 1000');

export const createTariffSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters'),
  price_per_kwh: price,
  currency: currencySchema,
  /** Blocks in the site's local time (UTC without a site); a block may wrap midnight (22:00–06:00). The first matching block wins, else price_per_kwh. */
  time_blocks: z.array(z.object({ from: hhmm, to: hhmm, price_per_kwh: price })).max(24, 'At most 24 time blocks').nullish(),
});
export const updateTariffSchema = createTariffSchema.partial();

export const presentTariff = (t: Tariff) => ({
  id: t.id,
  name: t.name,
  price_per_kwh: Number(t.pricePerKwh),
  currency: t.currency,
  time_blocks: t.timeBlocks?.map((b) => ({ from: b.from, to: b.to, price_per_kwh: b.pricePerKwh })) ?? null,
  created_at: t.createdAt.toISOString(),
});

const blocks = (input: z.infer<typeof createTariffSchema>['time_blocks']) =>
  input?.map((b) => ({ from: b.from, to: b.to, pricePerKwh: b.price_per_kwh })) ?? null;

const columns = (input: z.infer<typeof updateTariffSchema>) => ({
  ...(input.name !== undefined && { name: input.name }),
  ...(input.price_per_kwh !== undefined && { pricePerKwh: String(input.price_per_kwh) }),
  ...(input.currency !== undefined && { currency: input.currency }),
  ...(input.time_blocks !== undefined && { timeBlocks: blocks(input.time_blocks) }),
});

export async function listTariffs(ownerId: string): Promise<Tariff[]> {
  const db = await getDb();
  return db.select().from(tariffs).where(eq(tariffs.ownerId, ownerId)).orderBy(asc(tariffs.name));
}

/** One of the owner's tariffs; someone else's is 404, like a missing one. */
export async function requireOwnedTariff(ownerId: string, id: string): Promise<void> {
  const db = await getDb();
  const [tariff] = await db.select({ id: tariffs.id }).from(tariffs).where(and(eq(tariffs.id, id), eq(tariffs.ownerId, ownerId)));
  if (!tariff) throw notFound('tariff');
}

export async function createTariff(ownerId: string, input: z.infer<typeof createTariffSchema>): Promise<Tariff> {
  const db = await getDb();
  const [row] = await db
    .insert(tariffs)
    .values({ ownerId, name: input.name, pricePerKwh: String(input.price_per_kwh), currency: input.currency, timeBlocks: blocks(input.time_blocks) })
    .returning();
  return row;
}

export async function updateTariff(ownerId: string, id: string, input: z.infer<typeof updateTariffSchema>): Promise<Tariff> {
  const db = await getDb();
  const set = columns(input);
  const [row] =
    Object.keys(set).length === 0
      ? await db.select().from(tariffs).where(and(eq(tariffs.id, id), eq(tariffs.ownerId, ownerId)))
      : await db.update(tariffs).set(set).where(and(eq(tariffs.id, id), eq(tariffs.ownerId, ownerId))).returning();
  if (!row) throw notFound('tariff');
  return row;
}

export async function deleteTariff(ownerId: string, id: string): Promise<void> {
  const db = await getDb();
  const [row] = await db.delete(tariffs).where(and(eq(tariffs.id, id), eq(tariffs.ownerId, ownerId))).returning({ id: tariffs.id });
  if (!row) throw notFound('tariff');
}

const toMinute = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3));

/** The price per kWh at a minute of the local day (0–1439): the first time block containing it, else the base price. */
export function priceAtMinute(tariff: Pick<Tariff, 'pricePerKwh' | 'timeBlocks'>, minute: number): number {
  for (const b of tariff.timeBlocks ?? []) {
    const from = toMinute(b.from);
    const to = toMinute(b.to);
    const inside = from <= to ? minute >= from && minute < to : minute >= from || minute < to;
    if (inside) return b.pricePerKwh;
  }
  return Number(tariff.pricePerKwh);
}

/**
 * The price per kWh at an instant: the first time block containing the
 * instant's local time of day in `timeZone` (the site's IANA zone; UTC for a
 * charge point without a site), else the base price.
 */
export function priceAt(tariff: Pick<Tariff, 'pricePerKwh' | 'timeBlocks'>, at: Date, timeZone: string): number {
  return priceAtMinute(tariff, localMinuteOfDay(at.getTime(), timeZone));
}

/** The minute of the local day (0–1439) at an instant (epoch ms) in `timeZone`. */
export function localMinuteOfDay(t: number, timeZone: string): number {
  const inDay = (((t + offsetMs(t, timeZone)) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(inDay / 60_000);
}

/**
 * The local day cut where the price changes: minutes [from, to) at one price
 * (`priceAtMinute`), covering 0–1440. A block's edges are the only minutes
 * where a price can change, so each piece between edges has one price.
 */
export function priceRuns(tariff: Pick<Tariff, 'pricePerKwh' | 'timeBlocks'>): { from: number; to: number; price: number }[] {
  const edges = [...new Set([0, 1440, ...(tariff.timeBlocks ?? []).flatMap((b) => [toMinute(b.from), toMinute(b.to)])])].sort((a, b) => a - b);
  const runs: { from: number; to: number; price: number }[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const price = priceAtMinute(tariff, edges[i]);
    const last = runs.at(-1);
    if (last && last.price === price) last.to = edges[i + 1];
    else runs.push({ from: edges[i], to: edges[i + 1], price });
  }
  return runs;
}

/**
 * Price forecasts pushed for a site (Home Assistant from Nordpool, Tibber, …):
 * `POST /api/ha/sites/{id}/prices`. A push replaces the stored slots in the
 * time it covers; slots that ended more than a day ago are dropped, so a site
 * keeps at most the pushed horizon plus a day.
 */
import { and, asc, eq, gt, gte, lt, lte } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { sitePrices } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { badRequest, type ErrorKey } from '@/server/http/errors';
import { requireSiteRole } from '@/server/chargers/site-access';
import type { PriceSlot } from './plan';

/** At most 8 days of 15-minute slots. */
export const MAX_PRICE_SLOTS = 8 * 24 * 4;
/** Slots may start at most a day back and end at most 8 days ahead. */
const PAST_MS = 24 * 3_600_000;
const AHEAD_MS = 8 * 24 * 3_600_000;

const slotSchema = z.object({
  start: z.iso.datetime({ offset: true, error: 'Use an ISO time with a zone, e.g. 2026-03-10T18:00:00+01:00' }),
  end: z.iso.datetime({ offset: true, error: 'Use an ISO time with a zone, e.g. 2026-03-10T19:00:00+01:00' }),
  price_per_kwh: z.number({ error: 'Enter a price per kWh' }).min(-10, 'At least -10').max(100, 'At most 100'),
  /** Optional solar forecast for the slot, W: the "greenest" strategy prefers slots with more. */
  pv_forecast_w: z.number({ error: 'Enter watts' }).min(0, 'At least 0').max(10_000_000, 'At most 10000000').nullish(),
});

export const pushPricesSchema = z.object({
  slots: z
    .array(slotSchema)
    .min(1, 'Send at least one slot')
    .max(MAX_PRICE_SLOTS, `At most ${MAX_PRICE_SLOTS} slots (8 days of 15 minutes)`),
});

export const siteParams = z.object({ id: z.uuid({ error: 'Not a site id' }) });

const fieldError = (path: string, key: ErrorKey) => badRequest('validation_error', key, undefined, { field: `body.${path}` });

/** Checks order, length and horizon; the zod schema has checked each slot alone. */
export function checkSlots(input: z.infer<typeof pushPricesSchema>, at: Date): Array<PriceSlot & { pricePerKwh: number }> {
  const slots = input.slots.map((s) => ({
    start: new Date(s.start),
    end: new Date(s.end),
    pricePerKwh: s.price_per_kwh,
    pvForecastW: s.pv_forecast_w ?? null,
  }));
  slots.forEach((s, i) => {
    const minutes = (s.end.getTime() - s.start.getTime()) / 60_000;
    if (minutes !== 15 && minutes !== 60) throw fieldError(`slots.${i}.end`, 'errors.planner.slotLength');
    if (s.start.getTime() % (15 * 60_000) !== 0) throw fieldError(`slots.${i}.start`, 'errors.planner.slotStart');
    if (i > 0 && s.start.getTime() < slots[i - 1].end.getTime())
      throw fieldError(`slots.${i}.start`, 'errors.planner.slotOrder');
    if (s.start.getTime() < at.getTime() - PAST_MS) throw fieldError(`slots.${i}.start`, 'errors.planner.slotPast');
    if (s.end.getTime() > at.getTime() + AHEAD_MS) throw fieldError(`slots.${i}.end`, 'errors.planner.slotAhead');
  });
  return slots;
}

/** Stores pushed prices for a site the user owns or manages; re-plans its sessions after the commit. */
export async function pushPrices(userId: string, siteId: string, input: z.infer<typeof pushPricesSchema>) {
  await requireSiteRole(userId, siteId, ['owner', 'manager']);
  const at = now();
  const slots = checkSlots(input, at);
  const from = slots[0].start;
  const to = slots[slots.length - 1].end;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(sitePrices).where(and(eq(sitePrices.siteId, siteId), lt(sitePrices.startAt, to), gt(sitePrices.endAt, from)));
    await tx.delete(sitePrices).where(and(eq(sitePrices.siteId, siteId), lt(sitePrices.endAt, new Date(at.getTime() - PAST_MS))));
    await tx.insert(sitePrices).values(
      slots.map((s) => ({ siteId, startAt: s.start, endAt: s.end, pricePerKwh: s.pricePerKwh, pvForecastW: s.pvForecastW, receivedAt: at })),
    );
  });
  emit({ type: 'site.pricesChanged', siteId });
  return { site_id: siteId, stored: slots.length, from: from.toISOString(), to: to.toISOString() };
}

/** The pushed slots of a site that overlap [from, to). */
export async function storedPrices(siteId: string, from: Date, to: Date): Promise<PriceSlot[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(sitePrices)
    .where(and(eq(sitePrices.siteId, siteId), lt(sitePrices.startAt, to), gt(sitePrices.endAt, from)))
    .orderBy(asc(sitePrices.startAt));
  return rows.map((r) => ({ start: r.startAt, end: r.endAt, pricePerKwh: r.pricePerKwh, pvForecastW: r.pvForecastW }));
}

/** For the site page and Home Assistant: the pushed prices from now on. */
export async function listPrices(userId: string, siteId: string) {
  await requireSiteRole(userId, siteId, ['owner', 'manager', 'driver']);
  const at = now();
  const db = await getDb();
  const rows = await db
    .select()
    .from(sitePrices)
    .where(and(eq(sitePrices.siteId, siteId), gte(sitePrices.endAt, at), lte(sitePrices.startAt, new Date(at.getTime() + AHEAD_MS))))
    .orderBy(asc(sitePrices.startAt));
  return {
    slots: rows.map((r) => ({
      start: r.startAt.toISOString(),
      end: r.endAt.toISOString(),
      price_per_kwh: r.pricePerKwh,
      pv_forecast_w: r.pvForecastW,
    })),
  };
}

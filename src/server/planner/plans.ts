/**
 * Charging plans of sessions: set by the user (`PUT /api/charge-points/{id}/plan`)
 * or from the matched car's defaults, computed by the pure planner (plan.ts)
 * from the car's level and capacity, the charge point's power and the site's
 * prices, and carried out by the session's TxProfile (see execute below).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Locale } from '@/i18n/locales';
import { serverTranslator } from '@/i18n/messages';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePlans, chargePoints, connectors, loadLimits, sites, tariffs, transactions, vehicles, type ChargePoint, type Site } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { badRequest, conflict, type ErrorKey, notFound } from '@/server/http/errors';
import { priceAt } from '@/server/chargers/tariffs';
import { requestRebalance } from '@/server/chargers/load/rebalance';
import { clearLimit, sendLimit } from '@/server/chargers/load/profiles';
import { withClusterLock } from '@/server/cluster/locks';
import { chargeStateOf, presentSessionVehicle } from './matching';
import { sessionFor } from './session-access';
import { mergeSlots, nextLocalTime, planCharging, tariffSlots, type PlanMask, type PlanResult } from './plan';
import { storedPrices } from './prices';

/** Volts per phase the planner assumes to turn current into power. */
const VOLTS = 230;
/** The current assumed when neither the connector nor the site says (a common 16 A wallbox). */
const DEFAULT_CURRENT_A = 16;
/** The capacity assumed when the car does not report one, kWh. */
const DEFAULT_CAPACITY_KWH = 60;
const MAX_HORIZON_MS = 7 * 24 * 3_600_000;

const fieldError = (path: string, key: ErrorKey) => badRequest('validation_error', key, undefined, { field: `body.${path}` });

export const planBodySchema = z.object({
  vehicle_id: z.uuid({ error: 'Choose one of your vehicles' }),
  target_battery_level: z.number({ error: 'Enter a battery level in percent' }).int('Use a whole percent').min(1, 'At least 1 %').max(100, 'At most 100 %'),
  departure: z.iso.datetime({ offset: true, error: 'Use an ISO time with a zone, e.g. 2026-03-11T07:00:00+01:00' }),
  strategy: z.enum(['cheapest', 'greenest'], { error: 'Choose cheapest or greenest' }).default('cheapest'),
  evse_id: z.number().int().min(0).max(100).optional(),
});

export const planQuerySchema = z.object({ evse_id: z.coerce.number().int().min(0).max(100).optional() });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM');
export const vehiclePlanDefaultsSchema = z.object({
  target_battery_level: z.number({ error: 'Enter a battery level in percent' }).int('Use a whole percent').min(1, 'At least 1 %').max(100, 'At most 100 %').nullable(),
  departure_time: hhmm.nullable(),
  strategy: z.enum(['cheapest', 'greenest'], { error: 'Choose cheapest or greenest' }).default('cheapest'),
});


/**
 * The session's user (the owner, or the driver whose tag started it) sets or
 * replaces its plan, for one of their cars; the car is matched with it.
 */
export async function setPlan(userId: string, chargePointId: string, input: z.infer<typeof planBodySchema>, locale: Locale) {
  const { cp, session } = await sessionFor(userId, chargePointId, input.evse_id, true);
  const at = now();
  const departure = new Date(input.departure);
  if (departure.getTime() <= at.getTime()) throw fieldError('departure', 'errors.planner.departurePast');
  if (departure.getTime() > at.getTime() + MAX_HORIZON_MS) throw fieldError('departure', 'errors.planner.departureTooFar');
  const db = await getDb();
  const [vehicle] = await db.select({ id: vehicles.id }).from(vehicles).where(and(eq(vehicles.id, input.vehicle_id), eq(vehicles.userId, userId)));
  if (!vehicle) throw notFound('vehicle');
  if (!session) throw conflict('no_session', 'errors.planner.plugInFirst');
  const { tx } = session;
  const values = { vehicleId: vehicle.id, targetLevel: input.target_battery_level, departure, strategy: input.strategy, updatedAt: at };
  await db.transaction(async (t) => {
    if (tx.vehicleId !== vehicle.id) {
      // The car the user planned for is the session's car; a session it was matched with elsewhere loses it.
      await t.update(transactions).set({ vehicleId: null, vehicleMatch: 'declined' }).where(and(eq(transactions.vehicleId, vehicle.id), isNull(transactions.stoppedAt)));
      const [v] = await t.select({ state: vehicles.state }).from(vehicles).where(eq(vehicles.id, vehicle.id));
      const cs = chargeStateOf(v?.state);
      await t
        .update(transactions)
        .set({ vehicleId: vehicle.id, vehicleMatch: 'manual', vehicleBatteryStart: cs.batteryLevel == null ? null : Math.round(cs.batteryLevel), vehicleCapacityKwh: cs.batteryCapacity ?? null })
        .where(eq(transactions.id, tx.id));
    }
    await t.insert(chargePlans).values({ transactionId: tx.id, chargePointId: cp.id, ...values }).onConflictDoUpdate({ target: chargePlans.transactionId, set: values });
  });
  await computePlan(tx.id);
  emit({ type: 'plan.changed', transactionId: tx.id });
  return getPlan(userId, chargePointId, { evse_id: input.evse_id }, locale);
}

/** Removes the running session's plan: it charges as load balancing alone allows. */
export async function deletePlan(userId: string, chargePointId: string, query: z.infer<typeof planQuerySchema>) {
  const tx = (await sessionFor(userId, chargePointId, query.evse_id, true)).session?.tx;
  const db = await getDb();
  const [gone] = tx ? await db.delete(chargePlans).where(eq(chargePlans.transactionId, tx.id)).returning({ mask: chargePlans.mask }) : [];
  if (!gone) throw notFound('plan');
  if (gone.mask) await executeRemoved(tx!.id);
}


/** The plan of a running session: the owner and managers read any, a driver their own. */
export async function getPlan(userId: string, chargePointId: string, query: z.infer<typeof planQuerySchema>, locale: Locale) {
  const { cp, session } = await sessionFor(userId, chargePointId, query.evse_id, false);
  const tx = session?.tx;
  if (!tx) throw notFound('plan');
  const db = await getDb();
  const [row] = await db
    .select({ plan: chargePlans, limitStatus: loadLimits.status })
    .from(chargePlans)
    .leftJoin(loadLimits, eq(loadLimits.transactionId, chargePlans.transactionId))
    .where(eq(chargePlans.transactionId, tx.id));
  if (!row) throw notFound('plan');
  return presentPlan(tx.id, row.plan, cp.siteId ? row.limitStatus : null, locale);
}

/** The open sessions' plans of the user's charge points, for Home Assistant. */
export async function plansOf(chargePointIds: string[], locale: Locale) {
  if (chargePointIds.length === 0) return new Map<string, ReturnType<typeof presentPlan>[]>();
  const db = await getDb();
  const rows = await db
    .select({ plan: chargePlans, limitStatus: loadLimits.status })
    .from(chargePlans)
    .innerJoin(transactions, eq(transactions.id, chargePlans.transactionId))
    .leftJoin(loadLimits, eq(loadLimits.transactionId, chargePlans.transactionId))
    .where(and(inArray(chargePlans.chargePointId, chargePointIds), isNull(transactions.stoppedAt)));
  const out = new Map<string, ReturnType<typeof presentPlan>[]>();
  for (const r of rows) out.set(r.plan.chargePointId, [...(out.get(r.plan.chargePointId) ?? []), presentPlan(r.plan.transactionId, r.plan, r.limitStatus, locale)]);
  return out;
}


/** The matched car and the plan of each of these sessions (a driver's My charging). */
export async function sessionCarsAndPlans(transactionIds: string[], locale: Locale) {
  const out = new Map<string, { vehicle: ReturnType<typeof presentSessionVehicle>; plan: ReturnType<typeof presentPlan> | null }>();
  if (transactionIds.length === 0) return out;
  const db = await getDb();
  const rows = await db
    .select({ tx: transactions, vehicle: vehicles, plan: chargePlans, limitStatus: loadLimits.status })
    .from(transactions)
    .leftJoin(vehicles, eq(vehicles.id, transactions.vehicleId))
    .leftJoin(chargePlans, eq(chargePlans.transactionId, transactions.id))
    .leftJoin(loadLimits, eq(loadLimits.transactionId, transactions.id))
    .where(inArray(transactions.id, transactionIds));
  for (const r of rows) out.set(r.tx.id, { vehicle: presentSessionVehicle(r.tx, r.vehicle), plan: r.plan && presentPlan(r.tx.id, r.plan, r.limitStatus, locale) });
  return out;
}

/** The plan's problem and note, stored as codes (`problem_code`, `note_code`), in the reader's words. */
const PLAN_TEXTS = {
  no_battery_level: 'serverTexts.plan.noBatteryLevel',
  no_solar_forecast: 'serverTexts.plan.noSolarForecast',
} as const;

function planTexts(result: Record<string, unknown>, locale: Locale) {
  const t = serverTranslator(locale);
  const text = (code: unknown) => (typeof code === 'string' && code in PLAN_TEXTS ? t(PLAN_TEXTS[code as keyof typeof PLAN_TEXTS]) : undefined);
  const problem = text(result.problem_code);
  const note = text(result.note_code);
  // Plans computed before the codes hold the English text itself: it is shown as stored.
  return { ...(problem && { problem }), ...(note && { note }) };
}

function presentPlan(transactionId: string, plan: typeof chargePlans.$inferSelect, limitStatus: string | null, locale: Locale) {
  return {
    transaction_id: transactionId,
    vehicle_id: plan.vehicleId,
    target_battery_level: plan.targetLevel,
    departure: plan.departure.toISOString(),
    strategy: plan.strategy,
    computed_at: plan.computedAt?.toISOString() ?? null,
    /** The charge point's answer to the schedule (SetChargingProfile), or why it has none yet. */
    profile_status: limitStatus ?? plan.profileStatus,
    ...(plan.result ?? {}),
    ...planTexts(plan.result ?? {}, locale),
  };
}

interface Context {
  tx: typeof transactions.$inferSelect;
  plan: typeof chargePlans.$inferSelect;
  cp: ChargePoint;
  site: Site | null;
  vehicle: typeof vehicles.$inferSelect | null;
  maxCurrentA: number | null;
}

async function loadContext(transactionId: string): Promise<Context | null> {
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, plan: chargePlans, cp: chargePoints, site: sites, vehicle: vehicles, maxCurrentA: connectors.maxCurrentA })
    .from(chargePlans)
    .innerJoin(transactions, eq(transactions.id, chargePlans.transactionId))
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .leftJoin(vehicles, eq(vehicles.id, chargePlans.vehicleId))
    .leftJoin(
      connectors,
      and(eq(connectors.chargePointId, transactions.chargePointId), eq(connectors.evseId, transactions.evseId), eq(connectors.connectorId, transactions.connectorId)),
    )
    .where(eq(chargePlans.transactionId, transactionId));
  return row ?? null;
}

/** The current the session's schedule allows in its windows: the connector's maximum, within the site's limit. */
const sessionCurrentA = (c: Context) => Math.min(c.maxCurrentA ?? DEFAULT_CURRENT_A, c.site?.maxCurrentA ?? Infinity);

/** Recomputes and stores the plan; returns what the session's profile should carry (null: no schedule). */
async function computePlan(transactionId: string): Promise<{ c: Context; mask: PlanMask | null } | null> {
  const c = await loadContext(transactionId);
  if (!c || c.tx.stoppedAt) return null;
  const at = now();
  const cs = chargeStateOf(c.vehicle?.state);
  const timeZone = c.site?.timeZone ?? 'UTC';
  const phases = c.site?.phases ?? 3;
  const currentA = sessionCurrentA(c);
  const powerW = currentA * phases * VOLTS;
  const departure = c.plan.departure;
  let result: Record<string, unknown>;
  let mask: PlanMask | null = null;
  if (cs.batteryLevel == null) {
    result = { reachable: null, problem_code: 'no_battery_level', slots: [] };
  } else {
    const [tariff] = c.cp.tariffId ? await (await getDb()).select().from(tariffs).where(eq(tariffs.id, c.cp.tariffId)) : [];
    const pushed = c.site ? await storedPrices(c.site.id, at, departure) : [];
    // The tariff's blocks in the site's local time.
    const fallback = tariff ? tariffSlots((t) => priceAt(tariff, t, timeZone), at, departure) : [];
    const capacityKwh = cs.batteryCapacity ?? DEFAULT_CAPACITY_KWH;
    const r: PlanResult = planCharging({
      now: at,
      departure,
      batteryLevel: cs.batteryLevel,
      targetLevel: c.plan.targetLevel,
      capacityKwh,
      powerW,
      efficiency: getConfig().planner.efficiency,
      slots: mergeSlots(pushed, fallback),
      strategy: c.plan.strategy,
    });
    result = {
      battery_level: cs.batteryLevel,
      capacity_kwh: capacityKwh,
      capacity_assumed: cs.batteryCapacity == null,
      power_w: powerW,
      energy_needed_kwh: r.energyNeededKwh,
      slots: r.slots.map((s) => ({
        start: s.start.toISOString(),
        end: s.end.toISOString(),
        energy_kwh: s.energyKwh,
        price_per_kwh: s.pricePerKwh,
        cost: s.cost,
        pv_forecast_w: s.pvForecastW,
      })),
      expected_cost: r.expectedCost,
      currency: tariff?.currency ?? null,
      price_source: pushed.length > 0 ? (tariff ? 'pushed prices, tariff where none' : 'pushed prices') : tariff ? 'tariff' : 'none',
      reachable: r.reachable,
      finishes_at: r.finishesAt?.toISOString() ?? null,
      earliest_completion: r.earliestCompletion.toISOString(),
      ...(r.fellBackToCheapest && { note_code: 'no_solar_forecast' }),
    };
    mask = { startAt: new Date(Math.floor(at.getTime() / 60_000) * 60_000), on: r.slots.map((s) => ({ start: s.start, end: s.end })), until: departure };
  }
  const db = await getDb();
  await db.update(chargePlans).set({ result, computedAt: at }).where(eq(chargePlans.transactionId, transactionId));
  return { c, mask };
}

const maskJson = (m: PlanMask) => ({
  startAt: m.startAt.toISOString(),
  on: m.on.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })),
  until: m.until.toISOString(),
});
const sameWindows = (a: ReturnType<typeof maskJson> | null, b: ReturnType<typeof maskJson> | null) =>
  JSON.stringify(a && { on: a.on, until: a.until }) === JSON.stringify(b && { on: b.on, until: b.until });

/**
 * Re-plans a session and sends its schedule when the windows changed. On a
 * load-balanced site the balancer sends it (its share in the windows, 0 A
 * between them: one profile, never above the share); elsewhere this sends the
 * connector's maximum in the windows.
 */
export async function executePlan(transactionId: string): Promise<void> {
  await withClusterLock(`charge-plan:${transactionId}`, async () => {
    const computed = await computePlan(transactionId);
    if (!computed) return;
    const { c, mask } = computed;
    const json = mask && maskJson(mask);
    if (sameWindows(c.plan.mask ?? null, json) && c.plan.profileStatus !== null) return;
    const db = await getDb();
    await db.update(chargePlans).set({ mask: json }).where(eq(chargePlans.transactionId, transactionId));
    await sendSchedule(c, mask);
  });
}

async function sendSchedule(c: Context, mask: PlanMask | null): Promise<void> {
  const db = await getDb();
  if (c.site?.maxCurrentA != null) {
    // The balancer sends it again (its run treats a limit not Accepted as stale).
    await db.update(loadLimits).set({ status: 'PlanChanged' }).where(eq(loadLimits.transactionId, c.tx.id));
    await db.update(chargePlans).set({ profileStatus: 'sent by load balancing' }).where(eq(chargePlans.transactionId, c.tx.id));
    requestRebalance(c.site.id);
    return;
  }
  const target = { identity: c.cp.identity, protocol: c.cp.ocppVersion, evseId: c.tx.evseId, ocppTransactionId: c.tx.ocppTransactionId };
  let status: string;
  if (mask) status = (await sendLimit(target, sessionCurrentA(c), c.site?.phases ?? 3, mask)).status;
  else {
    await clearLimit(target);
    status = 'cleared';
  }
  await db.update(chargePlans).set({ profileStatus: status }).where(eq(chargePlans.transactionId, c.tx.id));
}

/** After a plan was deleted: the session's profile goes back to what load balancing alone says (or none). */
async function executeRemoved(transactionId: string): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, cp: chargePoints, site: sites })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .where(eq(transactions.id, transactionId));
  if (!row || row.tx.stoppedAt) return;
  if (row.site?.maxCurrentA != null) {
    await db.update(loadLimits).set({ status: 'PlanChanged' }).where(eq(loadLimits.transactionId, transactionId));
    requestRebalance(row.site.id);
  } else await clearLimit({ identity: row.cp.identity, protocol: row.cp.ocppVersion, evseId: row.tx.evseId });
}

/** site.pricesChanged: re-plans every open planned session of the site. */
export async function replanSite(siteId: string): Promise<void> {
  const db = await getDb();
  const rows = await db
    .select({ id: chargePlans.transactionId })
    .from(chargePlans)
    .innerJoin(transactions, eq(transactions.id, chargePlans.transactionId))
    .innerJoin(chargePoints, eq(chargePoints.id, chargePlans.chargePointId))
    .where(and(eq(chargePoints.siteId, siteId), isNull(transactions.stoppedAt)));
  for (const r of rows) await executePlan(r.id);
}

/** vehicle.saved: a car's level changed, re-plan its open sessions. */
export async function replanVehicles(vehicleIds: string[]): Promise<void> {
  if (vehicleIds.length === 0) return;
  const db = await getDb();
  const rows = await db
    .select({ id: chargePlans.transactionId })
    .from(chargePlans)
    .innerJoin(transactions, eq(transactions.id, chargePlans.transactionId))
    .where(and(inArray(chargePlans.vehicleId, vehicleIds), isNull(transactions.stoppedAt)));
  for (const r of rows) await executePlan(r.id);
}

/** session.vehicleMatched: a car with defaults gets its usual plan; a declined car's plan goes. */
export async function planFromDefaults(transactionId: string): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ tx: transactions, vehicle: vehicles, site: sites, plan: chargePlans })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .leftJoin(vehicles, eq(vehicles.id, transactions.vehicleId))
    .leftJoin(chargePlans, eq(chargePlans.transactionId, transactions.id))
    .where(eq(transactions.id, transactionId));
  if (!row || row.tx.stoppedAt) return;
  if (row.plan && row.plan.vehicleId !== row.tx.vehicleId) {
    // Another car (the user corrected the match): the plan follows it; no car: the plan goes.
    if (row.tx.vehicleId) {
      await db.update(chargePlans).set({ vehicleId: row.tx.vehicleId, updatedAt: now() }).where(eq(chargePlans.transactionId, transactionId));
      return executePlan(transactionId);
    }
    await db.delete(chargePlans).where(eq(chargePlans.transactionId, transactionId));
    if (row.plan.mask) await executeRemoved(transactionId);
    return;
  }
  const v = row.vehicle;
  if (row.plan || !v || v.planTargetLevel == null || !v.planDepartureTime) return;
  const departure = nextLocalTime(v.planDepartureTime, now(), row.site?.timeZone ?? 'UTC');
  await db
    .insert(chargePlans)
    .values({ transactionId, chargePointId: row.tx.chargePointId, vehicleId: v.id, targetLevel: v.planTargetLevel, departure, strategy: v.planStrategy })
    .onConflictDoNothing();
  await executePlan(transactionId);
}

/** A vehicle's planner defaults: a session it is matched with gets a plan to this level by the next such time. */
export async function setVehiclePlanDefaults(userId: string, vehicleId: string, input: z.infer<typeof vehiclePlanDefaultsSchema>) {
  if ((input.target_battery_level == null) !== (input.departure_time == null))
    throw fieldError(input.target_battery_level == null ? 'target_battery_level' : 'departure_time', 'errors.planner.targetAndDeparture');
  const db = await getDb();
  const [row] = await db
    .update(vehicles)
    .set({ planTargetLevel: input.target_battery_level, planDepartureTime: input.departure_time, planStrategy: input.strategy })
    .where(and(eq(vehicles.id, vehicleId), eq(vehicles.userId, userId)))
    .returning();
  if (!row) throw notFound('vehicle');
  return presentVehiclePlanDefaults(row);
}

export async function getVehiclePlanDefaults(userId: string, vehicleId: string) {
  const db = await getDb();
  const [row] = await db.select().from(vehicles).where(and(eq(vehicles.id, vehicleId), eq(vehicles.userId, userId)));
  if (!row) throw notFound('vehicle');
  return presentVehiclePlanDefaults(row);
}

const presentVehiclePlanDefaults = (v: typeof vehicles.$inferSelect) => ({
  vehicle_id: v.id,
  target_battery_level: v.planTargetLevel,
  departure_time: v.planDepartureTime,
  strategy: v.planStrategy,
});

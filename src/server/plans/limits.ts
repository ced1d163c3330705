/**
 * What each plan allows. Admin-editable (kept in `settings` under
 * `plan_limits`); the defaults are the old service's numbers.
 */
import { z } from 'zod';
import { now } from '@/server/clock';
import type { Db, Tx } from '@/server/db/client';
import { AppError } from '@/server/http/errors';
import type { User } from '@/server/db/schema';
import { recordAudit } from '@/server/audit/audit';
import { getSetting, setSetting } from '@/server/settings/store';

export const TIERS = ['free', 'basic', 'pro'] as const;
export type Tier = (typeof TIERS)[number];

const tierLimitsSchema = z.object({
  monthly_calls: z.number().int().min(0).max(10_000_000),
  linked_vehicles: z.number().int().min(0).max(1000),
  charging_control: z.boolean(),
  /** Real-time pushes to Home Assistant. */
  push: z.boolean(),
});

export const planLimitsSchema = z.object({
  free: tierLimitsSchema,
  basic: tierLimitsSchema,
  pro: tierLimitsSchema,
  /** Per API key: stops a misconfigured installation from burning the month in minutes. */
  burst_per_minute: z.number().int().min(1).max(100_000),
});

export type TierLimits = z.infer<typeof tierLimitsSchema>;
export type PlanLimits = z.infer<typeof planLimitsSchema>;

export const DEFAULT_PLAN_LIMITS: PlanLimits = {
  free: { monthly_calls: 300, linked_vehicles: 1, charging_control: false, push: false },
  basic: { monthly_calls: 2500, linked_vehicles: 2, charging_control: true, push: true },
  pro: { monthly_calls: 10_000, linked_vehicles: 5, charging_control: true, push: true },
  burst_per_minute: 60,
};

const SETTING_KEY = 'plan_limits';
/** Limits are read on every counted call; an admin's change reaches other processes within this. */
const CACHE_MS = 10_000;

const cache: { value?: PlanLimits; readAt?: number } = ((globalThis as { __evconduitPlanLimits?: object }).__evconduitPlanLimits ??=
  {}) as { value?: PlanLimits; readAt?: number };

/** Inside a transaction pass its `tx`. */
export async function getPlanLimits(db?: Db | Tx): Promise<PlanLimits> {
  const at = Date.now();
  if (cache.value && cache.readAt !== undefined && at - cache.readAt < CACHE_MS) return cache.value;
  const stored = planLimitsSchema.safeParse(await getSetting(SETTING_KEY, db));
  cache.value = stored.success ? stored.data : DEFAULT_PLAN_LIMITS;
  cache.readAt = at;
  return cache.value;
}

export async function setPlanLimits(actorUserId: string, limits: PlanLimits): Promise<PlanLimits> {
  await setSetting(SETTING_KEY, limits);
  await recordAudit({ actorUserId, action: 'plan_limits.update', subjectType: 'settings', subjectId: SETTING_KEY, details: limits });
  cache.value = limits;
  cache.readAt = Date.now();
  return limits;
}

/** The plan that applies now: a running Pro trial counts as Pro. */
export function effectiveTier(user: Pick<User, 'tier' | 'trialEndsAt'>): Tier {
  if (user.trialEndsAt && user.trialEndsAt > now()) return 'pro';
  return user.tier;
}

const FEATURE_NAMES = { push: 'Real-time push to Home Assistant', charging_control: 'Charging control' } as const;

/** Throws 403 `plan_required` unless the user's plan includes `feature`. */
export async function requirePlanFeature(user: Pick<User, 'tier' | 'trialEndsAt'>, feature: keyof typeof FEATURE_NAMES) {
  const tier = effectiveTier(user);
  if ((await getPlanLimits())[tier][feature]) return;
  throw new AppError(
    403,
    'plan_required',
    `${FEATURE_NAMES[feature]} is not included in the ${tier} plan. Upgrade to Basic or Pro on the Billing page.`,
    { tier, feature },
  );
}

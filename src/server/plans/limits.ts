/**
 * What each plan allows and which plan a user is on. Admin-editable (kept in
 * `settings` under `plan_limits`); the defaults are the old service's numbers.
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, type Db, type Tx } from '@/server/db/client';
import { subscriptions, type Subscription, type User } from '@/server/db/schema';
import { translatedError, type ErrorKey } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { getSetting, setSetting } from '@/server/settings/store';
import { emit } from '@/server/events/domain-events';
import { processState } from '@/server/runtime';

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
  /** Without Stripe (self-hosted) everyone gets at least this plan. */
  tier_without_billing: z.enum(TIERS).default('pro'),
  /** A subscription whose renewal failed keeps its plan this many days. */
  past_due_grace_days: z.number().int().min(0).max(90).default(7),
});

export type TierLimits = z.infer<typeof tierLimitsSchema>;
export type PlanLimits = z.infer<typeof planLimitsSchema>;

export const DEFAULT_PLAN_LIMITS: PlanLimits = {
  free: { monthly_calls: 300, linked_vehicles: 1, charging_control: false, push: false },
  basic: { monthly_calls: 2500, linked_vehicles: 2, charging_control: true, push: true },
  pro: { monthly_calls: 10_000, linked_vehicles: 5, charging_control: true, push: true },
  burst_per_minute: 60,
  tier_without_billing: 'pro',
  past_due_grace_days: 7,
};

const SETTING_KEY = 'plan_limits';
/**
 * Limits are read on every counted call, so they are cached; a change is
 * forgotten at once on every instance (`planLimits.changed`), this expiry
 * only covers a change announcement an instance missed.
 */
const CACHE_MS = 10_000;

interface LimitsCache {
  value?: PlanLimits;
  readAt?: number;
  /** Bumped by every forget: a read under way then is not cached (it may be older than the change). */
  generation: number;
}

const cache = processState<LimitsCache>('planLimits', () => ({ generation: 0 }));

/** Inside a transaction pass its `tx`. */
export async function getPlanLimits(db?: Db | Tx): Promise<PlanLimits> {
  const at = Date.now();
  if (cache.value && cache.readAt !== undefined && at - cache.readAt < CACHE_MS) return cache.value;
  const generation = cache.generation;
  const stored = planLimitsSchema.safeParse(await getSetting(SETTING_KEY, db));
  const value = stored.success ? stored.data : DEFAULT_PLAN_LIMITS;
  if (generation === cache.generation) Object.assign(cache, { value, readAt: at });
  return value;
}

/** Drops the cached limits (the `planLimits.changed` subscriber). */
export function forgetPlanLimits(): void {
  cache.generation += 1;
  cache.value = undefined;
}

export async function setPlanLimits(actorUserId: string, limits: PlanLimits): Promise<PlanLimits> {
  await setSetting(SETTING_KEY, limits);
  emit({ type: 'planLimits.changed' });
  await recordAudit({ actorUserId, action: 'plan_limits.update', subjectType: 'settings', subjectId: SETTING_KEY, details: limits });
  return limits;
}

const TIER_RANK: Record<Tier, number> = { free: 0, basic: 1, pro: 2 };

export type PlanSource = 'admin' | 'without_billing' | 'subscription' | 'trial' | 'free';
export interface Plan {
  tier: Tier;
  source: PlanSource;
  /** When this plan ends unless renewed (trial end, canceled subscription's period end, grace end). */
  until: Date | null;
}
export type PlanSubject = Pick<User, 'id' | 'tier' | 'trialEndsAt'>;
type SubscriptionState = Pick<
  Subscription,
  'status' | 'tier' | 'currentPeriodEnd' | 'cancelAtPeriodEnd' | 'pastDueSince'
>;

const DAY_MS = 86_400_000;

/** What one Stripe subscription gives right now, or null when it gives nothing. */
export function subscriptionPlan(sub: SubscriptionState, graceDays: number, at: Date): Plan | null {
  const ends = sub.currentPeriodEnd;
  if (sub.status === 'active' || sub.status === 'trialing') {
    // Canceled at period end: Stripe keeps it active until then; don't rely on the deletion event arriving on time.
    if (sub.cancelAtPeriodEnd) return ends && ends > at ? { tier: sub.tier, source: 'subscription', until: ends } : null;
    return { tier: sub.tier, source: 'subscription', until: null };
  }
  if (sub.status === 'past_due') {
    const graceEnds = new Date((sub.pastDueSince ?? at).getTime() + graceDays * DAY_MS);
    return graceEnds > at ? { tier: sub.tier, source: 'subscription', until: graceEnds } : null;
  }
  return null;
}

/** Higher tier wins; on a tie, the plan that lasts longer (no end beats any end). */
function betterPlan(a: Plan, b: Plan): boolean {
  if (TIER_RANK[a.tier] !== TIER_RANK[b.tier]) return TIER_RANK[a.tier] > TIER_RANK[b.tier];
  return b.until !== null && (a.until === null || a.until > b.until);
}

/**
 * THE rule for a user's plan, pure: the highest of what an admin granted
 * (`users.tier`), a running Pro trial, and either the installation's plan
 * without billing or, with billing, the user's subscriptions.
 */
export function decidePlan(
  user: Pick<User, 'tier' | 'trialEndsAt'>,
  subs: SubscriptionState[],
  context: { billing: boolean; limits: Pick<PlanLimits, 'tier_without_billing' | 'past_due_grace_days'>; at: Date },
): Plan {
  const candidates: Plan[] = [{ tier: user.tier, source: user.tier === 'free' ? 'free' : 'admin', until: null }];
  if (!context.billing) {
    candidates.push({ tier: context.limits.tier_without_billing, source: 'without_billing', until: null });
  } else {
    for (const sub of subs) {
      const plan = subscriptionPlan(sub, context.limits.past_due_grace_days, context.at);
      if (plan) candidates.push(plan);
    }
  }
  // A trial once granted runs to its end, even if billing has been switched off since.
  if (user.trialEndsAt && user.trialEndsAt > context.at) candidates.push({ tier: 'pro', source: 'trial', until: user.trialEndsAt });
  return candidates.reduce((best, c) => (betterPlan(c, best) ? c : best));
}

export const billingEnabled = (): boolean => Boolean(getConfig().stripe);

/** The plan that applies now (see `decidePlan`). Inside a transaction pass its `tx`. */
export async function resolvePlan(user: PlanSubject, executor?: Db | Tx): Promise<Plan> {
  const billing = billingEnabled();
  const db = executor ?? (await getDb());
  const limits = await getPlanLimits(db);
  const subs = billing
    ? await db.select().from(subscriptions).where(eq(subscriptions.userId, user.id)).orderBy(desc(subscriptions.createdAt))
    : [];
  return decidePlan(user, subs, { billing, limits, at: now() });
}

/** The plans of many users at once (the admin's list): one query for all their subscriptions. */
export async function resolvePlans(users: PlanSubject[]): Promise<Map<string, Plan>> {
  const billing = billingEnabled();
  const db = await getDb();
  const limits = await getPlanLimits(db);
  const subs =
    billing && users.length > 0
      ? await db.select().from(subscriptions).where(inArray(subscriptions.userId, users.map((u) => u.id)))
      : [];
  const at = now();
  return new Map(users.map((user) => [user.id, decidePlan(user, subs.filter((s) => s.userId === user.id), { billing, limits, at })]));
}

export async function effectiveTier(user: PlanSubject, executor?: Db | Tx): Promise<Tier> {
  return (await resolvePlan(user, executor)).tier;
}

const FEATURE_NAMES = { push: 'errors.features.push', charging_control: 'errors.features.chargingControl' } as const satisfies Record<string, ErrorKey>;

/** Throws 403 `plan_required` unless the user's plan includes `feature`. */
export async function requirePlanFeature(user: PlanSubject, feature: keyof typeof FEATURE_NAMES) {
  const tier = await effectiveTier(user);
  if ((await getPlanLimits())[tier][feature]) return;
  throw translatedError(403, 'plan_required', 'errors.usage.planRequired', { feature: { term: FEATURE_NAMES[feature] }, tier }, { extra: { tier, feature } });
}

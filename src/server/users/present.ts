import type { User } from '@/server/db/schema';
import type { Plan, Tier } from '@/server/plans/limits';

/**
 * The account as the API shows it. The Home Assistant integration reads
 * `id, email, name, role, tier, sms_credits`; the rest is for the app.
 */
export function presentUser(user: User, extra: { emailVerified?: boolean; tier?: Tier } = {}) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    /** 'en' | 'sv' | 'de', or null: the browser's language. */
    locale: user.locale ?? null,
    role: user.role,
    /** The plan in effect when the caller passes it (`/api/me`), else the one an admin granted. */
    tier: extra.tier ?? user.tier,
    is_approved: user.isApproved,
    sms_credits: user.smsCredits,
    api_tokens: user.apiTokens,
    trial_ends_at: user.trialEndsAt?.toISOString() ?? null,
    email_verified: extra.emailVerified ?? true,
    created_at: user.createdAt.toISOString(),
  };
}

/**
 * An account in the administrator's list: `tier` is what an administrator
 * granted (what they can change), `plan_*` the plan in effect (resolvePlan),
 * as the user's Billing and Usage pages show it.
 */
export function presentAdminUser(user: User, plan: Plan) {
  return { ...presentUser(user), plan_tier: plan.tier, plan_source: plan.source, plan_until: plan.until?.toISOString() ?? null };
}

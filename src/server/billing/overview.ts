/** What the billing page and `GET /api/billing` show: plan, subscription, trial, notices, invoices. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { billingNotices, subscriptions, type User } from '@/server/db/schema';
import { billingEnabled, resolvePlan } from '@/server/plans/limits';
import { getStripe, stripeFailure } from './stripe';
import { LIVE_STATUSES } from './subscriptions';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function getBillingOverview(user: User) {
  const enabled = billingEnabled();
  const db = await getDb();
  const [plan, subs, notices] = await Promise.all([
    resolvePlan(user),
    db.select().from(subscriptions).where(eq(subscriptions.userId, user.id)).orderBy(desc(subscriptions.updatedAt)),
    db
      .select()
      .from(billingNotices)
      .where(and(eq(billingNotices.userId, user.id), isNull(billingNotices.resolvedAt)))
      .orderBy(desc(billingNotices.createdAt))
      .limit(5),
  ]);
  // The one still running, else the latest that ended.
  const sub = subs.find((s) => LIVE_STATUSES.includes(s.status)) ?? subs[0];
  return {
    billing_enabled: enabled,
    tier: plan.tier,
    /** Why this plan: admin, without_billing, subscription, trial or free. */
    plan_source: plan.source,
    plan_until: iso(plan.until),
    subscription: sub
      ? {
          id: sub.id,
          status: sub.status,
          tier: sub.tier,
          interval: sub.interval,
          current_period_end: iso(sub.currentPeriodEnd),
          cancel_at_period_end: sub.cancelAtPeriodEnd,
        }
      : null,
    trial: { ends_at: iso(user.trialEndsAt), available: enabled && !user.trialUsedAt },
    api_tokens: user.apiTokens,
    sms_credits: user.smsCredits,
    has_customer: Boolean(user.stripeCustomerId),
    notices: notices.map((n) => ({ kind: n.kind, message: n.message, created_at: n.createdAt.toISOString() })),
  };
}

export type BillingOverview = Awaited<ReturnType<typeof getBillingOverview>>;

export async function listInvoices(user: User) {
  if (!user.stripeCustomerId) return [];
  try {
    const { data } = await getStripe().invoices.list({ customer: user.stripeCustomerId, limit: 24 });
    return data.map((inv) => ({
      id: inv.id,
      number: inv.number,
      status: inv.status,
      amount: inv.total,
      currency: inv.currency,
      created: new Date(inv.created * 1000).toISOString(),
      url: inv.hosted_invoice_url ?? null,
      pdf: inv.invoice_pdf ?? null,
    }));
  } catch (error) {
    throw stripeFailure(error);
  }
}

export type Invoice = Awaited<ReturnType<typeof listInvoices>>[number];

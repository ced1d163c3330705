import type { PlanSource } from '@/server/plans/limits';

/** Why a plan is in effect, in words (Billing page, Admin › Users). */
export const PLAN_SOURCE_LABELS: Record<PlanSource, string> = {
  subscription: 'subscription',
  trial: 'trial',
  admin: 'granted by an administrator',
  without_billing: 'this installation’s plan',
  free: 'free plan',
};

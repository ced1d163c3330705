/** `decidePlan`: the one rule for which plan a user is on, with and without billing. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_LIMITS, decidePlan } from '@/server/plans/limits';

const at = new Date('2026-06-15T12:00:00Z');
const days = (n: number) => new Date(at.getTime() + n * 86_400_000);
const limits = { ...DEFAULT_PLAN_LIMITS, past_due_grace_days: 7 };
const billing = { billing: true, limits, at };
const freeUser = { tier: 'free' as const, trialEndsAt: null };
const sub = (changes: Partial<Parameters<typeof decidePlan>[1][number]> = {}) => ({
  status: 'active',
  tier: 'basic' as const,
  currentPeriodEnd: days(20),
  cancelAtPeriodEnd: false,
  pastDueSince: null,
  ...changes,
});

describe('decidePlan', () => {
  it('without billing gives everyone the installation plan, or what an admin granted when higher', () => {
    const off = { billing: false, limits, at };
    expect(decidePlan(freeUser, [], off)).toEqual({ tier: 'pro', source: 'without_billing', until: null });
    const basicForAll = { ...off, limits: { ...limits, tier_without_billing: 'basic' as const } };
    expect(decidePlan(freeUser, [], basicForAll).tier).toBe('basic');
    expect(decidePlan({ tier: 'pro', trialEndsAt: null }, [], basicForAll)).toMatchObject({ tier: 'pro', source: 'admin' });
    // Subscriptions do not count while billing is off.
    const freeForAll = { ...off, limits: { ...limits, tier_without_billing: 'free' as const } };
    expect(decidePlan(freeUser, [sub({ tier: 'pro' })], freeForAll).tier).toBe('free');
  });

  it('with billing: free by default; active and trialing subscriptions give their tier', () => {
    expect(decidePlan(freeUser, [], billing)).toEqual({ tier: 'free', source: 'free', until: null });
    expect(decidePlan(freeUser, [sub()], billing)).toEqual({ tier: 'basic', source: 'subscription', until: null });
    expect(decidePlan(freeUser, [sub({ status: 'trialing', tier: 'pro' })], billing).tier).toBe('pro');
    for (const status of ['canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'paused']) {
      expect(decidePlan(freeUser, [sub({ status })], billing).tier, status).toBe('free');
    }
  });

  it('keeps a past-due subscription for the grace period from when it became past due', () => {
    const pastDue = (since: Date) => decidePlan(freeUser, [sub({ status: 'past_due', pastDueSince: since })], billing);
    expect(pastDue(days(-6))).toEqual({ tier: 'basic', source: 'subscription', until: days(1) });
    expect(pastDue(days(-7)).tier).toBe('free');
    expect(decidePlan(freeUser, [sub({ status: 'past_due' })], { ...billing, limits: { ...limits, past_due_grace_days: 0 } }).tier).toBe('free');
  });

  it('keeps a subscription canceled at period end until that end, even if the deletion never arrives', () => {
    expect(decidePlan(freeUser, [sub({ cancelAtPeriodEnd: true })], billing)).toEqual({
      tier: 'basic',
      source: 'subscription',
      until: days(20),
    });
    expect(decidePlan(freeUser, [sub({ cancelAtPeriodEnd: true, currentPeriodEnd: days(-1) })], billing).tier).toBe('free');
  });

  it('counts a running Pro trial, then falls back', () => {
    expect(decidePlan({ tier: 'free', trialEndsAt: days(3) }, [sub()], billing)).toEqual({ tier: 'pro', source: 'trial', until: days(3) });
    expect(decidePlan({ tier: 'free', trialEndsAt: days(-1) }, [sub()], billing).tier).toBe('basic');
  });

  it('takes the best of several subscriptions and an admin grant; on a tie the one lasting longer', () => {
    const subs = [sub({ status: 'canceled', tier: 'pro' }), sub({ tier: 'basic', cancelAtPeriodEnd: true }), sub({ tier: 'basic' })];
    expect(decidePlan(freeUser, subs, billing)).toEqual({ tier: 'basic', source: 'subscription', until: null });
    expect(decidePlan({ tier: 'free', trialEndsAt: days(3) }, [sub({ tier: 'pro', cancelAtPeriodEnd: true })], billing)).toMatchObject({
      source: 'subscription',
      until: days(20),
    });
    expect(decidePlan({ tier: 'pro', trialEndsAt: days(5) }, subs, billing)).toEqual({ tier: 'pro', source: 'admin', until: null });
  });
});

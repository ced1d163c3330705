/**
 * Billing against the real server and a fake Stripe: checkout → webhook →
 * plan, token packs credited once, redelivered, out-of-order and tampered
 * events, one customer under concurrent clicks, and billing off without Stripe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { api, createApiKey, expectError, signUp, type Account } from '../helpers/api';
import { startServer, type TestServer } from '../helpers/server';

type Obj = Record<string, any>;

describe('billing with Stripe', () => {
  let stripe: FakeStripe;
  let server: TestServer;
  let admin: Account;

  beforeAll(async () => {
    stripe = await startFakeStripe();
    server = await startServer({ env: stripe.env });
    admin = await signUp(server);
  });
  afterAll(async () => {
    await server?.stop();
    await stripe?.close();
  });

  const deliver = (event: Obj, options: { secret?: string; tamper?: (payload: string) => string; signedAt?: number } = {}) => {
    const payload = JSON.stringify(event);
    const signature = stripe.sign(payload, options.secret, options.signedAt);
    const body = options.tamper ? options.tamper(payload) : payload;
    return api(server, '/api/webhooks/stripe', { method: 'POST', body, origin: null, headers: { 'stripe-signature': signature } });
  };
  const billing = async (account: Account) => (await api(server, '/api/billing', { cookie: account.cookie })).body;
  const usage = async (account: Account) => (await api(server, '/api/me/api-usage', { cookie: account.cookie })).body;
  const checkout = async (account: Account, body: Obj) => {
    const response = await api(server, '/api/billing/checkout', { method: 'POST', cookie: account.cookie, body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const id = String(response.body.url).split('/pay/')[1];
    expect(response.body.url).toBe(`${stripe.url}/pay/${id}`);
    return id;
  };
  /** The customer pays in Stripe and Stripe sends checkout.session.completed. */
  const pay = async (account: Account, body: Obj) => {
    const session = stripe.completeCheckout(await checkout(account, body));
    const event = stripe.event('checkout.session.completed', session);
    const response = await deliver(event);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { session, event };
  };

  it('shows admins the price mapping by lookup key, checked against Stripe', async () => {
    expectError(await api(server, '/api/admin/billing/prices', { cookie: (await signUp(server)).cookie }), 403, 'admin_required');
    const response = await api(server, '/api/admin/billing/prices', { cookie: admin.cookie });
    expect(response.status).toBe(200);
    expect(response.body.all_ok).toBe(true);
    expect(response.body.products.map((p: Obj) => p.lookup_key)).toEqual([
      'basic_monthly',
      'basic_yearly',
      'pro_monthly',
      'pro_yearly',
      'tokens_1000',
      'tokens_5000',
      'tokens_10000',
    ]);
    expect(response.body.products[2]).toMatchObject({ kind: 'plan', tier: 'pro', interval: 'month', ok: true, price: { interval: 'month' } });
  });

  it('checkout → webhook → the plan changes and the allowance rises; invoices and the portal follow', async () => {
    const user = await signUp(server);
    expect(await usage(user)).toMatchObject({ tier: 'free', max_calls: 300 });
    expect(await billing(user)).toMatchObject({ billing_enabled: true, tier: 'free', subscription: null, trial: { available: true } });

    const { session } = await pay(user, { plan: 'pro', interval: 'month' });
    expect(session.mode).toBe('subscription');
    expect(await usage(user)).toMatchObject({ tier: 'pro', max_calls: 10_000 });
    const after = await billing(user);
    expect(after).toMatchObject({ tier: 'pro', plan_source: 'subscription', subscription: { status: 'active', tier: 'pro', interval: 'month' } });
    expect(new Date(after.subscription.current_period_end).getTime()).toBeGreaterThan(Date.now() + 25 * 86_400_000);

    const invoices = await api(server, '/api/billing/invoices', { cookie: user.cookie });
    expect(invoices.body.invoices).toHaveLength(1);
    expect(invoices.body.invoices[0]).toMatchObject({ status: 'paid', amount: 699, url: expect.stringContaining(stripe.url) });
    const portal = await api(server, '/api/billing/portal', { method: 'POST', cookie: user.cookie });
    expect(portal.body.url).toMatch(new RegExp(`^${stripe.url}/portal/`));

    // A second subscription is refused: plan changes go through the portal.
    const again = await api(server, '/api/billing/checkout', { method: 'POST', cookie: user.cookie, body: { plan: 'basic', interval: 'year' } });
    expectError(again, 409, 'subscription_exists');
    const page = await api(server, '/billing', { cookie: user.cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Change plan or cancel');
  });

  it('creates one Stripe customer however many upgrade clicks arrive at once', async () => {
    const user = await signUp(server);
    const clicks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api(server, '/api/billing/checkout', {
          method: 'POST',
          cookie: user.cookie,
          body: i % 2 ? { plan: 'basic', interval: 'month' } : { token_pack: 1000 },
        }),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const customers = [...stripe.customers.values()].filter((c) => c.metadata.user_id === user.user.id);
    expect(customers).toHaveLength(1);
    const sessionCustomers = new Set(clicks.map((c) => stripe.sessions.get(String(c.body.url).split('/pay/')[1])!.customer));
    expect([...sessionCustomers]).toEqual([customers[0].id]);
  });

  it('credits a token pack once, however often (and however concurrently) the event is delivered', async () => {
    const user = await signUp(server);
    const { event } = await pay(user, { token_pack: 5000 });
    const redelivered = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(redelivered.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(redelivered.every((r) => r.body.duplicate === true)).toBe(true);
    expect((await usage(user)).api_tokens).toBe(5000);
    expect((await billing(user)).tier).toBe('free');

    const events = await api(server, '/api/admin/billing/events', { cookie: admin.cookie });
    const recorded = events.body.events.filter((e: Obj) => e.id === event.id);
    expect(recorded).toEqual([
      expect.objectContaining({ type: 'checkout.session.completed', status: 'processed', outcome: expect.stringMatching(/credited 5000 API tokens/) }),
    ]);
    expectError(await api(server, '/api/admin/billing/events', { cookie: user.cookie }), 403, 'admin_required');
    const page = await api(server, '/admin/billing', { cookie: admin.cookie });
    expect(page.body).toContain('credited 5000 API tokens');
  });

  it('refuses tampered, foreign-signed and unsigned events and changes nothing', async () => {
    const user = await signUp(server);
    const session = stripe.completeCheckout(await checkout(user, { token_pack: 1000 }));
    const event = stripe.event('checkout.session.completed', session);
    const tampered = await deliver(event, { tamper: (p) => p.replace('tokens_1000', 'tokens_10000') });
    expectError(tampered, 400, 'invalid_signature');
    expectError(await deliver(event, { secret: 'whsec_someone_else' }), 400, 'invalid_signature');
    const unsigned = await api(server, '/api/webhooks/stripe', { method: 'POST', body: JSON.stringify(event), origin: null });
    expectError(unsigned, 400, 'invalid_signature');

    // Correctly signed, but outside Stripe's 300 s tolerance either way: kept for a later replay, or an old one.
    const nowS = Math.floor(Date.now() / 1000);
    expectError(await deliver(event, { signedAt: nowS + 3600 }), 400, 'invalid_signature');
    expectError(await deliver(event, { signedAt: nowS - 3600 }), 400, 'invalid_signature');

    expect((await usage(user)).api_tokens).toBe(0);
    const events = await api(server, '/api/admin/billing/events', { cookie: admin.cookie });
    expect(events.body.events.some((e: Obj) => e.id === event.id)).toBe(false);
    // The genuine event still works afterwards.
    expect((await deliver(event)).status).toBe(200);
    expect((await usage(user)).api_tokens).toBe(1000);
  });

  it('takes subscription state from Stripe, so events out of order (updated before created) end in the current state', async () => {
    const user = await signUp(server);
    const session = stripe.completeCheckout(await checkout(user, { plan: 'basic', interval: 'year' }));
    const created = stripe.event('customer.subscription.created', stripe.subscriptions.get(session.subscription)!);
    const sub = stripe.updateSubscription(session.subscription, { cancel_at_period_end: true });
    const updated = stripe.event('customer.subscription.updated', sub);

    expect((await deliver(updated)).status).toBe(200);
    expect((await deliver(created)).status).toBe(200); // late, with the stale snapshot
    const state = await billing(user);
    expect(state).toMatchObject({ tier: 'basic', subscription: { cancel_at_period_end: true, interval: 'year' } });
    expect(state.plan_until).toBe(state.subscription.current_period_end);

    stripe.updateSubscription(sub.id, { status: 'canceled' });
    expect((await deliver(stripe.event('customer.subscription.deleted', sub))).status).toBe(200);
    expect(await billing(user)).toMatchObject({ tier: 'free', subscription: { status: 'canceled' } });
    expect((await usage(user)).max_calls).toBe(300);
  });

  it('tells the user about a failed renewal, keeps the plan for the grace period, and clears the notice once paid', async () => {
    const user = await signUp(server);
    const { session } = await pay(user, { plan: 'basic', interval: 'month' });
    const sub = stripe.updateSubscription(session.subscription, { status: 'past_due' });
    const invoice = stripe.invoices.at(-1)!;
    expect((await deliver(stripe.event('invoice.payment_failed', invoice))).status).toBe(200);

    const failing = await billing(user);
    expect(failing).toMatchObject({ tier: 'basic', subscription: { status: 'past_due' } });
    expect(failing.notices).toEqual([expect.objectContaining({ kind: 'payment_failed', message: expect.stringMatching(/2\.99 EUR failed/) })]);
    const graceDays = (new Date(failing.plan_until).getTime() - Date.now()) / 86_400_000;
    expect(graceDays).toBeGreaterThan(6.9);
    expect(graceDays).toBeLessThanOrEqual(7);
    expect((await api(server, '/billing', { cookie: user.cookie })).body).toContain('Payment failed');

    stripe.updateSubscription(sub.id, { status: 'active' });
    expect((await deliver(stripe.event('invoice.paid', { ...invoice, status: 'paid' }))).status).toBe(200);
    expect(await billing(user)).toMatchObject({ tier: 'basic', plan_until: null, notices: [], subscription: { status: 'active' } });
  });

  it("warns of a Stripe trial's end until the subscription is no longer trialing", async () => {
    const user = await signUp(server);
    const { session } = await pay(user, { plan: 'pro', interval: 'month' });
    const trialEnd = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const sub = stripe.updateSubscription(session.subscription, { status: 'trialing', trial_end: trialEnd });
    expect((await deliver(stripe.event('customer.subscription.trial_will_end', sub))).status).toBe(200);
    const trialing = await billing(user);
    expect(trialing).toMatchObject({ tier: 'pro', subscription: { status: 'trialing' } });
    expect(trialing.notices).toEqual([
      expect.objectContaining({ kind: 'trial_will_end', message: `Your trial ends on ${new Date(trialEnd * 1000).toISOString().slice(0, 10)}.` }),
    ]);

    stripe.updateSubscription(sub.id, { status: 'active', trial_end: null });
    expect((await deliver(stripe.event('customer.subscription.updated', sub))).status).toBe(200);
    expect(await billing(user)).toMatchObject({ tier: 'pro', notices: [], subscription: { status: 'active' } });
  });

  it('records an event that failed (Stripe down) and applies it when Stripe delivers it again', async () => {
    const user = await signUp(server);
    const { session } = await pay(user, { plan: 'basic', interval: 'month' });
    const sub = stripe.updateSubscription(session.subscription, { status: 'canceled' });
    const event = stripe.event('customer.subscription.deleted', sub);
    stripe.failRequests(3); // the first try and both SDK retries
    expect((await deliver(event)).status).toBe(500);
    expect((await billing(user)).tier).toBe('basic');
    const events = await api(server, '/api/admin/billing/events', { cookie: admin.cookie });
    expect(events.body.events.find((e: Obj) => e.id === event.id)).toMatchObject({ status: 'failed', outcome: expect.stringMatching(/^failed: /) });

    const again = await deliver(event);
    expect(again.body).toMatchObject({ duplicate: false, status: 'processed' });
    expect(await billing(user)).toMatchObject({ tier: 'free', subscription: { status: 'canceled' } });
    expect((await deliver(event)).body.duplicate).toBe(true);
  });

  it('shows the new plan on the success page even before the webhook arrives', async () => {
    const user = await signUp(server);
    const session = stripe.completeCheckout(await checkout(user, { plan: 'pro', interval: 'year' }));
    const page = await api(server, `/billing/success?session_id=${session.id}`, { cookie: user.cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Payment complete');
    expect(await billing(user)).toMatchObject({ tier: 'pro', subscription: { interval: 'year' } });
    // Someone else's session id shows nothing of it and changes nothing.
    const other = await signUp(server);
    expect((await api(server, `/billing/success?session_id=${session.id}`, { cookie: other.cookie })).status).toBe(200);
    expect((await billing(other)).tier).toBe('free');
  });

  it('gives a 30-day Pro trial once, with its end date', async () => {
    const user = await signUp(server);
    const key = await createApiKey(server, user.cookie, 'Home Assistant');
    const started = await api(server, '/api/billing/trial', { method: 'POST', cookie: user.cookie });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ tier: 'pro', plan_source: 'trial', trial: { available: false } });
    const days = (new Date(started.body.trial.ends_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect((await api(server, '/api/me/api-usage', { key: key.key })).body).toMatchObject({ tier: 'pro', max_calls: 10_000 });
    expectError(await api(server, '/api/billing/trial', { method: 'POST', cookie: user.cookie }), 409, 'trial_used');
  });

  it('rejects unknown plans and packs', async () => {
    const user = await signUp(server);
    for (const body of [{ plan: 'free', interval: 'month' }, { plan: 'pro', interval: 'week' }, { token_pack: 42 }, {}]) {
      expectError(await api(server, '/api/billing/checkout', { method: 'POST', cookie: user.cookie, body }), 422, 'validation_failed');
    }
  });
});

describe('billing without Stripe', () => {
  let server: TestServer;
  let admin: Account;

  beforeAll(async () => {
    server = await startServer();
    admin = await signUp(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is off: everyone gets the installation plan (pro by default, or what the admin chooses)', async () => {
    const user = await signUp(server);
    expect(await (await api(server, '/api/billing', { cookie: user.cookie })).body).toMatchObject({
      billing_enabled: false,
      tier: 'pro',
      plan_source: 'without_billing',
      trial: { available: false },
    });
    expect((await api(server, '/api/me/api-usage', { cookie: user.cookie })).body).toMatchObject({ tier: 'pro', max_calls: 10_000 });
    expect((await api(server, '/api/me', { cookie: user.cookie })).body.tier).toBe('pro');
    expect((await api(server, '/billing', { cookie: user.cookie })).body).toContain('Billing is off on this installation');

    expectError(await api(server, '/api/billing/checkout', { method: 'POST', cookie: user.cookie, body: { token_pack: 1000 } }), 404, 'billing_disabled');
    expectError(await api(server, '/api/billing/trial', { method: 'POST', cookie: user.cookie }), 404, 'billing_disabled');
    expectError(await api(server, '/api/webhooks/stripe', { method: 'POST', body: '{}', origin: null }), 404, 'billing_disabled');

    const plans = await api(server, '/api/admin/plans', { cookie: admin.cookie });
    expect(plans.body).toMatchObject({ tier_without_billing: 'pro', past_due_grace_days: 7 });
    await api(server, '/api/admin/plans', { method: 'PUT', cookie: admin.cookie, body: { ...plans.body, tier_without_billing: 'basic' } });
    expect((await api(server, '/api/me/api-usage', { cookie: user.cookie })).body).toMatchObject({ tier: 'basic', max_calls: 2500 });
  });
});

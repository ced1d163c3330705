import { route } from '@/server/http/route';
import { receiveStripeWebhook } from '@/server/billing/webhooks';
import { countWebhook } from '@/server/observability/metrics';

// The signature covers the exact bytes, so the body is read raw, never parsed first.
export const POST = route({ access: 'public', webhook: true, rawBody: true }, async ({ req, rawBody }) =>
  countWebhook('stripe', () => receiveStripeWebhook(rawBody.toString('utf8'), req.headers.get('stripe-signature'))),
);

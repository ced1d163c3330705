/** For administrators: the catalog's lookup keys and whether Stripe has a fitting active price for each. */
import { smsAvailable } from '@/server/notifications/channels/sms';
import { PRODUCTS as CATALOG } from './catalog';
import { getStripe, stripeFailure } from './stripe';

export async function checkPriceMapping() {
  const stripe = getStripe();
  // SMS packs are sold only where SMS is set up.
  const PRODUCTS = CATALOG.filter((p) => p.kind !== 'sms' || smsAvailable());
  const prices = await stripe.prices
    .list({ lookup_keys: PRODUCTS.map((p) => p.lookupKey), active: true, limit: 100 })
    .catch((error: unknown) => {
      throw stripeFailure(error);
    });
  const products = PRODUCTS.map((product) => {
    const price = prices.data.find((p) => p.lookup_key === product.lookupKey);
    let problem: string | null = null;
    if (!price) problem = 'no active price with this lookup key';
    else if (product.kind === 'plan' && price.recurring?.interval !== product.interval) {
      problem = `must be a recurring price billed every ${product.interval}`;
    } else if (product.kind !== 'plan' && price.type !== 'one_time') problem = 'must be a one-time price';
    const { lookupKey, ...kind } = product;
    return {
      ...kind,
      lookup_key: lookupKey,
      price: price
        ? { id: price.id, unit_amount: price.unit_amount, currency: price.currency, type: price.type, interval: price.recurring?.interval ?? null }
        : null,
      ok: problem === null,
      problem,
    };
  });
  return { all_ok: products.every((p) => p.ok), products };
}

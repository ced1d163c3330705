/**
 * What can be bought, named by Stripe price lookup keys (no price ids here):
 * set the same lookup keys on the prices in the Stripe dashboard.
 */
export const PAID_TIERS = ['basic', 'pro'] as const;
export const INTERVALS = ['month', 'year'] as const;
export const TOKEN_PACKS = [1000, 5000, 10_000] as const;
/** SMS credits, one spent per notification SMS. */
export const SMS_PACKS = [50, 200, 1000] as const;

export type PaidTier = (typeof PAID_TIERS)[number];
export type Interval = (typeof INTERVALS)[number];
export type TokenPack = (typeof TOKEN_PACKS)[number];
export type SmsPack = (typeof SMS_PACKS)[number];

export type Product =
  | { kind: 'plan'; tier: PaidTier; interval: Interval; lookupKey: string }
  | { kind: 'tokens'; tokens: TokenPack; lookupKey: string }
  | { kind: 'sms'; credits: SmsPack; lookupKey: string };

const INTERVAL_WORD: Record<Interval, string> = { month: 'monthly', year: 'yearly' };

export const planLookupKey = (tier: PaidTier, interval: Interval) => `${tier}_${INTERVAL_WORD[interval]}`;
export const tokenPackLookupKey = (tokens: TokenPack) => `tokens_${tokens}`;
export const smsPackLookupKey = (credits: SmsPack) => `sms_${credits}`;

export const PRODUCTS: Product[] = [
  ...PAID_TIERS.flatMap((tier) =>
    INTERVALS.map((interval): Product => ({ kind: 'plan', tier, interval, lookupKey: planLookupKey(tier, interval) })),
  ),
  ...TOKEN_PACKS.map((tokens): Product => ({ kind: 'tokens', tokens, lookupKey: tokenPackLookupKey(tokens) })),
  ...SMS_PACKS.map((credits): Product => ({ kind: 'sms', credits, lookupKey: smsPackLookupKey(credits) })),
];

export const productByLookupKey = (key: string | null | undefined): Product | undefined =>
  PRODUCTS.find((p) => p.lookupKey === key);

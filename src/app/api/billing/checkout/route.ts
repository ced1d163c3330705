import { z } from 'zod';
import { route } from '@/server/http/route';
import { INTERVALS, PAID_TIERS, SMS_PACKS, TOKEN_PACKS } from '@/server/billing/catalog';
import { startCheckout } from '@/server/billing/checkout';

const body = z.union([
  z.strictObject({ plan: z.enum(PAID_TIERS), interval: z.enum(INTERVALS) }),
  z.strictObject({ token_pack: z.literal(TOKEN_PACKS) }),
  z.strictObject({ sms_pack: z.literal(SMS_PACKS) }),
]);

/** `{plan, interval}`, `{token_pack}` or `{sms_pack}` → `{url}` of a Stripe Checkout page. */
export const POST = route({ access: 'user', body }, ({ user, body }) => startCheckout(user, body));

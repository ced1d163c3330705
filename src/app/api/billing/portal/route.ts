import { route } from '@/server/http/route';
import { openPortal } from '@/server/billing/checkout';

/** `{url}` of the Stripe customer portal (change plan, cancel, payment methods). */
export const POST = route({ access: 'user' }, ({ user }) => openPortal(user));

import { route } from '@/server/http/route';
import { listStripeEvents } from '@/server/billing/webhooks';

export const GET = route({ access: 'admin' }, async () => ({ events: await listStripeEvents() }));

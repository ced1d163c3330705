import { route } from '@/server/http/route';
import { getBillingOverview } from '@/server/billing/overview';
import { startTrial } from '@/server/billing/trial';

export const POST = route({ access: 'user' }, async ({ user }) => getBillingOverview(await startTrial(user)));

import { route } from '@/server/http/route';
import { getBillingOverview } from '@/server/billing/overview';

export const GET = route({ access: 'user' }, ({ user }) => getBillingOverview(user));

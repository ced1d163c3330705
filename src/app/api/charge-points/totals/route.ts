import { energyTotals, energyTotalsQuery } from '@/server/chargers/energy-totals';
import { route } from '@/server/http/route';

/** Energy and cost today and this month over all the user's charge points, and the power now: `?day_start=&month_start=` (the reader's local midnights). */
export const GET = route({ access: 'user', query: energyTotalsQuery }, async ({ user, query }) => energyTotals(user.id, query));
